package io.dsec2.internal.config;

import io.dsec2.internal.spec.yaml.RecordedSpecs;
import io.dsec2.internal.spec.yaml.SpecYamlWriter;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.ConfigChange;
import io.dsec2.model.Secret;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A spec's settings as {@code config.yaml} paths and scalar values, in the order {@link SpecYamlWriter} writes
 * them: {@code jvm.worker.xmx -> 8192}, {@code service_config.worker.worker.exec-threads -> 150},
 * {@code cluster.worker_groups[0].count -> 2}. Sizes are MiB and durations ISO-8601, as written; defaults are
 * listed too. Lists of plain values are one key, joined with {@code ", "} ({@code aws.api_allowed_cidrs});
 * lists of mappings are indexed ({@code aws.subnets[1].subnet_id}). A literal secret reads as
 * {@link ConfigChange#MASK}; a secret reference as its kind and name ({@code secrets_manager:ds/db}). Stateless
 * and thread-safe.
 */
public final class SpecKeys {
    private SpecKeys() {
    }

    /**
     * @param spec a spec
     * @return its keys and values in YAML order; unmodifiable
     * @throws io.dsec2.exception.InvalidClusterSpecException if the spec has a value with no YAML form (see {@link SpecYamlWriter})
     */
    public static Map<String, String> flatten(ClusterSpec spec) {
        Map<String, Object> tree = SpecYamlWriter.tree(spec, (path, secret) -> secret.kind() == Secret.Kind.LITERAL
                ? ConfigChange.MASK : SpecYamlWriter.referenceForm(secret));
        Map<String, String> out = new LinkedHashMap<>();
        flatten("", tree, out);
        return Collections.unmodifiableMap(out);
    }

    /**
     * @param spec a spec
     * @return its secrets by YAML path ({@code database.password}, ...), for telling literal secrets apart
     */
    public static Map<String, Secret> secrets(ClusterSpec spec) {
        return RecordedSpecs.secrets(spec);
    }

    private static void flatten(String prefix, Object value, Map<String, String> out) {
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                flatten(prefix.isEmpty() ? e.getKey().toString() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (value instanceof List<?> list) {
            if (list.stream().allMatch(v -> v instanceof Map<?, ?> || v instanceof List<?>) && !list.isEmpty()) {
                for (int i = 0; i < list.size(); i++) {
                    flatten(prefix + "[" + i + "]", list.get(i), out);
                }
            } else {
                StringBuilder sb = new StringBuilder();
                for (Object v : list) {
                    sb.append(sb.length() == 0 ? "" : ", ").append(v);
                }
                out.put(prefix, sb.toString());
            }
        } else {
            out.put(prefix, String.valueOf(value));
        }
    }
}
