package io.dsec2.internal.spec.yaml;

import io.dsec2.exception.InvalidClusterSpecException;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.Secret;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a spec recorded by {@link SpecYamlWriter}: like {@link YamlSpecReader#read(String, String)}, and each
 * {@code {redacted: "pbkdf2-sha256:..."}} (or earlier versions' {@code sha256:...}) secret becomes the literal
 * secret at the same path of the current
 * spec if that literal hashes to the recorded value. Stateless and thread-safe.
 */
public final class RecordedSpecs {
    private static final String UNKNOWN = "\u0000recorded-literal:";

    private RecordedSpecs() {
    }

    /**
     * @param yaml YAML written by {@link SpecYamlWriter#write}
     * @param sourceName a name for messages, for example {@code version 3}
     * @param current the current spec, whose literal secrets fill the redacted ones
     * @return the recorded spec
     * @throws InvalidClusterSpecException if the YAML is not valid, or a redacted secret has no matching literal
     *     at its path in {@code current} (the message names the path and the fix, never a value)
     */
    public static ClusterSpec read(String yaml, String sourceName, ClusterSpec current) {
        Objects.requireNonNull(current, "current");
        Map<String, Secret> literals = literals(current);
        YamlContext ctx = new YamlContext((path, form) -> {
            Secret now = literals.get(path);
            if (now == null || !SpecYamlWriter.sameSecret(form, now.literalValue())) {
                throw new IllegalArgumentException(sourceName + " used a literal secret at " + path + " that "
                        + (now == null ? "the current spec does not have" : "differs from the current spec's")
                        + "; give it in the spec again or use secrets_manager/ssm/env/file");
            }
            return now;
        });
        return YamlSpecReader.read(yaml, sourceName, ctx);
    }

    /**
     * Reads a recorded spec on its own, with no current spec to restore literal secrets from (the spec file was
     * lost): secret references ({@code secrets_manager}, {@code ssm}, {@code env}, {@code file}) come back as
     * recorded; a literal secret, which ds-ec2 never keeps, is an error at its path.
     *
     * @param yaml YAML written by {@link SpecYamlWriter#write}
     * @param sourceName a name for messages, for example {@code version 3 of analytics}
     * @return the recorded spec
     * @throws InvalidClusterSpecException if the YAML is not valid or holds a literal secret (the message names
     *     the path and the fix, never a value)
     */
    public static ClusterSpec readStandalone(String yaml, String sourceName) {
        YamlContext ctx = new YamlContext((path, form) -> {
            throw new IllegalArgumentException(sourceName + " has a literal secret at " + path + ", which ds-ec2"
                    + " does not keep: give the spec file with -f, or refer to the secret (secrets_manager, ssm, env,"
                    + " file) so that the recorded spec is enough");
        });
        return YamlSpecReader.read(yaml, sourceName, ctx);
    }

    /**
     * Like {@link #read}, but a redacted secret without a matching literal in {@code current} becomes a literal
     * that stands for "the value recorded then" ({@link #isUnknown}): enough to list and compare versions, never to
     * deploy (callers that roll a recorded spec out use {@link #read}).
     *
     * @param yaml YAML written by {@link SpecYamlWriter#write}
     * @param sourceName a name for messages
     * @param current the current spec
     * @return the recorded spec
     */
    public static ClusterSpec readLenient(String yaml, String sourceName, ClusterSpec current) {
        Objects.requireNonNull(current, "current");
        Map<String, Secret> literals = literals(current);
        YamlContext ctx = new YamlContext((path, form) -> {
            Secret now = literals.get(path);
            return now != null && SpecYamlWriter.sameSecret(form, now.literalValue()) ? now
                    : Secret.literal(UNKNOWN + form);
        });
        return YamlSpecReader.read(yaml, sourceName, ctx);
    }

    /**
     * @param secret a secret from {@link #readLenient}
     * @return true if it stands for a recorded literal whose value is not known any more
     */
    public static boolean isUnknown(Secret secret) {
        return secret.kind() == Secret.Kind.LITERAL && secret.literalValue().startsWith(UNKNOWN);
    }

    /**
     * @param spec a spec
     * @return its secrets by YAML path, in YAML order (database.password, storage.access_key_id,
     *     storage.secret_access_key, service_config.api.python_gateway.auth_token,
     *     service_config.api.admin_password), absent ones left out
     */
    public static Map<String, Secret> secrets(ClusterSpec spec) {
        Map<String, Secret> out = new LinkedHashMap<>();
        spec.database().password().ifPresent(s -> out.put("database.password", s));
        spec.storage().ifPresent(st -> {
            st.accessKeyId().ifPresent(s -> out.put("storage.access_key_id", s));
            st.secretAccessKey().ifPresent(s -> out.put("storage.secret_access_key", s));
        });
        spec.pythonGatewayToken().ifPresent(s -> out.put("service_config.api.python_gateway.auth_token", s));
        spec.adminPassword().ifPresent(s -> out.put("service_config.api.admin_password", s));
        return out;
    }

    private static Map<String, Secret> literals(ClusterSpec spec) {
        Map<String, Secret> out = new LinkedHashMap<>();
        secrets(spec).forEach((path, s) -> {
            if (s.kind() == Secret.Kind.LITERAL) {
                out.put(path, s);
            }
        });
        return out;
    }
}
