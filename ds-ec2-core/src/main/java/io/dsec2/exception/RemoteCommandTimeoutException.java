package io.dsec2.exception;

import java.time.Duration;

/**
 * A remote command ran longer than its timeout. By the time this is thrown the remote process group has been
 * sent TERM (and KILL after a grace period), so nothing keeps running on the host. Retryable.
 *
 * <pre>{@code
 * catch (RemoteCommandTimeoutException e) { log.warn("gave up after {}", e.timeout()); }
 * }</pre>
 */
public class RemoteCommandTimeoutException extends RemoteExecutionException {
    private static final long serialVersionUID = 1L;
    private final Duration timeout;

    /**
     * @param host the host, as {@code RemoteHost.toString()}
     * @param redactedCommand the command with secrets masked
     * @param timeout the limit that expired
     * @param stderr masked stderr captured so far, or null
     * @param cause the underlying failure, or null
     */
    public RemoteCommandTimeoutException(String host, String redactedCommand, Duration timeout, String stderr,
            Throwable cause) {
        super("command timed out after " + timeout + " and was terminated", host, redactedCommand, null, stderr,
                cause, true);
        this.timeout = timeout;
    }

    /** @return the limit that expired */
    public Duration timeout() {
        return timeout;
    }
}
