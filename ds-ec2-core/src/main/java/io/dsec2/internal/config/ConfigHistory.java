package io.dsec2.internal.config;

import io.dsec2.exception.DsEc2Exception;
import io.dsec2.internal.spec.yaml.RecordedSpecs;
import io.dsec2.internal.spec.yaml.SpecYamlWriter;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.ConfigVersion;
import io.dsec2.model.VersionStatus;
import io.dsec2.spi.StateStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A cluster's configuration versions in its {@link StateStore}: {@code versions/<nnnnnn>.yaml} (the spec, literal
 * secrets redacted), {@code versions/<nnnnnn>.meta} (number, time, who, note, operation, digests), both written
 * once, and {@code versions/<nnnnnn>.status}, the only part that changes. Callers hold the cluster's lock while
 * they record; reading needs none. Thread-safe as far as the store is.
 */
public final class ConfigHistory {
    private static final String DIR = "versions/";
    private final StateStore store;
    private final String clusterId;
    private final ClusterSpec current;

    /**
     * @param store the state store
     * @param clusterId the cluster
     * @param current the operator's spec, whose literal secrets fill in the redacted ones of recorded specs
     */
    public ConfigHistory(StateStore store, String clusterId, ClusterSpec current) {
        this.store = store;
        this.clusterId = clusterId;
        this.current = current;
    }

    /** @return every version, oldest first */
    public List<ConfigVersion> all() {
        List<ConfigVersion> out = new ArrayList<>();
        for (String key : store.list(clusterId, DIR)) {
            if (key.endsWith(".meta")) {
                out.add(read(Integer.parseInt(key.substring(DIR.length(), key.length() - ".meta".length()))));
            }
        }
        out.sort(java.util.Comparator.comparingInt(ConfigVersion::number));
        return out;
    }

    /** @return the newest version, if any */
    public Optional<ConfigVersion> latest() {
        List<ConfigVersion> all = all();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** @return the newest version every node runs, if any */
    public Optional<ConfigVersion> latestApplied() {
        List<ConfigVersion> all = all();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).status() == VersionStatus.APPLIED) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    /**
     * @param number a version number
     * @return the version
     * @throws IllegalArgumentException if it does not exist, naming those that do
     */
    public ConfigVersion get(int number) {
        if (store.read(clusterId, metaKey(number)).isEmpty()) {
            List<Integer> have = all().stream().map(ConfigVersion::number).toList();
            throw new IllegalArgumentException("version " + number + " of cluster " + clusterId + " does not exist"
                    + (have.isEmpty() ? "; the cluster has no recorded version" : "; versions: " + have));
        }
        return read(number);
    }

    /**
     * The spec of the newest {@link VersionStatus#APPLIED} version, read without a current spec (see
     * {@link RecordedSpecs#readStandalone}): what the cluster runs, for an operator whose spec file is lost.
     *
     * @param store the state store
     * @param clusterId the cluster
     * @return the spec, or empty if the cluster has no applied version in {@code store}
     * @throws io.dsec2.exception.InvalidClusterSpecException if that version used a literal secret
     */
    public static Optional<ClusterSpec> lastAppliedSpec(StateStore store, String clusterId) {
        List<Integer> numbers = new ArrayList<>();
        for (String key : store.list(clusterId, DIR)) {
            if (key.endsWith(".status")) {
                numbers.add(Integer.parseInt(key.substring(DIR.length(), key.length() - ".status".length())));
            }
        }
        numbers.sort(java.util.Comparator.reverseOrder());
        for (int n : numbers) {
            boolean applied = store.read(clusterId, DIR + name(n) + ".status")
                    .map(b -> new String(b, StandardCharsets.UTF_8).trim().equals(VersionStatus.APPLIED.name()))
                    .orElse(false);
            java.util.Optional<byte[]> yaml = store.read(clusterId, specKey(n));
            if (applied && yaml.isPresent()) {
                return Optional.of(RecordedSpecs.readStandalone(new String(yaml.get(), StandardCharsets.UTF_8),
                        "version " + n + " of " + clusterId));
            }
        }
        return Optional.empty();
    }

