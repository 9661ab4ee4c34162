package io.dsec2.examples.bench;

import io.dsec2.DsCluster;
import io.dsec2.DsClusterHandle;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * Benchmark (not a test): on the LocalCloud, a cluster of 1 master, 6 workers, 1 api and 1 alert; times a rolling
 * restart of the 6 workers with batch sizes 1, 2 and 3 (the same 5 s monitor window and 1 min drain timeout for all;
 * no tasks run, so drains end at once) and prints a table. Run as root: {@code scripts/bench.sh rolling [monitorSeconds]}.
 */
public final class RollingRestartBench {
    private RollingRestartBench() {
    }

    public static void main(String[] args) throws Exception {
        Duration monitor = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 5);
        try (LocalCloud cloud = LocalCloud.start(LocalCloudOptions.builder().build());
             Ec2Client ec2 = LocalAws.ec2(URI.create(cloud.endpoints().awsEndpoint()), cloud.endpoints().region())) {
            LocalCloudEndpoints e = cloud.endpoints();
            Matcher m = Pattern.compile("jdbc:mysql://([^:/]+):(\\d+)/").matcher(e.jdbcUrl());
            if (!m.find()) {
                throw new IllegalStateException("unexpected JDBC URL " + e.jdbcUrl());
            }
            String name = "rollbench";
            Path state = Files.createTempDirectory("ds-ec2-rollbench");
            DsCluster cluster = DsCluster.builder().name(name).region(e.region())
                    .aws(a -> a.endpointOverride(URI.create(e.awsEndpoint())).subnets(e.subnetIds().toArray(String[]::new))
                            .keyPairName(e.keyPairName()).instanceProfile(e.instanceProfile()).adminCidr(e.vpcCidr()))
                    .masters(1).workers(6).apis(1).alerts(1)
                    .database(db -> db.mysql(m.group(1), Integer.parseInt(m.group(2)), "dolphinscheduler")
                            .username(e.dbUser()).password(Secret.fromSecretsManager(e.dbSecretId())))
                    .registry(zk -> zk.connectString(e.zookeeperConnectString()))
                    .deployment(d -> d.sshPrivateKeyFile(Path.of(e.privateKeyFile())).packageUrl(URI.create(e.packageUrl()))
                            .packageSha512(e.packageSha512()).mysqlDriverUrl(URI.create(e.mysqlDriverUrl()))
                            .mysqlDriverSha512(e.mysqlDriverSha512()))
                    .stateDirectory(state)
                    .build();
            try {
                long t0 = System.nanoTime();
                try (DsClusterHandle h = cluster.create()) {
                    System.out.printf("created %d nodes in %.1f s%n", h.nodes().size(),
                            (System.nanoTime() - t0) / 1e9);
                }
                List<String> rows = new ArrayList<>();
                for (int batch : new int[] {1, 2, 3}) {
                    RollingPolicy policy = RollingPolicy.builder().batchSize(batch).monitorWindow(monitor)
                            .drainTimeout(Duration.ofMinutes(1)).healthTimeout(Duration.ofMinutes(3)).build();
                    long s = System.nanoTime();
                    RolloutResult r = cluster.restart(NodeRole.WORKER, policy);
                    double secs = (System.nanoTime() - s) / 1e9;
                    rows.add(String.format("%10d | %7d | %9d | %8.1f | %s", batch, (6 + batch - 1) / batch,
                            r.restarted().size(), secs, r.outcome()));
                }
                System.out.printf("%nrolling restart of 6 workers, monitor window %d s%n", monitor.toSeconds());
                System.out.println("batch size | batches | restarted | time (s) | outcome");
                System.out.println("-----------+---------+-----------+----------+----------");
                rows.forEach(System.out::println);
            } finally {
                List<String> ids = instances(ec2, name).stream().map(Instance::instanceId).toList();
                if (!ids.isEmpty()) {
                    ec2.terminateInstances(b -> b.instanceIds(ids));
                }
            }
        }
    }

    static List<Instance> instances(Ec2Client ec2, String cluster) {
        Filter tag = Filter.builder().name("tag:ds-ec2:cluster").values(cluster).build();
        Filter live = Filter.builder().name("instance-state-name").values("pending", "running").build();
        return ec2.describeInstances(b -> b.filters(tag, live)).reservations().stream()
                .flatMap(r -> r.instances().stream()).toList();
    }
}
