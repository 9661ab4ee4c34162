package io.dsec2.internal.create;

import io.dsec2.exception.DsEc2Exception;
import io.dsec2.internal.ds.Ds320Profile;
import io.dsec2.internal.ds.NodeScripts;
import io.dsec2.model.DatabaseType;
import io.dsec2.model.DeploymentSpec;
import io.dsec2.model.NodeRole;
import io.dsec2.spi.CloudInstance;
import io.dsec2.spi.ExecRequest;
import io.dsec2.spi.ExecResult;
import io.dsec2.spi.RemoteHost;
import io.dsec2.spi.RenderedFile;
import io.dsec2.spi.UploadRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The per-node actions of an install, each idempotent (the scripts check before they act), run over the
 * {@link io.dsec2.spi.RemoteExecutor} as the SSH login user with sudo where needed. Thread-safe: state lives in
 * the {@link CreateContext}.
 */
final class NodeSteps {
    private final CreateContext ctx;
    private final DeploymentSpec dep;
    private final PackageFanOut fanOut;

    NodeSteps(CreateContext ctx) {
        this.ctx = ctx;
        this.dep = ctx.spec.deployment();
        this.fanOut = dep.packageFile().isPresent() ? new PackageFanOut(ctx, this) : null;
    }

    CreateContext ctx() {
        return ctx;
    }

    /** @return the digest of the node's rendered configuration ({@link RunningConfig#nodeDigest}) */
    String renderedDigest(PlannedNode node) {
        return RunningConfig.nodeDigest(render(node), ctx.digestKey());
    }

    /** @return the node's files as the configured {@link io.dsec2.spi.ConfigRenderer} renders them */
    List<RenderedFile> render(PlannedNode node) {
        return RunningConfig.render(ctx.wiring.renderer, ctx.spec, node, facts(node), ctx.secrets);
    }

    /** @return the upload-once-and-fan-out of {@code deployment.package_file}, if the spec sets one */
    java.util.Optional<PackageFanOut> fanOut() {
        return java.util.Optional.ofNullable(fanOut);
    }

    RemoteHost host(PlannedNode node) {
        CloudInstance i = ctx.instance(node);
        return ctx.host(i).copy(b -> b.nodeId(node.nodeId()));
    }

    ExecResult run(PlannedNode node, String script, Duration timeout) {
        return ctx.wiring.remote.execute(ExecRequest.builder().host(host(node)).command(script).timeout(timeout)
                .secrets(ctx.secrets.values()).build());
    }

    void connect(PlannedNode node) {
        ctx.wiring.remote.awaitReachable(host(node), ctx.wiring.timeouts().sshReady());
        ctx.reached(ctx.instance(node));
    }

    /** OS, Java and deploy user; records the node's facts. */
    NodeFacts prepare(PlannedNode node) {
        NodeFacts f = NodeFacts.parse(run(node, NodeScripts.prepareOs(dep.javaHome().orElse(null)),
                Duration.ofMinutes(15)).stdout());
        run(node, NodeScripts.ensureDeployUser(dep.deployUser()), Duration.ofMinutes(2));
        ctx.facts.put(node.nodeId(), f);
        return f;
    }

    NodeFacts facts(PlannedNode node) {
        NodeFacts f = ctx.facts.get(node.nodeId());
        return f != null ? f : prepare(node);
    }

    /**
     * Package by pull (checksummed, cached) from {@code deployment.package_url} or, with a package file, from the
     * seed node ({@link PackageFanOut}); extraction; and the MySQL driver in the five libs dirs.
     */
    void installPackage(PlannedNode node) {
        // the fetch already verified the digest; it is the install's marker, so the tarball is not hashed again
        Map<String, String> tgz = fanOut != null
                ? Map.of("path", fanOut.pull(node), "sha512", fanOut.sha512().toLowerCase(java.util.Locale.ROOT))
                : fetch(node, dep.packageUrl(), dep.packageSha512(), Duration.ofMinutes(30));
        run(node, NodeScripts.extract(tgz.get("path"), tgz.get("sha512"), dep.installPath(), dep.deployUser()),
                Duration.ofMinutes(15));
        if (ctx.spec.database().type() == DatabaseType.MYSQL) {
            String jar = fetch(node, dep.mysqlDriverUrl(), dep.mysqlDriverSha512(), Duration.ofMinutes(5)).get("path");
            run(node, NodeScripts.installDriver(jar, dep.installPath(), dep.deployUser()), Duration.ofMinutes(2));
        }
    }

