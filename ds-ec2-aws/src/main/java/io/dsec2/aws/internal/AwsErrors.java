package io.dsec2.aws.internal;

import io.dsec2.exception.ProvisioningException;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Translates SDK exceptions into {@link ProvisioningException}s at the module boundary. Stateless. */
public final class AwsErrors {
    private AwsErrors() {
    }

    /**
     * Runs an SDK call and translates its failure.
     *
     * @param what what is being done, for the message (no secrets)
     * @param call the call
     * @param <T> the result type
     * @return the call's result
     * @throws ProvisioningException on any SDK failure
     */
    public static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw translate(what, e);
        }
    }

    /**
     * @param what what was being done
     * @param e the SDK exception
     * @return the translated exception
     */
    public static ProvisioningException translate(String what, SdkException e) {
        if (e instanceof AwsServiceException) {
            AwsServiceException s = (AwsServiceException) e;
            String code = errorCode(s);
            String msg = s.awsErrorDetails() == null || s.awsErrorDetails().errorMessage() == null ? s.getMessage()
                    : s.awsErrorDetails().errorMessage();
            String head = code == null ? "HTTP " + s.statusCode() : code;
            return new ProvisioningException(what + " failed: " + head + ": " + msg, code, s.requestId(), e,
                    s.retryable() || s.isThrottlingException());
        }
        return new ProvisioningException(what + " failed: " + e.getMessage(), null, null, e, e.retryable());
    }

    /**
     * @param e an SDK exception
     * @return the AWS error code, or null if it carries none
     */
    public static String errorCode(SdkException e) {
        if (e instanceof AwsServiceException && ((AwsServiceException) e).awsErrorDetails() != null) {
            return ((AwsServiceException) e).awsErrorDetails().errorCode();
        }
        return null;
    }

    /**
     * @param e an SDK exception
     * @param codes error codes
     * @return true if the exception carries one of the codes
     */
    public static boolean hasCode(SdkException e, String... codes) {
        String c = errorCode(e);
        if (c == null) {
            return false;
        }
        for (String code : codes) {
            if (code.equals(c)) {
                return true;
            }
        }
        return false;
    }
}
