package io.dsec2.internal.engine;

import io.dsec2.exception.DsEc2Exception;
import java.util.regex.Pattern;

/**
 * Masks secrets in free text before it is printed (plans) or reported (events, outcomes). Stateless.
 *
 * <p>Masks {@code password=...}-style assignments (password, passwd, secret, token, api key, access key,
 * secret key, credential), the password in {@code scheme://user:password@host} URLs, and PEM private key
 * blocks. Error summaries use only the message of a {@link DsEc2Exception} (whose messages never hold
 * secrets) and only the type name of other exceptions, whose messages might.
 */
public final class Redaction {
    private static final String MASK = "****";
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?i)\\b([A-Za-z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key|access[_-]?key|credentials?)"
                    + "[A-Za-z0-9_.-]*)(\\s*[=:]\\s*)(\"[^\"]*\"|'[^']*'|[^\\s,;&]+)");
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/\\s:@]+:)[^@\\s/]+@");
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN [A-Z ]*PRIVATE KEY-----.*?-----END [A-Z ]*PRIVATE KEY-----", Pattern.DOTALL);

    private Redaction() {
    }

    /**
     * @param text free text that might hold secrets
     * @return the text with secrets replaced by {@code ****}
     */
    public static String mask(String text) {
        String s = PEM.matcher(text).replaceAll("-----PRIVATE KEY " + MASK + "-----");
        s = URL_PASSWORD.matcher(s).replaceAll("$1" + MASK + "@");
        return ASSIGNMENT.matcher(s).replaceAll("$1$2" + MASK);
    }

    /**
     * @param error a failure
     * @return a one-line summary safe to log and publish
     */
    public static String summary(Throwable error) {
        if (error instanceof DsEc2Exception) {
            String message = error.getMessage() == null ? "" : error.getMessage();
            int nl = message.indexOf('\n');
            String first = nl < 0 ? message : message.substring(0, nl) + " ...";
            return mask(error.getClass().getSimpleName() + ": " + first);
        }
        return error.getClass().getName() + " (message withheld: it may hold secrets)";
    }

    /**
     * @param taskId the task that failed
     * @param error its failure
     * @return the failure itself if it is a {@link DsEc2Exception}, else one that names only the type
     */
    public static DsEc2Exception asDsEc2(String taskId, Throwable error) {
        if (error instanceof DsEc2Exception) {
            return (DsEc2Exception) error;
        }
        return new DsEc2Exception("Task " + taskId + " failed: " + summary(error), error);
    }
}
