package io.dsec2.exception;

/**
 * A secret reference could not be resolved: a missing environment variable, an unreadable file, a denied or
 * absent Secrets Manager secret. The message names the reference (for example
 * {@code Secret[env:DS_DB_PASSWORD]}) and never the value.
 *
 * <pre>{@code
 * try {
 *     String pw = resolver.resolve(Secret.fromEnv("DS_DB_PASSWORD"));
 * } catch (SecretResolutionException e) {
 *     // e.getMessage(): "cannot resolve Secret[env:DS_DB_PASSWORD]: environment variable is not set"
 * }
 * }</pre>
 */
public class SecretResolutionException extends DsEc2Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what could not be resolved and why; must not contain the value
     * @param cause the underlying failure, or null
     * @param retryable whether trying again may help (throttling, timeouts)
     */
    public SecretResolutionException(String message, Throwable cause, boolean retryable) {
        super(message, cause, retryable);
    }
}