    /** @return the fetch script's {@code path} and verified {@code sha512} */
    private Map<String, String> fetch(PlannedNode node, URI url, String sha512, Duration timeout) {
        String path = url.getPath();
        String name = path.substring(path.lastIndexOf('/') + 1);
        ExecResult r = run(node, NodeScripts.fetch(url.toString(), name, sha512 == null || sha512.isBlank() ? null : sha512),
                timeout);
        return NodeFacts.keyValues(r.stdout());
    }

    /**
     * Renders and writes the node's configuration files, skipping those already identical on the node.
     *
     * @return the number of files written
     */
    int configure(PlannedNode node) {
        List<RenderedFile> files = render(node);
        String base = dep.installPath() + "/";
        StringBuilder sums = new StringBuilder("cd " + io.dsec2.internal.ds.Shell.quote(base)
                + " && sudo -n mkdir -p " + Ds320Profile.DS_EC2_DIR + " && sudo -n sha256sum");
        files.forEach(f -> sums.append(' ').append(io.dsec2.internal.ds.Shell.quote(f.path())));
        sums.append(" 2>/dev/null; true");
        Map<String, String> present = new java.util.HashMap<>();
        for (String line : run(node, sums.toString(), Duration.ofMinutes(1)).stdout().split("\n")) {
            String[] p = line.trim().split("\\s+", 2);
            if (p.length == 2) {
                present.put(p[1], p[0]);
            }
        }
        int written = 0;
        for (RenderedFile f : files) {
            if (RunningConfig.sha256(f.content()).equals(present.get(f.path()))) {
                continue;
            }
            ctx.wiring.remote.upload(UploadRequest.builder().host(host(node)).content(f.content().getBytes(StandardCharsets.UTF_8))
                    .remotePath(base + f.path()).mode(f.mode()).owner(dep.deployUser()).sudo(true).build());
            written++;
        }
        return written;
    }

    void upgradeSchema(PlannedNode node) {
        run(node, NodeScripts.upgradeSchema(dep.installPath(), dep.deployUser()), Duration.ofMinutes(20));
    }

    /** @return true if the server is running and its health endpoint says UP */
    boolean healthy(PlannedNode node) {
        ExecRequest probe = ExecRequest.builder().host(host(node)).timeout(Duration.ofSeconds(30)).failOnNonZeroExit(false)
                .command("curl -fsS -m 5 http://127.0.0.1:" + node.role().httpPort() + Ds320Profile.healthPath(node.role()))
                .build();
        return ctx.wiring.remote.execute(probe).stdout().contains("\"status\":\"UP\"");
    }

    /**
     * Starts the server unless it runs, then waits for health UP. A server it started gets the marker of the
     * configuration it runs ({@link RunningConfig}).
     */
    void start(PlannedNode node) {
        ExecResult r = run(node, NodeScripts.start(node.role(), dep.installPath(), dep.deployUser()), Duration.ofMinutes(2));
        if (NodeFacts.keyValues(r.stdout()).getOrDefault("started", "false").equals("true")) {
            run(node, RunningConfig.writeScript(dep.installPath(), renderedDigest(node), ctx.jobId), Duration.ofSeconds(30));
        }
        Duration t = ctx.wiring.timeouts().serverHealthy();
        run(node, NodeScripts.awaitHealthy(node.role(), t), t.plusSeconds(30));
    }

    /** Logs in as the DS admin through the api server on the node itself; throws unless the REST answer is code 0. */
    void adminLogin(PlannedNode api) {
        if (api.role() != NodeRole.API) {
            throw new IllegalArgumentException(api.nodeId() + " is no api node");
        }
        String password = ctx.secrets.adminLogin();
        ExecResult r = ctx.wiring.remote.execute(ExecRequest.builder().host(host(api)).timeout(Duration.ofSeconds(60))
                .addSecret(password).command(WorkerGroupsRest.loginScript(password) + "printf '%s\\n' \"$login\"\n")
                .build());
        if (!r.stdout().replace(" ", "").contains("\"code\":0")) {
            throw new DsEc2Exception("admin login through " + api.nodeId() + " failed: " + r.stdout().strip(), null, true);
        }
    }
}
