package io.dsec2.internal.create;

import io.dsec2.internal.ds.Ds320Profile;
import io.dsec2.internal.ds.Shell;
import io.dsec2.model.ClusterSpec;
import io.dsec2.spi.ConfigRenderer;
import io.dsec2.spi.ExecRequest;
import io.dsec2.spi.RenderRequest;
import io.dsec2.spi.RenderedFile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Digests of rendered configurations, and the marker that records which configuration a server was started with:
 * {@code <install>/.ds-ec2/running} holding {@code digest=<sha256 hex>} and {@code job=<job id>}, written right after
 * ds-ec2 starts a server (mode 0600). A node's digest is HMAC-SHA256 under the cluster's {@link DigestKey} over
 * {@code path NUL sha256(content) LF} of its rendered files in path order; a cluster's is SHA-256 over {@code nodeId NUL digest LF} in node-id order. Stateless.
 */
final class RunningConfig {
    static final String MARKER = Ds320Profile.DS_EC2_DIR + "/running";

    private RunningConfig() {
    }

    /**
     * The node's rendered files under {@code spec}, with the facts found on it: what {@code renderer} returns, checked.
     *
     * @throws IllegalStateException if the renderer returned null, a null file or two files with the same path
     */
    static List<RenderedFile> render(ConfigRenderer renderer, ClusterSpec spec, PlannedNode node, NodeFacts facts,
                                     ResolvedSecrets secrets) {
        RenderRequest request = request(spec, node, facts, secrets);
        List<RenderedFile> files = renderer.render(request);
        if (files == null) {
            throw new IllegalStateException(renderer + " returned null for " + request);
        }
        java.util.Set<String> paths = new java.util.HashSet<>();
        for (RenderedFile f : files) {
            if (f == null) {
                throw new IllegalStateException(renderer + " returned a null file for " + request);
            }
            if (!paths.add(f.path())) {
                throw new IllegalStateException(renderer + " returned " + f.path() + " twice for " + request);
            }
        }
        return List.copyOf(files);
    }

    /** @return the renderer's request for the node: the spec, the node and its group, its facts, the secrets */
    static RenderRequest request(ClusterSpec spec, PlannedNode node, NodeFacts facts, ResolvedSecrets secrets) {
        return RenderRequest.builder().spec(spec).nodeId(node.nodeId()).role(node.role()).group(node.group())
                .os(facts.os() == null ? "unknown" : facts.os()).javaHome(facts.javaHome()).javaMajor(facts.javaMajor())
                .instanceMemoryMib(Math.max(0, facts.memoryMib())).databasePassword(secrets.dbPassword)
                .s3AccessKeyId(secrets.s3AccessKeyId).s3SecretAccessKey(secrets.s3SecretAccessKey)
                .pythonGatewayToken(secrets.pythonGatewayToken).build();
    }

    /**
     * @param files a node's rendered files (the secrets file among them)
     * @param key the cluster's {@link DigestKey}
     * @return HMAC-SHA256 (hex) under {@code key} over {@code path NUL sha256(content) LF} in path order: it changes
     *     with any file, a rotated secret included, but without the key it tells nothing about a secret
     */
    static String nodeDigest(List<RenderedFile> files, byte[] key) {
        StringBuilder s = new StringBuilder();
        files.stream().sorted(Comparator.comparing(RenderedFile::path))
                .forEach(f -> s.append(f.path()).append('\0').append(sha256(f.content())).append('\n'));
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(s.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 missing from the JDK", e);
        }
    }

    static String clusterDigest(Map<String, String> nodeDigests) {
        StringBuilder s = new StringBuilder();
        new TreeMap<>(nodeDigests).forEach((node, d) -> s.append(node).append('\0').append(d).append('\n'));
        return sha256(s.toString());
    }

    /** @return the marker's {@code digest} and {@code job}, empty if the node has none */
    static Optional<Map<String, String>> read(NodeSteps steps, PlannedNode node, String installPath) {
        String out = steps.ctx().wiring.remote.execute(ExecRequest.builder().host(steps.host(node))
                .timeout(Duration.ofSeconds(30)).failOnNonZeroExit(false)
                .command("sudo -n cat " + Shell.quote(installPath + "/" + MARKER) + " 2>/dev/null || true").build())
                .stdout();
        return parse(out);
    }

    /** @return the {@code digest} and {@code job} of a marker's text, empty if it has no digest (no marker) */
    static Optional<Map<String, String>> parse(String marker) {
        Map<String, String> kv = NodeFacts.keyValues(marker);
        return kv.containsKey("digest") ? Optional.of(kv) : Optional.empty();
    }

    /** @return a script that writes the marker */
    static String writeScript(String installPath, String digest, String jobId) {
        String path = installPath + "/" + MARKER;
        return "printf 'digest=%s\\njob=%s\\n' " + Shell.quote(digest) + " " + Shell.quote(jobId) + " | sudo -n tee "
                + Shell.quote(path + ".tmp") + " >/dev/null && sudo -n chmod 0600 " + Shell.quote(path + ".tmp")
                + " && sudo -n mv -f " + Shell.quote(path + ".tmp") + " " + Shell.quote(path);
    }

    /** @return a script that removes the marker (before the server stops) */
    static String removeScript(String installPath) {
        return "sudo -n rm -f " + Shell.quote(installPath + "/" + MARKER);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