    /**
     * @param number a version number
     * @return its spec with every literal secret restored from the current spec, ready to roll out
     * @throws io.dsec2.exception.InvalidClusterSpecException if a literal secret of the version differs from the
     *     current spec's (naming the path and the fix)
     */
    public ClusterSpec deployableSpec(int number) {
        get(number);
        String yaml = new String(store.read(clusterId, specKey(number)).orElseThrow(), StandardCharsets.UTF_8);
        return RecordedSpecs.read(yaml, "version " + number + " of " + clusterId, current);
    }

    /**
     * Records a new version, numbered one above the newest, with status {@link VersionStatus#IN_PROGRESS}.
     *
     * @param draft every field but number and status
     * @return the recorded version
     */
    public ConfigVersion record(ConfigVersion.Builder draft) {
        int number = latest().map(v -> v.number() + 1).orElse(1);
        ConfigVersion v = draft.number(number).status(VersionStatus.IN_PROGRESS).build();
        store.write(clusterId, specKey(number), SpecYamlWriter.write(v.spec()).getBytes(StandardCharsets.UTF_8));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("number", String.valueOf(number));
        meta.put("created-at", v.createdAt().toString());
        meta.put("created-by", v.createdBy());
        meta.put("note", v.note());
        meta.put("operation", v.operation());
        meta.put("based-on", String.valueOf(v.basedOn()));
        meta.put("rendered-digest", v.renderedDigest());
        v.nodeDigests().forEach((node, digest) -> meta.put("node." + node, digest));
        store.write(clusterId, metaKey(number), encode(meta));
        status(number, VersionStatus.IN_PROGRESS);
        return v;
    }

    /**
     * @param number the version
     * @param status its new rollout status
     */
    public void status(int number, VersionStatus status) {
        store.write(clusterId, DIR + name(number) + ".status", (status.name() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private ConfigVersion read(int number) {
        Map<String, String> meta = decode(store.read(clusterId, metaKey(number)).orElseThrow());
        String yaml = new String(store.read(clusterId, specKey(number)).orElseThrow(() -> new DsEc2Exception(
                "state store: " + specKey(number) + " of cluster " + clusterId + " is missing")), StandardCharsets.UTF_8);
        VersionStatus status = store.read(clusterId, DIR + name(number) + ".status")
                .map(b -> VersionStatus.valueOf(new String(b, StandardCharsets.UTF_8).trim()))
                .orElse(VersionStatus.IN_PROGRESS);
        Map<String, String> nodes = new TreeMap<>();
        meta.forEach((k, val) -> {
            if (k.startsWith("node.")) {
                nodes.put(k.substring("node.".length()), val);
            }
        });
        return ConfigVersion.builder().number(number).createdAt(Instant.parse(meta.get("created-at")))
                .createdBy(meta.getOrDefault("created-by", "unknown")).note(meta.getOrDefault("note", ""))
                .operation(meta.getOrDefault("operation", "update"))
                .basedOn(Integer.parseInt(meta.getOrDefault("based-on", "0")))
                .spec(RecordedSpecs.readLenient(yaml, "version " + number + " of " + clusterId, current))
                .renderedDigest(meta.getOrDefault("rendered-digest", "")).nodeDigests(nodes).status(status).build();
    }

    private static String name(int number) {
        return String.format("%06d", number);
    }

    private static String metaKey(int number) {
        return DIR + name(number) + ".meta";
    }

    private static String specKey(int number) {
        return DIR + name(number) + ".yaml";
    }

    private static byte[] encode(Map<String, String> meta) {
        StringBuilder out = new StringBuilder();
        meta.forEach((k, v) -> out.append(k).append('=').append(v.replace("\\", "\\\\").replace("\n", "\\n"))
                .append('\n'));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> decode(byte[] bytes) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq), unescape(line.substring(eq + 1)));
            }
        }
        return out;
    }

    /** Undoes {@link #encode}'s escapes left to right, so {@code \\n} (an escaped backslash, then n) stays {@code \n}. */
    private static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(n == 'n' ? '\n' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
