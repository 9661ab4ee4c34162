package io.dsec2.internal.spec.yaml;

import io.dsec2.exception.InvalidClusterSpecException;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.Secret;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.RepresentToNode;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.representer.StandardRepresenter;

/**
 * Writes a {@link ClusterSpec} as YAML in the {@code config.yaml} shape {@link YamlSpecReader} reads, so that
 * {@code YamlSpecReader.read(write(spec), name)} equals {@code spec}. Every value is written, defaults included,
 * so a later change of a default does not change what a recorded spec means. Keys come in a fixed order: the
 * same spec gives the same text, except for the random salt of literal secrets.
 *
 * <p>Literal secrets are never written in clear: each becomes
 * {@code {redacted: "pbkdf2-sha256:<iterations>:<salt>:<hex>"}}, a PBKDF2-HMAC-SHA256 of the value with a random salt
 * (earlier versions wrote {@code sha256:<salt>:<hex>}, still read). {@link RecordedSpecs#read} turns them back into
 * the literal at the same path of the current spec when the digest matches. Secret references are written as they
 * are ({@code {secrets_manager: ds/db}}).
 *
 * <p>Some specs a builder accepts have no YAML form: a service_config key without a '.', or a JVM option that
 * contains whitespace or a comma (the reader splits options there). {@link #write} refuses those with an
 * {@link InvalidClusterSpecException} naming the path, rather than record something that reads back differently.
 *
 * <p>Stateless and thread-safe.
 */
public final class SpecYamlWriter {
    /** The key of a redacted literal secret in recorded YAML. */
    public static final String REDACTED = "redacted";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Strings quoted even where the JSON schema would not: YAML 1.1 booleans, nulls and anything number-like. */
    private static final Pattern QUOTE = Pattern.compile(
            "(?i)y|n|yes|no|on|off|true|false|null|~|[-+.0-9][-+._:0-9a-fA-FxXoOeE]*");

    private SpecYamlWriter() {
    }

    /**
     * @param spec a valid spec
     * @return its YAML, literal secrets redacted with a fresh random salt each
     * @throws InvalidClusterSpecException if the spec has a value with no YAML form (see the class comment)
     */
    public static String write(ClusterSpec spec) {
        return write(spec, path -> randomSalt());
    }

    /**
     * @param spec a valid spec
     * @param saltForPath the salt for the literal secret at a YAML path (for example {@code database.password});
     *     give a fixed function for byte-identical output, for example in tests
     * @return its YAML
     * @throws InvalidClusterSpecException if the spec has a value with no YAML form (see the class comment)
     */
    public static String write(ClusterSpec spec, Function<String, String> saltForPath) {
        Objects.requireNonNull(saltForPath, "saltForPath");
        Map<String, Object> tree = tree(spec, (path, secret) -> secret.kind() == Secret.Kind.LITERAL
                ? Map.of(REDACTED, redact(secret.literalValue(), saltForPath.apply(path)))
                : Map.of(referenceKey(secret.kind()), secret.reference()));
        DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setIndent(2)
                .setIndicatorIndent(2).setIndentWithIndicator(true).setWidth(4096).build();
        return new Dump(settings, new Representer(settings)).dumpToString(tree);
    }

    /**
     * Same as {@link RecordedSpecs#read}: reads recorded YAML, restoring redacted literal secrets from
     * {@code current}.
     *
     * @param yaml YAML written by {@link #write}
     * @param sourceName a name for messages, for example {@code version 3}
     * @param current the current spec
     * @return the recorded spec
     * @throws io.dsec2.exception.InvalidClusterSpecException if the YAML is invalid or a redacted secret does not
     *     match the current spec's literal at its path
     */
    public static ClusterSpec readRecorded(String yaml, String sourceName, ClusterSpec current) {
        return RecordedSpecs.read(yaml, sourceName, current);
    }

    /**
     * @param value a literal secret
     * @param salt a salt (any text without ':')
     * @return {@code pbkdf2-sha256:<iterations>:<salt>:<hex>}: PBKDF2-HMAC-SHA256 of the value, 256 bits
     */
    public static String redact(String value, String salt) {
        Objects.requireNonNull(value, "value");
        if (salt == null || salt.isEmpty() || salt.contains(":")) {
            throw new IllegalArgumentException("a salt must be non-empty text without ':'");
        }
        return SecretDigests.redact(value, salt);
    }

    /**
     * @param redactedForm a form written by {@link #redact}, or the {@code sha256:<salt>:<hex>} of earlier versions
     * @param literalValue a literal secret
     * @return whether the literal is the one that was redacted (compared in constant time)
     */
    public static boolean sameSecret(String redactedForm, String literalValue) {
        return redactedForm != null && literalValue != null && SecretDigests.same(redactedForm, literalValue);
    }

    /**
     * The spec as a tree of insertion-ordered maps, lists and scalars (String, Integer, Boolean), in the shape
     * and order {@link #write} dumps it. Secrets are given by {@code secretForm}, called with the secret's YAML
     * path (for example {@code storage.secret_access_key}).
     *
     * @param spec a spec
     * @param secretForm what to put at a secret's path
     * @return the tree
     * @throws InvalidClusterSpecException if the spec has a value with no YAML form
     */
    public static Map<String, Object> tree(ClusterSpec spec, BiFunction<String, Secret, Object> secretForm) {
        return SpecYamlTree.tree(spec, secretForm);
    }

    /** @return the YAML key of a secret reference kind, as the reader expects it */
    static String referenceKey(Secret.Kind kind) {
        switch (kind) {
            case SECRETS_MANAGER:
                return "secrets_manager";
            case SSM_PARAMETER:
                return "ssm";
            case ENV:
                return "env";
            case FILE:
                return "file";
            default:
                throw new IllegalArgumentException("a literal secret is never written as a reference");
        }
    }

    /**
     * @param secret a secret
     * @return how it reads in a list of keys: {@code secrets_manager:ds/db} for a reference; never a literal value
     */
    public static String referenceForm(Secret secret) {
        return secret.kind() == Secret.Kind.LITERAL ? secret.toString() : referenceKey(secret.kind()) + ":"
                + secret.reference();
    }

    private static String randomSalt() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Quotes strings that a YAML 1.1 reader (or a human) could take for another type. */
    private static final class Representer extends StandardRepresenter {
        Representer(DumpSettings settings) {
            super(settings);
            RepresentToNode plain = representers.get(String.class);
            representers.put(String.class, data -> QUOTE.matcher((String) data).matches()
                    ? representScalar(Tag.STR, (String) data, ScalarStyle.SINGLE_QUOTED) : plain.representData(data));
        }
    }
}
