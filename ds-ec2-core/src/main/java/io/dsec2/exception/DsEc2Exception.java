package io.dsec2.exception;

/**
 * Root of every operational failure that ds-ec2 reports: a cloud call, a remote command, a wait or a
 * rendering step that did not succeed. Programming errors (bad arguments, an invalid spec) are reported
 * with JDK exceptions instead ({@link NullPointerException}, {@link IllegalArgumentException},
 * {@link IllegalStateException}).
 *
 * <p>Messages never contain secrets: passwords, keys and tokens are masked before an exception is built.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public class DsEc2Exception extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean retryable;

    public DsEc2Exception(String message) {
        this(message, null, false);
    }

    public DsEc2Exception(String message, Throwable cause) {
        this(message, cause, false);
    }

    public DsEc2Exception(String message, Throwable cause, boolean retryable) {
        super(message, cause);
        this.retryable = retryable;
    }

    /**
     * Whether repeating the same call may succeed: true for throttling, timeouts, connection resets and
     * 5xx answers; false for permanent errors such as a missing resource or a refused credential.
     *
     * @return true if a retry may succeed
     */
    public boolean retryable() {
        return retryable;
    }
}
