package io.dsec2.internal.spec.yaml;

import io.dsec2.model.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** Conversions from YAML scalars; each throws {@link IllegalArgumentException} with a fix-it message. */
final class Values {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt])?i?b?", Pattern.CASE_INSENSITIVE);
    /** The largest size accepted, in MiB (4 TiB). */
    static final int MAX_MIB = 4 * 1024 * 1024;
    /** The longest duration accepted. */
    static final Duration MAX_DURATION = Duration.ofDays(366);
    private static final Set<String> SECRET_KEYS = Set.of("secrets_manager", "ssm", "env", "file",
            SpecYamlWriter.REDACTED);

    private Values() {
    }

    static int integer(String text) {
        String t = text.trim();
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            if (t.matches("[+-]?\\d{1,1000}")) {
                throw new IllegalArgumentException("'" + cut(t) + "' is out of range");
            }
            throw new IllegalArgumentException("expected a whole number, got '" + cut(text) + "'");
        }
    }

    private static String cut(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    static boolean bool(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("true") || t.equals("yes") || t.equals("on")) {
            return true;
        }
        if (t.equals("false") || t.equals("no") || t.equals("off")) {
            return false;
        }
        throw new IllegalArgumentException("expected true or false, got '" + text + "'");
    }

    /**
     * @return a duration from {@code 30s}, {@code 600ms}, {@code 10m}, {@code 1h}, {@code 2d}, {@code PT30S} or bare
     *     seconds, at most {@link #MAX_DURATION} (366 days)
     */
    static Duration duration(String text) {
        String t = text.trim();
        Duration d;
        try {
            d = parseDuration(text, t);
        } catch (ArithmeticException | NumberFormatException e) {
            d = MAX_DURATION.plusDays(1);
        }
        if (d.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("'" + text + "' is longer than the limit of 366 days");
        }
        return d;
    }

    private static Duration parseDuration(String text, String t) {
        if (t.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                if (e.getCause() instanceof ArithmeticException) {
                    throw (ArithmeticException) e.getCause();
                }
                throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration such as PT30S");
            }
        }
        Matcher m = DURATION.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a duration such as 30s, 600ms, 10m or 1h, got '" + text + "'");
        }
        if (m.group(1).length() > 12) {
            throw new ArithmeticException("too long");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        switch (unit) {
            case "ms":
                return Duration.ofMillis(n);
            case "m":
                return Duration.ofMinutes(n);
            case "h":
                return Duration.ofHours(n);
            case "d":
                return Duration.ofDays(n);
            default:
                return Duration.ofSeconds(n);
        }
    }

    /** @return MiB from {@code 2g}, {@code 512m}, {@code 1.5g}, {@code 4096} (bare numbers are MiB) */
    static int mib(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a size such as 4g, 512m or 4096 (MiB), got '" + text + "'");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "m" : m.group(2).toLowerCase(Locale.ROOT);
        double factor = unit.equals("k") ? 1.0 / 1024 : unit.equals("g") ? 1024 : unit.equals("t") ? 1024 * 1024 : 1;
        double mib = n * factor;
        if (mib > MAX_MIB) {
            throw new IllegalArgumentException("'" + text + "' is larger than the limit of 4t (" + MAX_MIB + " MiB)");
        }
        return (int) Math.round(mib);
    }

    static URI uri(String text) {
        try {
            URI u = new URI(text.trim());
            if (u.getScheme() == null) {
                throw new IllegalArgumentException("'" + text + "' is not an absolute URL (add https:// or s3://)");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL: " + e.getReason());
        }
    }

    static Path path(String text) {
        String t = text.trim();
        if (t.startsWith("~/")) {
            throw new IllegalArgumentException("'" + text + "': '~' is not expanded; give an absolute path");
        }
        return Path.of(t);
    }

    static String lower(String text) {
        return text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Reads a secret: a plain value (a literal, warned about by validation) or a one-key mapping
     * {@code {secrets_manager: id}}, {@code {ssm: name}}, {@code {env: VAR}} or {@code {file: /path}}.
     * Messages never echo the value.
     */
    static void secret(YMap parent, String key, Consumer<Secret> action) {
        Optional<Node> node = parent.node(key);
        if (node.isEmpty()) {
            return;
        }
        Node n = node.get();
        if (n instanceof ScalarNode) {
            action.accept(Secret.literal(((ScalarNode) n).getValue()));
            return;
        }
        YMap.of(parent.ctx(), parent.child(key), n, SECRET_KEYS).ifPresent(ref -> {
            if (ref.keySet().size() != 1) {
                parent.ctx().error(parent.child(key), n, "give exactly one of secrets_manager, ssm, env, file");
                return;
            }
            String kind = ref.keySet().iterator().next();
            ref.scalar(kind, v -> {
                switch (kind) {
                    case SpecYamlWriter.REDACTED:
                        redacted(parent, key, n, v, action);
                        break;
                    case "secrets_manager":
                        action.accept(Secret.fromSecretsManager(v));
                        break;
                    case "ssm":
                        action.accept(Secret.fromSsmParameter(v));
                        break;
                    case "env":
                        action.accept(Secret.fromEnv(v));
                        break;
                    default:
                        action.accept(Secret.fromFile(path(v)));
                }
            });
        });
    }

    /** A recorded literal secret ({@code {redacted: pbkdf2-sha256:...}}), readable only through {@link RecordedSpecs}. */
    private static void redacted(YMap parent, String key, Node n, String form, Consumer<Secret> action) {
        String path = parent.child(key);
        if (parent.ctx().redacted() == null) {
            parent.ctx().error(path, n, "is a redacted secret from the config history; give the secret itself"
                    + " (secrets_manager, ssm, env or file)");
            return;
        }
        try {
            action.accept(parent.ctx().redacted().apply(path, form));
        } catch (IllegalArgumentException e) {
            parent.ctx().error(path, n, e.getMessage());
        }
    }
}
