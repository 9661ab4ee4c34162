package io.dsec2.ssh.internal;

/**
 * A pooled connection turned out dead before anything was sent on it; the caller may reconnect and repeat
 * once, because no command ran. Never leaves the ssh module.
 */
public final class StaleConnectionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StaleConnectionException(Throwable cause) {
        super("pooled SSH connection is dead", cause);
    }
}
