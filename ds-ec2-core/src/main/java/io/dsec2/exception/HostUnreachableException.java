package io.dsec2.exception;

import java.time.Duration;

/**
 * No SSH login to a host succeeded before a deadline. The cause is the last attempt's failure (refused
 * connection, timeout, rejected key...). Retryable: the host may come up later.
 *
 * <pre>{@code
 * catch (HostUnreachableException e) { log.warn("{} not up after {} ({} attempts)", e.host(), e.waited(), e.attempts()); }
 * }</pre>
 */
public class HostUnreachableException extends RemoteExecutionException {
    private static final long serialVersionUID = 1L;
    private final Duration waited;
    private final int attempts;

    /**
     * @param host the host, as {@code RemoteHost.toString()}
     * @param waited how long was waited
     * @param attempts how many connection attempts were made
     * @param lastFailure short description of the last failure, without secrets
     * @param cause the last failure, or null
     */
    public HostUnreachableException(String host, Duration waited, int attempts, String lastFailure, Throwable cause) {
        super("SSH not reachable after waiting " + waited + " (" + attempts + " attempts; last failure: " + lastFailure
                + ")", host, null, null, null, cause, true);
        this.waited = waited;
        this.attempts = attempts;
    }

    /** @return how long was waited before giving up */
    public Duration waited() {
        return waited;
    }

    /** @return how many connection attempts were made */
    public int attempts() {
        return attempts;
    }
}
