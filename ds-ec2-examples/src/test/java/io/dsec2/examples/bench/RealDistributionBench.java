package io.dsec2.examples.bench;

import io.dsec2.DsCluster;
import io.dsec2.DsClusterHandle;
import io.dsec2.event.ClusterListener;
import io.dsec2.event.StageEvent;
import io.dsec2.model.NodeRole;
import io.dsec2.model.RollingPolicy;
import io.dsec2.model.RolloutResult;
import io.dsec2.model.Secret;
import io.dsec2.testkit.LocalCloud;
import io.dsec2.testkit.LocalCloudEndpoints;
import io.dsec2.testkit.LocalCloudOptions;
import io.dsec2.testkit.aws.LocalAws;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * Benchmark (not a test) on the <b>real</b> DolphinScheduler 3.2.0 distribution ({@link LocalCloud#realPackage()}):
 * 2 masters, 2 workers, 1 api behind the ALB, 1 alert; every host's link shaped to 100 Mbit/s and +20 ms from the
 * {@code connect} stage on (as {@link CreateBench} does). Run as root through {@code scripts/bench.sh}:
 * <ul>
 *   <li>{@code create-real [runs]}: per run, a create with {@code package_file} and one with {@code package_url}, each
 *       on its own database and registry namespace; prints wall time, every stage's time, the critical path computed
 *       from the same run's task times ({@link TaskTimes#createCriticalPath}) with the ratio wall / critical path, and
 *       the bytes the client sent over SSH against the package's size.</li>
 *   <li>{@code rolling-real [runs]}: one cluster, then per run a rolling restart of the 2 workers and of the 2
 *       masters (batch size 1, 5 s monitor window, no pause); prints the wall time against the sum of each node's
 *       roll (drain, stop, files, start, gate) plus the monitor windows.</li>
 * </ul>
 */
public final class RealDistributionBench {
    private static final Duration MONITOR = Duration.ofSeconds(5);

    private RealDistributionBench() {
    }

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "create-real";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        try (LocalCloud cloud = LocalCloud.start(LocalCloudOptions.builder().build());
             Ec2Client ec2 = LocalAws.ec2(URI.create(cloud.endpoints().awsEndpoint()), cloud.endpoints().region())) {
            LocalCloud.ServedPackage real = cloud.realPackage();
            System.out.printf("real package %s, %.1f MiB%n", real.file(), Files.size(real.file()) / 1048576.0);
            switch (what) {
                case "create-real" -> createReal(cloud, ec2, real, runs);
                case "rolling-real" -> rollingReal(cloud, ec2, real, runs);
                case "install-sh" -> installSh(cloud, ec2, real, runs);
                default -> throw new IllegalArgumentException(
                        "usage: create-real [runs] | install-sh [runs] | rolling-real [runs]");
            }
        }
    }

    private static void createReal(LocalCloud cloud, Ec2Client ec2, LocalCloud.ServedPackage real, int runs)
            throws Exception {
        List<String> rows = new ArrayList<>();
        for (int r = 1; r <= runs; r++) {
            for (boolean file : new boolean[] {true, false}) {
                String name = "cr" + (file ? "file" : "url") + r;
                TaskTimes times = new TaskTimes();
                long[] bytes = new long[2];
                double wall = create(cloud, ec2, real, name, file, times, bytes);
                TaskTimes.Path cp = TaskTimes.createCriticalPath(times.tasks());
                System.out.printf("%n== %s: created in %.1f s%n", name, wall);
                times.stages().forEach((s, secs) -> System.out.printf("   stage %-20s %7.1f s%n", s, secs));
                System.out.printf("   critical path %.1f s: %s%n", cp.seconds(), describe(cp, times.tasks()));
                rows.add(String.format("%-10s | %-12s | %8.1f | %8.1f | %5.2f | %9.1f | %5.3f", name,
                        file ? "package_file" : "package_url", wall, cp.seconds(), wall / cp.seconds(),
                        bytes[0] / 1048576.0, bytes[0] / (double) Files.size(real.file())));
                terminate(ec2, name);
            }
        }
        System.out.println("\ncreate-real: 2 masters, 2 workers, 1 api (ALB), 1 alert; 100 Mbit/s, +20 ms");
        System.out.println("run        | package      | wall (s) | crit (s) | ratio | SSH (MiB) | SSH/package");
        System.out.println("-----------+--------------+----------+----------+-------+-----------+------------");
        rows.forEach(System.out::println);
    }

    private static void installSh(LocalCloud cloud, Ec2Client ec2, LocalCloud.ServedPackage real, int runs)
            throws Exception {
        List<String> rows = new ArrayList<>();
        for (int r = 1; r <= runs; r++) {
            Map<String, Double> upstream = InstallShBench.run(cloud, ec2, real, "installsh" + r);
            System.out.printf("%n== install.sh run %d: %s%n", r, upstream);
            String name = "dsec2file" + r;
            TaskTimes times = new TaskTimes();
            double wall = create(cloud, ec2, real, name, true, times, new long[2]);
            terminate(ec2, name);
            double launch = times.stages().getOrDefault("launch", 0.0) + times.stages().getOrDefault("connect", 0.0);
            System.out.printf("== ds-ec2 create run %d: %.1f s (launch + connect %.1f s); stages %s%n", r, wall, launch,
                    times.stages());
            rows.add(String.format("%3d | %12.1f | %13.1f | %13.1f | %5.2f", r, upstream.get("total"), wall,
                    wall - launch, (wall - launch) / upstream.get("total")));
        }
        System.out.println("\ninstall-sh: the same 6 hosts' shape, the same package, 100 Mbit/s, +20 ms");
        System.out.println("    install.sh: hand-made SSH mesh, scp, extract + configure, schema, install.sh, until UP");
        System.out.println("    ds-ec2 without launch + connect: from hosts that answer SSH, as install.sh starts");
        System.out.println("run | install.sh (s) | ds-ec2 all (s) | ds-ec2 w/o launch | ratio");
        System.out.println("----+----------------+----------------+-------------------+------");
        rows.forEach(System.out::println);
    }

    private static void rollingReal(LocalCloud cloud, Ec2Client ec2, LocalCloud.ServedPackage real, int runs)
            throws Exception {
        TaskTimes times = new TaskTimes();
        String name = "rollreal";
        double created = create(cloud, ec2, real, name, false, times, new long[2]);
        System.out.printf("created %s in %.1f s%n", name, created);
        DsCluster cluster = cluster(cloud, real, name, false, times).build();
        RollingPolicy policy = RollingPolicy.builder().batchSize(1).monitorWindow(MONITOR)
                .pauseBetweenBatches(Duration.ZERO).drainTimeout(Duration.ofMinutes(2))
                .healthTimeout(Duration.ofMinutes(5)).build();
        List<String> rows = new ArrayList<>();
        try {
            for (int r = 1; r <= runs; r++) {
                for (NodeRole role : List.of(NodeRole.WORKER, NodeRole.MASTER)) {
                    times.clear();
                    long t0 = System.nanoTime();
                    RolloutResult res = cluster.restart(role, policy);
                    double wall = (System.nanoTime() - t0) / 1e9;
                    Map<String, Double> tasks = times.tasks();
                    double rolls = tasks.entrySet().stream().filter(e -> e.getKey().startsWith("roll/"))
                            .mapToDouble(Map.Entry::getValue).sum();
                    int batches = res.restarted().size();
                    double budget = rolls + batches * MONITOR.toSeconds();
                    System.out.printf("%n== run %d, %s: %.1f s; stages %s%n", r, role, wall, times.stages());
                    rows.add(String.format("%3d | %-6s | %9d | %8.1f | %8.1f | %10.1f | %5.2f | %s", r, role,
                            res.restarted().size(), wall, rolls, budget, wall / budget, res.outcome()));
                }
            }
        } finally {
            terminate(ec2, name);
        }
        System.out.printf("%nrolling-real: batch size 1, monitor window %d s, no pause%n", MONITOR.toSeconds());
        System.out.println("run | role   | restarted | wall (s) | Σroll (s) | Σroll+mon. | ratio | outcome");
        System.out.println("----+--------+-----------+----------+-----------+------------+-------+--------");
        rows.forEach(System.out::println);
    }

    private static String describe(TaskTimes.Path p, Map<String, Double> tasks) {
        StringBuilder sb = new StringBuilder();
        for (String t : p.tasks()) {
            sb.append(sb.isEmpty() ? "" : " → ").append(t).append(String.format(" %.1f", tasks.get(t)));
        }
        return sb.toString();
    }

    /** Creates {@code name} and returns its wall time in seconds; {@code bytes[0]} gets the client's SSH bytes. */
    private static double create(LocalCloud cloud, Ec2Client ec2, LocalCloud.ServedPackage real, String name,
            boolean file, TaskTimes times, long[] bytes) throws Exception {
        LocalCloudEndpoints e = cloud.endpoints();
        String awsPort = URI.create(e.awsEndpoint()).getPort() + "";
        Path state = state(name);
        if (Files.exists(state)) {
            try (var walk = Files.walk(state)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        CreateBench.counters("-I", e.vpcCidr(), awsPort);
        try {
            DsCluster cluster = cluster(cloud, real, name, file, times).addListener(new ClusterListener() {
                        @Override
                        public void stageStarted(StageEvent ev) {
                            if (ev.stage().equals("connect")) {
                                CreateBench.shape(cloud, ec2, name);
                            }
                        }
                    }).build();
            long t0 = System.nanoTime();
            try (DsClusterHandle h = cluster.create()) {
                double wall = (System.nanoTime() - t0) / 1e9;
                bytes[0] = CreateBench.read(e.vpcCidr(), awsPort)[0];
                return wall;
            }
        } finally {
            CreateBench.counters("-D", e.vpcCidr(), awsPort);
        }
    }

    private static DsCluster.Builder cluster(LocalCloud cloud, LocalCloud.ServedPackage real, String name, boolean file,
            TaskTimes times) throws Exception {
        LocalCloudEndpoints e = cloud.endpoints();
        Matcher m = Pattern.compile("jdbc:mysql://([^:/]+):(\\d+)/([a-z0-9_]+)").matcher(cloud.createDatabase(name));
        if (!m.find()) {
            throw new IllegalStateException("unexpected JDBC URL for " + name);
        }
        return DsCluster.builder().name(name).region(e.region())
                .aws(a -> a.endpointOverride(URI.create(e.awsEndpoint())).subnets(e.subnetIds().toArray(String[]::new))
                        .keyPairName(e.keyPairName()).instanceProfile(e.instanceProfile()).adminCidr(e.vpcCidr()))
                .masters(g -> g.count(2).jvm(j -> j.heapMib(768).xmnMib(256)))
                .workers(g -> g.count(2).jvm(j -> j.heapMib(768).xmnMib(256)))
                .apis(g -> g.count(1).jvm(j -> j.heapMib(768).xmnMib(256)))
                .alerts(g -> g.count(1).jvm(j -> j.heapMib(384).xmnMib(128)))
                .loadBalancer(lb -> lb.enabled(true).deregistrationDelay(Duration.ofSeconds(5)))
                .database(db -> db.mysql(m.group(1), Integer.parseInt(m.group(2)), m.group(3))
                        .username(e.dbUser()).password(Secret.fromSecretsManager(e.dbSecretId())))
                .registry(zk -> zk.connectString(e.zookeeperConnectString()).namespace(name))
                .deployment(d -> {
                    d.sshPrivateKeyFile(Path.of(e.privateKeyFile())).mysqlDriverUrl(URI.create(e.mysqlDriverUrl()))
                            .mysqlDriverSha512(e.mysqlDriverSha512()).parallelism(16);
                    if (file) {
                        d.packageFile(real.file());
                    } else {
                        d.packageUrl(real.url()).packageSha512(real.sha512());
                    }
                })
                .stateDirectory(state(name)).addListener(times);
    }

    private static Path state(String name) {
        return Path.of(System.getProperty("java.io.tmpdir"), "ds-ec2-realbench", name);
    }

    private static void terminate(Ec2Client ec2, String name) {
        List<String> ids = CreateBench.instances(ec2, name).stream().map(Instance::instanceId).toList();
        if (!ids.isEmpty()) {
            ec2.terminateInstances(b -> b.instanceIds(ids));
        }
    }
}
