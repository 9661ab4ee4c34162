package io.dsec2.internal.spec.yaml;

import io.dsec2.internal.spec.Checks;
import io.dsec2.model.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps a secret that a broken line moved out of its key from being echoed. When a secret field ({@code password},
 * {@code secret_access_key}, {@code auth_token}, ...) has an error (most often: it is missing, because a cut took
 * {@code password: } away), its literal may now stand in the same mapping as an unknown key or inside another field's
 * value; so nothing that the spec wrote there is quoted: unknown keys and quoted values in that mapping are shown as
 * {@code '…'}. {@code Grammar.hideOddValues} already hides values that do not look plain; this covers plain-looking
 * ones. Stateless; thread-safe.
 */
final class LooseSecrets {
    private static final Pattern QUOTED = Pattern.compile("'[^']*'");
    /** The spec's secret fields, by their last key. */
    private static final java.util.Set<String> SECRET_FIELDS = java.util.Set.of("password", "access_key_id",
            "secret_access_key", "auth_token", "admin_password");

    private LooseSecrets() {
    }

    /**
     * @param violations every finding of one spec
     * @return the same findings, with keys and quoted text hidden in the mappings whose secret field has an error
     */
    static List<Violation> hide(List<Violation> violations) {
        List<String> suspect = new ArrayList<>();
        for (Violation v : violations) {
            int dot = v.path().lastIndexOf('.');
            if (v.isError() && dot > 0 && Checks.sensitiveKey(v.path().substring(dot + 1))) {
                suspect.add(v.path().substring(0, dot));
            }
        }
        if (suspect.isEmpty()) {
            return violations;
        }
        List<Violation> out = new ArrayList<>(violations.size());
        for (Violation v : violations) {
            String parent = suspect.stream().filter(p -> v.path().startsWith(p + ".")).findFirst().orElse(null);
            String last = v.path().substring(v.path().lastIndexOf('.') + 1);
            boolean unknownKey = v.message().startsWith("unknown key");
            // an unknown key already shown cut (at its first non-key character, with '…') holds nothing after it
            if (parent == null || SECRET_FIELDS.contains(last) && !unknownKey || unknownKey && last.endsWith("\u2026")) {
                out.add(v);
                continue;
            }
            String note = " (not shown: " + parent + " has a secret field in error, and a broken line can move its"
                    + " value here)";
            String path = unknownKey ? parent + ".\u2026" : v.path();
            Matcher m = QUOTED.matcher(v.message());
            String message = !m.find() ? v.message()
                    : (unknownKey ? m.replaceFirst("'\u2026'") : m.replaceAll("'\u2026'")) + note;
            Violation hidden = v.isError() ? Violation.error(path, message) : Violation.warning(path, message);
            out.add(hidden.atLine(v.line()));
        }
        return out;
    }
}
