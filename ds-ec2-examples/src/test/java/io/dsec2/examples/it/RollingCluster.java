package io.dsec2.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.DsCluster;
import io.dsec2.DsClusterHandle;
import io.dsec2.config.Timeouts;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.NodeRole;
import io.dsec2.testkit.LocalCloud;
import io.dsec2.testkit.LocalCloudEndpoints;
import io.dsec2.testkit.aws.LocalAws;
import io.dsec2.testkit.net.Host;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * The cluster the rolling-restart ITs share: 2 masters, 3 workers, 2 api servers behind the ALB (3 s
 * deregistration delay), 1 alert server, created once per JVM from a {@code config.yaml}-shaped file (so the CLI can
 * use the same file) with its own state directory, wiped first. Tests record the spec they leave applied
 * ({@link #applied(ClusterSpec)}); every test leaves the cluster healthy.
 *
 * <p>Besides the cluster it holds what the tests observe it with, from outside as an operator would: EC2 and ELB
 * clients on the LocalCloud endpoint, a Curator client on the registry, HTTP to the nodes, SQL on the metadata
 * database, and commands run inside the hosts (for process start times and rendered files).
 */
final class RollingCluster implements ExtensionContext.Store.CloseableResource {
    static final Path STATE = Path.of("target/it-state-rolling");
    static final Duration DEREGISTRATION_DELAY = Duration.ofSeconds(3);
    static final List<String> NODES = List.of("master-1", "master-2", "worker-1", "worker-2", "worker-3", "api-1",
            "api-2", "alert-1");

    final LocalCloud cloud;
    final LocalCloudEndpoints e;
    final String name;
    final Path yaml;
    final Ec2Client ec2;
    final ElasticLoadBalancingV2Client elb;
    final CuratorFramework zk;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final String dbPassword;
    /** node id to instance id and private IP; fixed for the cluster's life (restarts keep the instance). */
    final Map<String, String> instanceIds = new LinkedHashMap<>();
    final Map<String, String> ips = new LinkedHashMap<>();
    /** Every node's rendered configuration files (path to SHA-256) right after create, i.e. version 1. */
    final Map<String, Map<String, String>> createdFiles;
    private volatile ClusterSpec applied;

    /** The nodes of this cluster, in create order. */
    final List<String> nodes;
    /** Its state directory. */
    final Path state;

    /** JDBC URL of this cluster's own database (clusters sharing one would share DolphinScheduler's worker groups). */
    final String jdbcUrl;

    private RollingCluster(LocalCloud cloud, String prefix, Path state, List<String> nodes, String database,
            java.util.function.UnaryOperator<String> yamlEdit) throws Exception {
        this.cloud = cloud;
        this.e = cloud.endpoints();
        this.nodes = List.copyOf(nodes);
        this.state = state;
        this.jdbcUrl = cloud.createDatabase(database);
        URI aws = URI.create(e.awsEndpoint());
        ec2 = LocalAws.ec2(aws, e.region());
        elb = LocalAws.elbv2(aws, e.region());
        try (var sm = LocalAws.secretsManager(aws, e.region())) {
            dbPassword = sm.getSecretValue(b -> b.secretId(e.dbSecretId())).secretString();
        }
        name = prefix + "-" + randomSuffix();
        if (Files.exists(state)) {
            try (var walk = Files.walk(state)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(state);
        yaml = state.resolve("cluster.yaml");
        String text = LocalCloudSpecs.seedsYaml(e, name).replace(
                "deregistration_delay: " + LocalCloudSpecs.DEREGISTRATION_DELAY.toSeconds() + "s",
                "deregistration_delay: " + DEREGISTRATION_DELAY.toSeconds() + "s");
        assertThat(text).contains("deregistration_delay: " + DEREGISTRATION_DELAY.toSeconds() + "s");
        // its own registry namespace: this cluster lives until the test plan ends, and DS lets one alert server per
        // namespace hold /lock/alert, so in the shared default namespace it would leave later clusters' alert servers
        // on standby (unregistered)
        String withNamespace = text.replace("  type: zookeeper\n", "  type: zookeeper\n  namespace: " + name + "\n");
        assertThat(withNamespace).as("registry section of the generated YAML").isNotEqualTo(text);
        String withDatabase = withNamespace.replace("  database: dolphinscheduler\n", "  database: " + database + "\n");
        assertThat(withDatabase).as("database section of the generated YAML").isNotEqualTo(withNamespace);
        text = yamlEdit.apply(withDatabase);
        Files.writeString(yaml, text);
        applied = DsCluster.fromYaml(yaml).spec();
        zk = CuratorFrameworkFactory.newClient(e.zookeeperConnectString(), new RetryOneTime(500));
        zk.start();
        zk.blockUntilConnected();
        long t0 = System.nanoTime();
        try (DsClusterHandle h = cluster().create()) {
            assertThat(h.nodes()).extracting(n -> n.nodeId()).containsExactlyElementsOf(this.nodes);
        }
        createSeconds = (System.nanoTime() - t0) / 1e9;
        for (Instance i : instances()) {
            instanceIds.put(nodeOf(i), i.instanceId());
            ips.put(nodeOf(i), i.privateIpAddress());
        }
        assertThat(instanceIds.keySet()).containsExactlyInAnyOrderElementsOf(this.nodes);
        createdFiles = renderedFiles();
    }

    /** Seconds the create took. */
    double createSeconds;

    /** @return the stand-in cluster (2 masters, 3 workers, 2 api, 1 alert) */
    static RollingCluster create(LocalCloud cloud) {
        return create(cloud, "roll", STATE, NODES, "ds_roll", y -> y);
    }

    /**
     * @return a cluster on the LocalCloud from the seeds-shaped YAML after {@code yamlEdit}, with these nodes
     */
    static RollingCluster create(LocalCloud cloud, String prefix, Path state, List<String> nodes, String database,
            java.util.function.UnaryOperator<String> yamlEdit) {
        try {
            return new RollingCluster(cloud, prefix, state, nodes, database, yamlEdit);
        } catch (RuntimeException | Error ex) {
            throw ex;
        } catch (Exception ex) {
            throw new IllegalStateException("creating the shared " + prefix + " cluster failed: " + ex, ex);
        }
    }

    private static String randomSuffix() {
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 6; k++) {
            sb.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(r.nextInt(36)));
        }
        return sb.toString();
    }

    @Override
    public void close() {
        try {
            List<String> ids = instances().stream().map(Instance::instanceId).toList();
            if (!ids.isEmpty()) {
                ec2.terminateInstances(b -> b.instanceIds(ids));
            }
        } catch (RuntimeException ex) {
            // the LocalCloud may already be gone; its teardown removes the hosts anyway
        } finally {
            zk.close();
            ec2.close();
            elb.close();
        }
    }

    // ---- the cluster under test ---------------------------------------------------------------------------

    /** @return the spec the cluster runs now (as the last successful test left it) */
    ClusterSpec applied() {
        return applied;
    }

    /** @param spec the spec a test left applied */
    void applied(ClusterSpec spec) {
        applied = spec;
    }

    /** @return the cluster with the applied spec and the shared state directory */
    DsCluster cluster() {
        return cluster(applied);
    }

    DsCluster cluster(ClusterSpec spec) {
        return DsCluster.builder().spec(spec).stateDirectory(state).addListener(timings).build();
    }

    /** Every stage and per-node task this cluster's operations ran, with its duration (for the closing figures). */
    final Timings timings = new Timings();

    /** Records stage and task durations of the operations on this cluster, and appends them to a report file. */
    static final class Timings implements io.dsec2.event.ClusterListener {
        final List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void stageSucceeded(io.dsec2.event.StageEvent e) {
            lines.add(String.format("%-10s %-28s %8.1f s", e.operation(), e.stage(), e.duration().toMillis() / 1000.0));
        }

        @Override
        public void taskSucceeded(io.dsec2.event.TaskEvent e) {
            if (e.nodeId().isPresent() && e.attempt() > 0) {
                lines.add(String.format("%-10s   %-26s %8.1f s", "", e.taskId(), e.duration().toMillis() / 1000.0));
            }
        }

        /** Appends what was recorded since the last call to {@code file}, under {@code title}. */
        synchronized void report(Path file, String title) {
            try {
                List<String> copy;
                synchronized (lines) {
                    copy = new ArrayList<>(lines);
                    lines.clear();
                }
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, "## " + title + "\n" + String.join("\n", copy) + "\n\n",
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            } catch (java.io.IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        }
    }

    /** @return the cluster with {@code spec}, taking the lock without waiting */
    DsCluster clusterNoLockWait(ClusterSpec spec) {
        return DsCluster.builder().spec(spec).stateDirectory(state)
                .timeouts(Timeouts.defaults().toBuilder().lockWait(Duration.ZERO).build()).build();
    }

    static NodeRole roleOf(String node) {
        return NodeRole.of(node.substring(0, node.lastIndexOf('-')));
    }

    /** @return the stand-in cluster's nodes of {@code role} */
    static List<String> nodesOf(NodeRole role) {
        return NODES.stream().filter(n -> roleOf(n) == role).toList();
    }

    /** @return this cluster's nodes of {@code role} */
    List<String> roleNodes(NodeRole role) {
        return nodes.stream().filter(n -> roleOf(n) == role).toList();
    }

    // ---- EC2 / ELB --------------------------------------------------------------------------------------------

    List<Instance> instances() {
        Filter tag = Filter.builder().name("tag:ds-ec2:cluster").values(name).build();
        Filter live = Filter.builder().name("instance-state-name").values("pending", "running", "stopping", "stopped")
                .build();
        return ec2.describeInstances(b -> b.filters(tag, live)).reservations().stream()
                .flatMap(r -> r.instances().stream()).toList();
    }

    static String nodeOf(Instance i) {
        return i.tags().stream().filter(t -> t.key().equals("ds-ec2:node")).map(Tag::value).findFirst().orElse("");
    }

    Host host(String node) {
        return cloud.host(instanceIds.get(node)).orElseThrow(() -> new IllegalStateException("no host for " + node));
    }

    String ip(String node) {
        return ips.get(node);
    }

    String targetGroupArn() {
        return elb.describeTargetGroups(b -> b.names(name + "-api")).targetGroups().get(0).targetGroupArn();
    }

    /** @return api node id to its target state in the target group (healthy, draining, unused, ...) */
    Map<String, String> targetStates(String targetGroupArn) {
        Map<String, String> byInstance = new HashMap<>();
        instanceIds.forEach((n, id) -> byInstance.put(id, n));
        Map<String, String> out = new TreeMap<>();
        elb.describeTargetHealth(b -> b.targetGroupArn(targetGroupArn)).targetHealthDescriptions().forEach(d ->
                out.put(byInstance.getOrDefault(d.target().id(), d.target().id()), d.targetHealth().stateAsString()));
        return out;
    }

    // ---- health and registry -------------------------------------------------------------------------------

    URI healthUri(String node) {
        NodeRole role = roleOf(node);
        String prefix = role == NodeRole.API ? "/dolphinscheduler" : "";
        return URI.create("http://" + ip(node) + ":" + role.httpPort() + prefix + "/actuator/health");
    }

    /** @return the actuator health JSON of the node's server, empty if it does not answer 200 within 1 s */
    Optional<JsonNode> health(String node) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(healthUri(node)).timeout(Duration.ofSeconds(1))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(JsonNode.parser().parse(r.body())) : Optional.empty();
        } catch (java.io.IOException ex) {
            return Optional.empty();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    boolean healthUp(String node) {
        return health(node).map(j -> "UP".equals(j.asObject().get("status").asString())).orElse(false);
    }

    /** @return the JVM input arguments the node's running server reports (stand-in health detail) */
    List<String> jvmArgs(String node) {
        return health(node).map(j -> j.asObject().get("standin").asObject().get("jvmArgs").asArray().stream()
                .map(JsonNode::asString).toList()).orElse(List.of());
    }

    String registryDir(NodeRole role) {
        String dir = switch (role) {
            case MASTER -> "master";
            case WORKER -> "worker";
            case ALERT -> "alert-server";
            case API -> throw new IllegalArgumentException("api servers do not register");
        };
        return "/" + applied.registry().namespace() + "/nodes/" + dir;
    }

    String registryAddress(String node) {
        return ip(node) + ":" + roleOf(node).rpcPort();
    }

    /** @return this cluster's nodes of {@code role} registered now (the registry namespace is shared) */
    Set<String> registered(NodeRole role) throws Exception {
        Map<String, String> byAddress = new HashMap<>();
        roleNodes(role).forEach(n -> byAddress.put(registryAddress(n), n));
        return zk.getChildren().forPath(registryDir(role)).stream().filter(byAddress::containsKey).map(byAddress::get)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** @return the node's heartbeat JSON in the registry, empty if it is not registered */
    Optional<JsonNode> heartbeat(String node) {
        try {
            byte[] data = zk.getData().forPath(registryDir(roleOf(node)) + "/" + registryAddress(node));
            return Optional.of(JsonNode.parser().parse(new String(data, StandardCharsets.UTF_8)));
        } catch (org.apache.zookeeper.KeeperException.NoNodeException ex) {
            return Optional.empty();
        } catch (Exception ex) {
            throw new IllegalStateException("reading the registry for " + node + ": " + ex, ex);
        }
    }

    /** @return the heartbeat's {@code startupTime} (epoch ms) of a registered master, worker or alert; 0 if none */
    long registeredStartupTime(String node) {
        return heartbeat(node).map(j -> Long.parseLong(j.asObject().get("startupTime").asNumber())).orElse(0L);
    }

    /**
     * Waits until every node's server answers health UP, masters and workers (and the alert server) are registered
     * with a heartbeat, and both api nodes are healthy targets.
     */
    void awaitHealthy(Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        String tg = targetGroupArn();
        List<String> problems = List.of();
        while (System.nanoTime() < end) {
            problems = problems(tg);
            if (problems.isEmpty()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("cluster " + name + " not healthy within " + timeout + ": " + problems);
    }

    List<String> problems(String tg) throws Exception {
        List<String> p = new ArrayList<>();
        for (String n : nodes) {
            if (!healthUp(n)) {
                p.add(n + " health not UP");
            }
        }
        for (NodeRole r : List.of(NodeRole.MASTER, NodeRole.WORKER, NodeRole.ALERT)) {
            Set<String> reg = registered(r);
            roleNodes(r).stream().filter(n -> !reg.contains(n)).forEach(n -> p.add(n + " not registered"));
        }
        targetStates(tg).forEach((n, s) -> {
            if (!s.equals("healthy")) {
                p.add(n + " target " + s);
            }
        });
        if (!targetStates(tg).keySet().containsAll(roleNodes(NodeRole.API))) {
            p.add("targets " + targetStates(tg).keySet() + " lack an api node");
        }
        return p;
    }

    // ---- processes and files inside the nodes -----------------------------------------------------------------

    /**
     * @return an identity of the JVM serving the node's HTTP port: {@code <pid>@<start time in clock ticks since
     *     the host's boot>} (from {@code /proc/<pid>/stat}), empty if no process listens
     */
    String startMarker(String node) {
        int port = roleOf(node).httpPort();
        String script = "pid=$(ss -ltnpH 'sport = :" + port + "' | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2); "
                + "[ -n \"$pid\" ] && echo \"$pid@$(cut -d' ' -f22 /proc/$pid/stat)\" || true";
        return host(node).exec("sh", "-c", script).stdout().strip();
    }

    /** @return node id to {@link #startMarker} for the given nodes */
    Map<String, String> startMarkers(List<String> nodes) {
        Map<String, String> m = new TreeMap<>();
        nodes.forEach(n -> m.put(n, startMarker(n)));
        return m;
    }

    Map<String, String> startMarkers() {
        return startMarkers(nodes);
    }

    /** @return the files ds-ec2 renders on the node, relative to the install directory (ConfigRenderer.dolphinScheduler320()) */
    List<String> renderedPaths(String node) {
        return List.of("bin/env/dolphinscheduler_env.sh", ".ds-ec2/secrets.env",
                roleOf(node).serverDir() + "/bin/jvm_args_env.sh");
    }

    /** @return node to (rendered file to SHA-256 of its content, "missing" if absent); contents never leave here */
    Map<String, Map<String, String>> renderedFiles() {
        Map<String, Map<String, String>> all = new TreeMap<>();
        String install = applied.deployment().installPath();
        for (String n : nodes) {
            Map<String, String> files = new TreeMap<>();
            for (String f : renderedPaths(n)) {
                Host.ExecResult r = host(n).exec("cat", install + "/" + f);
                files.put(f, r.ok() ? sha256(r.stdout()) : "missing");
            }
            all.put(n, files);
        }
        return all;
    }

    /** @return the content of a rendered, non-secret file on the node */
    String file(String node, String relative) {
        Host.ExecResult r = host(node).exec("cat", applied.deployment().installPath() + "/" + relative);
        assertThat(r.ok()).as("cat %s on %s: %s", relative, node, r.stderr()).isTrue();
        return r.stdout();
    }

    /**
     * @param fileShas a node's rendered files (relative path to SHA-256 of the content), as {@link #renderedFiles}
     * @return the node's configuration digest as ConfigVersion documents it: HMAC-SHA256 under the cluster's digest
     *     key (the state store's {@code digest-key}) over {@code path NUL sha256 LF} of its rendered files in path order
     */
    String nodeDigest(Map<String, String> fileShas) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(fileShas).forEach((path, sha) -> sb.append(path).append('\0').append(sha).append('\n'));
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(java.nio.file.Files.readAllBytes(STATE.resolve(name)
                    .resolve("digest-key")), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot compute the digest with the cluster's digest-key", e);
        }
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    // ---- stand-in tasks and the metadata database ------------------------------------------------------------

    /** Starts a stand-in task of {@code durationMs} on the worker (through master-1); @return its task instance id */
    long startTask(String worker, long durationMs) throws Exception {
        String master = healthUp("master-1") ? "master-1" : "master-2";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + ip(master)
                        + ":5679/standin/tasks?worker=" + ip(worker) + ":1234&durationMs=" + durationMs))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("start a task on %s: %s", worker, r.body()).isEqualTo(200);
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(r.body());
        assertThat(m.find()).as(r.body()).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** @return task instance id to state (1 running, 7 success, 8 need fault tolerance, ...) */
    Map<Long, Integer> taskStates(List<Long> ids) throws Exception {
        Map<Long, Integer> out = new TreeMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        String in = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
        try (Connection c = DriverManager.getConnection(jdbcUrl, e.dbUser(), dbPassword);
             ResultSet rs = c.createStatement().executeQuery("select id, state from t_ds_task_instance where id in ("
                     + in + ")")) {
            while (rs.next()) {
                out.put(rs.getLong(1), rs.getInt(2));
            }
        }
        return out;
    }

    // ---- the CLI, in process ------------------------------------------------------------------------------------

    record Cli(int exit, String out) {
    }

    /** Runs the ds-ec2 CLI in this JVM, capturing what it prints on standard output. */
    static synchronized Cli cli(String... args) {
        java.io.PrintStream old = System.out;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        try (java.io.PrintStream p = new java.io.PrintStream(buf, true, StandardCharsets.UTF_8)) {
            System.setOut(p);
            int exit = io.dsec2.examples.cli.DsEc2Cli.run(args);
            p.flush();
            return new Cli(exit, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }
}
