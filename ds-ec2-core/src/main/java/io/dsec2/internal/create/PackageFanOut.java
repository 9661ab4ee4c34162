package io.dsec2.internal.create;

import io.dsec2.exception.DsEc2Exception;
import io.dsec2.internal.ds.NodeScripts;
import io.dsec2.model.DeploymentSpec;
import io.dsec2.model.NodeRole;
import io.dsec2.spi.UploadProgressListener;
import io.dsec2.spi.UploadRequest;
import io.dsec2.spi.UploadResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code deployment.package_file}: the local tarball goes to one node (the seed, the first master) by one SSH
 * upload, and the other nodes pull it from the seed's HTTP server on {@link DeploymentSpec#PACKAGE_FANOUT_PORT}
 * (so the package crosses the client's link once, not once per node). Every step checks before it acts: the seed
 * upload is skipped when its cache holds the file with the right SHA-512, a node's pull likewise, and the server is
 * started only if none answers.
 * Thread-safe: the local digest is computed once per run under a lock; the rest is in {@link CreateContext}.
 */
final class PackageFanOut {
    /** The server on the seed ends by itself after this long, even if the run that started it died. */
    static final Duration SERVER_LIFETIME = Duration.ofMinutes(30);
    private static final Logger LOG = LoggerFactory.getLogger(PackageFanOut.class);
    private static final Duration PULL_TIMEOUT = Duration.ofMinutes(30);

    private final CreateContext ctx;
    private final NodeSteps steps;
    private final Path file;
    private final String name;
    private volatile String sha512;

    PackageFanOut(CreateContext ctx, NodeSteps steps) {
        this.ctx = ctx;
        this.steps = steps;
        this.file = ctx.spec.deployment().packageFile()
                .orElseThrow(() -> new IllegalStateException("no deployment.package_file"));
        this.name = file.getFileName().toString();
    }

    /** @return the node that receives the upload and serves the others: the first master */
    PlannedNode seed() {
        return ctx.nodes.stream().filter(n -> n.role() == NodeRole.MASTER).findFirst().orElseThrow();
    }

    /** @return the file's name in the nodes' cache */
    String fileName() {
        return name;
    }

    /**
     * The local file's SHA-512, computed on first use; checked against {@code deployment.package_sha512} if that
     * is set.
     */
    String sha512() {
        String s = sha512;
        if (s == null) {
            synchronized (this) {
                s = sha512;
                if (s == null) {
                    s = digest(file);
                    String expected = ctx.spec.deployment().packageSha512();
                    if (!expected.isEmpty() && !expected.equalsIgnoreCase(s)) {
                        throw new DsEc2Exception("deployment.package_file " + file + " has SHA-512 " + s
                                + ", but deployment.package_sha512 says " + expected, null, false);
                    }
                    sha512 = s;
                }
            }
        }
        return s;
    }

    /** @return true if the node's cache holds the package with the right SHA-512 */
    boolean cached(PlannedNode node) {
        return "true".equals(keyValues(node, NodeScripts.cached(name, sha512()), Duration.ofMinutes(5)).get("cached"));
    }

    /** Uploads the file to the seed's cache (the only upload from the client), unless it is there already. */
    void upload() {
        PlannedNode seed = seed();
        if (cached(seed)) {
            LOG.info("{}: package {} already in the cache, not uploaded", seed.nodeId(), name);
            return;
        }
        steps.run(seed, NodeScripts.requireServer(), Duration.ofMinutes(1));
        long size = size(file);
        UploadResult r = ctx.wiring.remote.upload(UploadRequest.builder().host(steps.host(seed)).localFile(file)
                .remotePath(NodeScripts.CACHE_DIR + "/" + name).mode(0644)
                .progressListener(progress(seed, size, System.nanoTime()))
                .build());
        if (!cached(seed)) {
            throw new DsEc2Exception("the package uploaded to " + seed.nodeId() + " does not have SHA-512 " + sha512()
                    + " there", null, true);
        }
        LOG.info("{}: package {} uploaded, {} bytes in {} ms", seed.nodeId(), name, r.bytes(),
                r.duration().toMillis());
    }

    /**
     * Makes the package present in the node's cache: on the seed it must be there already; another node pulls it
     * from the seed's server (started if none answers) with the checksummed fetch.
     *
     * @return the path of the cached tarball on the node
     */
    String pull(PlannedNode node) {
        Map<String, String> have = keyValues(node, NodeScripts.cached(name, sha512()), Duration.ofMinutes(5));
        if ("true".equals(have.get("cached"))) {
            return have.get("path");
        }
        PlannedNode seed = seed();
        if (node.nodeId().equals(seed.nodeId())) {
            throw new DsEc2Exception(seed.nodeId() + " lost the uploaded package " + name + " from its cache; run"
                    + " create again to upload it", null, false);
        }
        String ip = ctx.instance(seed).privateIp();
        int port = DeploymentSpec.PACKAGE_FANOUT_PORT;
        steps.run(seed, NodeScripts.serveCache(ip, port, SERVER_LIFETIME), Duration.ofMinutes(1));
        String url = "http://" + ip + ":" + port + "/" + name;
        return keyValues(node, NodeScripts.fetch(url, name, sha512()), PULL_TIMEOUT).get("path");
    }

    /** Stops the seed's package server, if it runs. */
    void stopServing() {
        steps.run(seed(), NodeScripts.stopServing(), Duration.ofMinutes(1));
    }

    private Map<String, String> keyValues(PlannedNode node, String script, Duration timeout) {
        return NodeFacts.keyValues(steps.run(node, script, timeout).stdout());
    }

    /** Logs every tenth and sends {@link io.dsec2.event.TransferEvent}s (at most every 200 ms, and the last one). */
    private UploadProgressListener progress(PlannedNode seed, long total, long startNanos) {
        int[] lastTenth = {-1};
        long[] lastEvent = {0};
        return (sent, all) -> {
            int tenth = all <= 0 ? 10 : (int) (sent * 10 / all);
            if (tenth != lastTenth[0]) {
                lastTenth[0] = tenth;
                LOG.info("{}: package upload {}% ({} of {} bytes)", seed.nodeId(), tenth * 10, sent, total);
            }
            long now = System.nanoTime();
            if (sent >= all || now - lastEvent[0] >= 200_000_000L) {
                lastEvent[0] = now;
                try {
                    ctx.wiring.listener.transferProgress(io.dsec2.event.TransferEvent.builder()
                            .clusterId(ctx.spec.name()).jobId(String.valueOf(ctx.jobId)).nodeId(seed.nodeId())
                            .what("package " + name).bytesDone(sent).bytesTotal(Math.max(all, sent))
                            .elapsed(java.time.Duration.ofNanos(now - startNanos)).build());
                } catch (RuntimeException e) {
                    LOG.warn("listener threw from transferProgress; ignored (listeners must not throw)", e);
                }
            }
        };
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read deployment.package_file " + file, e);
        }
    }

    static String digest(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-512");
            byte[] buf = new byte[1 << 16];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read deployment.package_file " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-512", e);
        }
    }
}
