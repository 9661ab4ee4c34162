package io.dsec2.examples.bench;

import io.dsec2.DsCluster;
import io.dsec2.DsClusterHandle;
import io.dsec2.event.ClusterListener;
import io.dsec2.event.StageEvent;
import io.dsec2.model.Secret;
import io.dsec2.testkit.LocalCloud;
import io.dsec2.testkit.LocalCloudEndpoints;
import io.dsec2.testkit.LocalCloudOptions;
import io.dsec2.testkit.aws.LocalAws;
import io.dsec2.testkit.internal.Processes;
import io.dsec2.testkit.net.Host;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * Benchmark (not a test): create clusters of 4 and 13 nodes on the LocalCloud with 20 ms of added SSH round-trip
 * latency and a 100 Mbit/s limit on every host's link, and report the create time and the bytes the client sent
 * (SSH and AWS API, counted by iptables in this machine's OUTPUT chain). Run as root:
 * <pre>
 * mvn -q -pl ds-ec2-examples -am test-compile exec... or: java -cp (test class path) io.dsec2.examples.bench.CreateBench [padMiB]
 * </pre>
 */
public final class CreateBench {
    private static final String TAG = "dsec2-bench";

    public static void main(String[] args) throws Exception {
        long padMib = args.length > 0 ? Long.parseLong(args[0]) : 100;
        try (LocalCloud cloud = LocalCloud.start(LocalCloudOptions.builder().packagePaddingBytes(padMib << 20).build())) {
            LocalCloudEndpoints e = cloud.endpoints();
            System.out.printf("package %s (%d MiB padding)%n", e.packageUrl(), padMib);
            double small = run(cloud, e, new int[] {1, 1, 1, 1});
            double large = run(cloud, e, new int[] {2, 8, 2, 1});
            System.out.printf("t(13)/t(4) = %.2f%n", large / small);
        }
    }

    /** @return the create's wall time in seconds */
    static double run(LocalCloud cloud, LocalCloudEndpoints e, int[] s) throws Exception {
        int n = s[0] + s[1] + s[2] + s[3];
        String name = "bench" + n;
        String cidr = e.vpcCidr();
        String aws = URI.create(e.awsEndpoint()).getPort() + "";
        counters("-I", cidr, aws);
        try (Ec2Client ec2 = LocalAws.ec2(URI.create(e.awsEndpoint()), e.region())) {
            Matcher m = Pattern.compile("jdbc:mysql://([^:/]+):(\\d+)/").matcher(e.jdbcUrl());
            m.find();
            Path state = Files.createTempDirectory("ds-ec2-bench");
            DsCluster cluster = DsCluster.builder().name(name).region(e.region())
                    .aws(a -> a.endpointOverride(URI.create(e.awsEndpoint())).subnets(e.subnetIds().toArray(String[]::new))
                            .keyPairName(e.keyPairName()).instanceProfile(e.instanceProfile()).adminCidr(cidr))
                    .masters(s[0]).workers(s[1]).apis(s[2]).alerts(s[3])
                    .database(db -> db.mysql(m.group(1), Integer.parseInt(m.group(2)), "dolphinscheduler")
                            .username(e.dbUser()).password(Secret.fromSecretsManager(e.dbSecretId())))
                    .registry(zk -> zk.connectString(e.zookeeperConnectString()))
                    .deployment(d -> d.sshPrivateKeyFile(Path.of(e.privateKeyFile())).packageUrl(URI.create(e.packageUrl()))
                            .packageSha512(e.packageSha512()).mysqlDriverUrl(URI.create(e.mysqlDriverUrl()))
                            .mysqlDriverSha512(e.mysqlDriverSha512()).parallelism(16))
                    .stateDirectory(state)
                    .addListener(new ClusterListener() {
                        @Override
                        public void stageStarted(StageEvent ev) {
                            if (ev.stage().equals("connect")) {
                                shape(cloud, ec2, name);
                            }
                        }
                    })
                    .build();
            long t0 = System.nanoTime();
            double seconds;
            try (DsClusterHandle h = cluster.create()) {
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                long[] bytes = read(cidr, aws);
                System.out.printf("%2d nodes: create %.1f s; client sent %.2f MiB over SSH, %.2f MiB to the AWS endpoint%n",
                        h.nodes().size(), took.toMillis() / 1000.0, bytes[0] / 1048576.0, bytes[1] / 1048576.0);
                seconds = took.toMillis() / 1000.0;
            }
            List<String> ids = instances(ec2, name).stream().map(Instance::instanceId).toList();
            ec2.terminateInstances(b -> b.instanceIds(ids));
            return seconds;
        } finally {
            counters("-D", cidr, aws);
        }
    }

    static void shape(LocalCloud cloud, Ec2Client ec2, String cluster) {
        Set<String> ips = instances(ec2, cluster).stream().map(Instance::privateIpAddress).collect(Collectors.toSet());
        for (Host h : cloud.hosts()) {
            if (ips.contains(h.privateIp())) {
                h.addLatency(Duration.ofMillis(20));
                h.limitBandwidth(100_000_000L);
            }
        }
    }

    static List<Instance> instances(Ec2Client ec2, String cluster) {
        Filter tag = Filter.builder().name("tag:ds-ec2:cluster").values(cluster).build();
        Filter live = Filter.builder().name("instance-state-name").values("pending", "running").build();
        return ec2.describeInstances(b -> b.filters(tag, live)).reservations().stream()
                .flatMap(r -> r.instances().stream()).toList();
    }

    static void counters(String op, String cidr, String awsPort) {
        Processes.run("iptables", "-w", op, "OUTPUT", "-d", cidr, "-p", "tcp", "--dport", "22", "-m", "comment",
                "--comment", TAG + "-ssh", "-j", "ACCEPT");
        Processes.run("iptables", "-w", op, "OUTPUT", "-p", "tcp", "--dport", awsPort, "-m", "comment",
                "--comment", TAG + "-aws", "-j", "ACCEPT");
    }

    static long[] read(String cidr, String awsPort) {
        String out = Processes.run("iptables", "-w", "-L", "OUTPUT", "-v", "-x", "-n").stdout();
        long ssh = 0;
        long aws = 0;
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (line.contains(TAG + "-ssh")) {
                ssh = Long.parseLong(f[1]);
            } else if (line.contains(TAG + "-aws")) {
                aws = Long.parseLong(f[1]);
            }
        }
        return new long[] {ssh, aws};
    }
}
