package io.dsec2.exception;

import java.util.Optional;

/**
 * A cloud-side operation failed: an AWS API call answered with an error, or a resource did not reach the
 * expected state. Carries the AWS error code (for example {@code RequestLimitExceeded},
 * {@code InvalidKeyPair.NotFound}) and request id when AWS returned them; the SDK exception is the cause.
 *
 * <pre>{@code
 * try {
 *     provisioner.launch(request);
 * } catch (ProvisioningException e) {
 *     if (e.retryable()) { ... }   // throttling, 5xx, connection problems
 *     log.warn("AWS said {} (request {})", e.errorCode().orElse("-"), e.requestId().orElse("-"));
 * }
 * }</pre>
 *
 * <p>Immutable and safe to share between threads. Messages never contain secrets.
 */
public class ProvisioningException extends DsEc2Exception {
    private static final long serialVersionUID = 1L;
    private final String errorCode;
    private final String requestId;

    /**
     * @param message what was being done, for example {@code RunInstances for node master-1 of cluster prod}
     * @param errorCode the AWS error code, or null if none was returned
     * @param requestId the AWS request id, or null if none was returned
     * @param cause the underlying (SDK) exception, or null
     * @param retryable whether repeating the call may succeed (throttling, 5xx, I/O)
     */
    public ProvisioningException(String message, String errorCode, String requestId, Throwable cause,
            boolean retryable) {
        super(message, cause, retryable);
        this.errorCode = errorCode;
        this.requestId = requestId;
    }

    /**
     * A failure without an AWS error code, for example a wait that ended in an unexpected state.
     *
     * @param message what went wrong
     */
    public ProvisioningException(String message) {
        this(message, null, null, null, false);
    }

    /** @return the AWS error code, for example {@code InvalidParameterValue}, if AWS returned one */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /** @return the AWS request id, if AWS returned one */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }
}
