package io.dsec2.examples.bench;

import io.dsec2.DsCluster;
import io.dsec2.DsClusterHandle;
import io.dsec2.model.ClusterStatus;
import io.dsec2.model.Secret;
import io.dsec2.testkit.LocalCloud;
import io.dsec2.testkit.LocalCloudEndpoints;
import io.dsec2.testkit.LocalCloudOptions;
import io.dsec2.testkit.aws.LocalAws;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * Benchmark (not a test): creates a 24-node cluster (3 masters, 16 workers, 3 api, 2 alert, ALB) on the
 * LocalCloud and times {@code status()} a few times (the first call includes SSH connection setup), then
 * terminates the cluster. Run as root with the test class path:
 * <pre>
 * java -cp (test class path) io.dsec2.examples.bench.StatusBench [runs]
 * </pre>
 */
public final class StatusBench {
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        try (LocalCloud cloud = LocalCloud.start(LocalCloudOptions.builder().build())) {
            LocalCloudEndpoints e = cloud.endpoints();
            String name = "statusbench";
            Matcher m = Pattern.compile("jdbc:mysql://([^:/]+):(\\d+)/").matcher(e.jdbcUrl());
            m.find();
            Path state = Files.createTempDirectory("ds-ec2-status-bench");
            DsCluster cluster = DsCluster.builder().name(name).region(e.region())
                    .aws(a -> a.endpointOverride(URI.create(e.awsEndpoint())).subnets(e.subnetIds().toArray(String[]::new))
                            .keyPairName(e.keyPairName()).instanceProfile(e.instanceProfile()).adminCidr(e.vpcCidr()))
                    .masters(3).workers(16).apis(3).alerts(2).loadBalancer(lb -> lb.enabled(true))
                    .database(db -> db.mysql(m.group(1), Integer.parseInt(m.group(2)), "dolphinscheduler")
                            .username(e.dbUser()).password(Secret.fromSecretsManager(e.dbSecretId())))
                    .registry(zk -> zk.connectString(e.zookeeperConnectString()))
                    .deployment(d -> d.sshPrivateKeyFile(Path.of(e.privateKeyFile())).packageUrl(URI.create(e.packageUrl()))
                            .packageSha512(e.packageSha512()).mysqlDriverUrl(URI.create(e.mysqlDriverUrl()))
                            .mysqlDriverSha512(e.mysqlDriverSha512()).parallelism(16))
                    .stateDirectory(state)
                    .build();
            try (Ec2Client ec2 = LocalAws.ec2(URI.create(e.awsEndpoint()), e.region())) {
                try {
                    long t0 = System.nanoTime();
                    try (DsClusterHandle h = cluster.create()) {
                        System.out.printf("created %d nodes in %.1f s%n", h.nodes().size(),
                                Duration.ofNanos(System.nanoTime() - t0).toMillis() / 1000.0);
                    }
                    for (int i = 1; i <= runs; i++) {
                        long s0 = System.nanoTime();
                        ClusterStatus s = cluster.status();
                        System.out.printf("status #%d: %s, %d nodes, %d ms (wall %d ms)%n", i, s.verdict(),
                                s.nodes().size(), s.duration().toMillis(), Duration.ofNanos(System.nanoTime() - s0).toMillis());
                        if (i == runs) {
                            System.out.print(s.toTable());
                        }
                    }
                } finally {
                    List<String> ids = instances(ec2, name).stream().map(Instance::instanceId).toList();
                    if (!ids.isEmpty()) {
                        ec2.terminateInstances(b -> b.instanceIds(ids));
                    }
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
