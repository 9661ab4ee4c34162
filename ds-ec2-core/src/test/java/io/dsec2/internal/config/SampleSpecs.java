package io.dsec2.internal.config;

import io.dsec2.model.ClusterSpec;
import io.dsec2.model.LoadBalancerScheme;
import io.dsec2.model.NodeGroupSpec;
import io.dsec2.model.NodeRole;
import io.dsec2.model.Secret;
import io.dsec2.model.SubnetSpec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Specs shared by the config-history tests. */
public final class SampleSpecs {
    private SampleSpecs() {
    }

    /** A spec that uses every section, every secret kind, named worker groups with their own jvm and config. */
    public static ClusterSpec rich() {
        Map<String, String> common = new LinkedHashMap<>();
        common.put("sudo.enable", "true");
        common.put("data.basedir.path", "/tmp/dolphinscheduler");
        common.put("yarn.resourcemanager.ha.rm.ids", "192.168.0.1:8088,null");
        return ClusterSpec.builder()
                .name("analytics")
                .aws(a -> a.region("us-east-1").vpcId("vpc-0abc").subnets(SubnetSpec.of("subnet-a", "us-east-1a"),
                                SubnetSpec.of("subnet-b"))
                        .securityGroupIds(List.of("sg-1", "sg-2")).adminCidr("203.0.113.7/32")
                        .apiAllowedCidrs(List.of("10.0.0.0/16")).keyPairName("ops").instanceProfile("ds-node")
                        .amiId("ami-0123").endpointOverride(URI.create("http://127.0.0.1:5000")).profile("yes"))
                .masters(g -> g.count(3).instanceType("m6i.2xlarge").securityGroupIds(List.of("sg-m"))
                        .jvm(j -> j.xmsMib(6144).xmxMib(8192).xmnMib(3072).extraOptions("-XX:+UseG1GC", "-Xss1m"))
                        .putConfig("master.exec-threads", "200").putConfig("master.reserved-memory", "0.1"))
                .workers(g -> g.count(4).rootVolumeSizeGib(100).subnets("subnet-a")
                        .putConfig("worker.exec-threads", "150")
                        .putConfig("worker.registry-disconnect-strategy.max-waiting-time", "60s"))
                .addWorkerGroup(NodeGroupSpec.builder(NodeRole.WORKER).name("gpu").count(2).instanceType("r6i.xlarge")
                        .jvm(j -> j.heapMib(16384).xmnMib(8192)).putConfig("worker.exec-threads", "50").build())
                .addWorkerGroup(NodeGroupSpec.builder(NodeRole.WORKER).name("123").count(1).build())
                .apis(g -> g.count(2).putConfig("api.audit-enable", "on"))
                .alerts(g -> g.instanceType("t3.medium").putConfig("alert.wait-timeout", "5000"))
                .database(d -> d.postgresql("db.internal", 5433, "ds").params("sslmode=require").username("null")
                        .password(Secret.literal("S3cr3t: 'x' #1")))
                .registry(r -> r.connectString("10.0.1.10:2181,10.0.2.10:2181").namespace("ds-a")
                        .sessionTimeout(Duration.ofSeconds(60)).blockUntilConnected(Duration.ofMillis(1500)))
                .storage(s -> s.bucket("ds-resources").prefix("/ds").region("eu-west-1").endpoint("http://127.0.0.1:9000")
                        .accessKeyId(Secret.fromSsmParameter("/ds/s3/key-id"))
                        .secretAccessKey(Secret.fromFile(Path.of("/run/secrets/s3"))))
                .loadBalancer(l -> l.enabled(true).scheme(LoadBalancerScheme.INTERNET_FACING).subnets("subnet-a", "subnet-b")
                        .allowedCidrs("198.51.100.0/24").deregistrationDelay(Duration.ofSeconds(20))
                        .healthCheckPath("/dolphinscheduler/actuator/health"))
                .deployment(d -> d.installPath("/srv/ds").deployUser("ds").sshUser("ubuntu")
                        .sshPrivateKeyFile(Path.of("/etc/ds-ec2/ops.pem")).jumpHost("ec2-user@bastion:22")
                        .javaHome("/usr/lib/jvm/java-17").packageUrl(URI.create("https://mirror.example.com/ds-3.2.0.tar.gz"))
                        .packageSha512("ab".repeat(64)).parallelism(3).rollbackOnFailure(false))
                .commonProperties(common)
                .pythonGatewayEnabled(true).pythonGatewayToken(Secret.fromEnv("DS_TOKEN"))
                .adminPassword(Secret.fromSecretsManager("ds/admin"))
                .build();
    }
}
