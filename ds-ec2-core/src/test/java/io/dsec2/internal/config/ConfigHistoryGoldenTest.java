package io.dsec2.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.exception.InvalidClusterSpecException;
import io.dsec2.internal.spec.yaml.RecordedSpecs;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.ConfigVersion;
import io.dsec2.model.LoadBalancerScheme;
import io.dsec2.model.NodeGroupSpec;
import io.dsec2.model.NodeRole;
import io.dsec2.model.Secret;
import io.dsec2.model.SubnetSpec;
import io.dsec2.model.VersionStatus;
import io.dsec2.spi.StateStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden files of the configuration history ({@link ConfigHistory}): for each version {@code versions/<nnnnnn>.meta}
 * ({@code key=value} lines), {@code .yaml} (the spec, literal secrets redacted) and {@code .status} (one
 * {@link VersionStatus} name). Proof that this version reads the history earlier versions recorded, and still
 * records it the same way.
 *
 * <p>{@code src/test/resources/golden/config-history/v1-*} were written once by {@link ConfigHistory#record} and
 * {@link ConfigHistory#status} and are checked in; nothing here regenerates them. {@code v1-full} (version 2) sets
 * every field: a rollback based on version 1, a multi-line note and a created-by with backslashes, node digests, and a
 * spec using every section and every secret kind, one of them literal (so redacted). {@code v1-minimal} (version 1) is
 * a version with every optional field at its default and a spec with only the required fields.
 * {@code v1-statuses.txt} lists every status a {@code .status} file may hold.
 *
 * <p>{@code v2-full.yaml} is {@code v1-full.yaml} with the literal secret in today's form,
 * {@code pbkdf2-sha256:<iterations>:<salt>:<hex>} (v1 wrote one salted SHA-256, which a weak password does not survive
 * offline); its {@code .meta} and {@code .status} are the v1 files, whose format did not change.
 *
 * <p>Two parts of what the writer produces are not fixed, and are compared for meaning, not bytes: the salt of a
 * redacted literal secret is random per write, and the order of the {@code node.*} lines of a {@code .meta} file
 * follows an unordered map.
 *
 * <p><b>To change the format</b>, do not edit or regenerate a v1 file: add {@code v2-*} files and tests for the new
 * writer, and keep the v1 reading tests passing, because a later version must list, compare and roll back to
 * versions recorded by this one.
 */
class ConfigHistoryGoldenTest {
    static final String CLUSTER = "analytics";
    static final Instant MINIMAL_AT = Instant.parse("2026-11-20T17:30:00Z");
    static final Instant FULL_AT = Instant.parse("2026-11-21T08:00:00.250Z");
    static final String FULL_NOTE = "roll back to v1: worker threads too high\nticket OPS-42 = urgent; keys in "
            + "C:\\new\\ops.pem, trailing backslash \\";
    static final String FULL_BY = "CORP\\nina@build-host.example.com";
    static final String FULL_DIGEST = "6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b";
    static final Map<String, String> NODE_DIGESTS = Map.of(
            "alert-1", "d4735e3a265e16eee03f59718b9b5d03019c07d8b6c51f90da3a666eec13ab35",
            "api-1", "4e07408562bedb8b60ce05c1decfe3ad16b72230967de01f640b7e4729b49fce",
            "master-1", "4b227777d4dd1fc61c6f884f48641d02b4d121d3fd328cb08b5531fcacdabf8a",
            "master-2", "ef2d127de37b942baad06145e54b0c619a1f22327b2ebbcfbec78f5564afe39d",
            "worker-1", "e7f6c011776e8db7cd330b54174fd76f7d0216b612387a5ffcfb81e6f0919683",
            "worker-gpu-1", "7902699be42c8a8e46fbbb4501726517e86b22c56a189f7625a6da49081b2451");
    static final String DB_PASSWORD = "S3cr3t: 'x' #1";

    @TempDir
    Path dir;

    /**
     * Every optional field set: every section, every secret kind (the database password a literal), tags, volume
     * settings, named worker groups with their own jvm and config, HTTPS load balancer, MySQL driver (not a package file:
     * the spec checks that it exists locally).
     */
    static ClusterSpec fullSpec() {
        Map<String, String> common = new LinkedHashMap<>();
        common.put("sudo.enable", "true");
        common.put("data.basedir.path", "/tmp/dolphinscheduler");
        common.put("yarn.resourcemanager.ha.rm.ids", "192.168.0.1:8088,null");
        return ClusterSpec.builder()
                .name(CLUSTER)
                .aws(a -> a.region("us-east-1").vpcId("vpc-0abc").subnets(SubnetSpec.of("subnet-a", "us-east-1a"),
                                SubnetSpec.of("subnet-b"))
                        .securityGroupIds(List.of("sg-1", "sg-2")).adminCidr("203.0.113.7/32")
                        .apiAllowedCidrs(List.of("10.0.0.0/16")).keyPairName("ops").instanceProfile("ds-node")
                        .amiId("ami-0123").endpointOverride(URI.create("http://127.0.0.1:5000")).profile("yes")
                        .putTag("team", "data-platform").putTag("cost-center", "CC-1234"))
                .masters(g -> g.count(3).instanceType("m6i.2xlarge").securityGroupIds(List.of("sg-m"))
                        .rootVolumeType("gp3").rootVolumeIops(4000).rootVolumeThroughput(250).putTag("role", "master")
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
                        .password(Secret.literal(DB_PASSWORD)))
                .registry(r -> r.connectString("10.0.1.10:2181,10.0.2.10:2181").namespace("ds-a")
                        .sessionTimeout(Duration.ofSeconds(60)).blockUntilConnected(Duration.ofMillis(1500))
                        .connectionTimeout(Duration.ofSeconds(12)).retryBaseSleep(Duration.ofMillis(100))
                        .retryMaxRetries(7).retryMaxSleep(Duration.ofSeconds(2)))
                .storage(s -> s.bucket("ds-resources").prefix("/ds").region("eu-west-1").endpoint("http://127.0.0.1:9000")
                        .accessKeyId(Secret.fromSsmParameter("/ds/s3/key-id"))
                        .secretAccessKey(Secret.fromFile(Path.of("/run/secrets/s3"))))
                .loadBalancer(l -> l.enabled(true).scheme(LoadBalancerScheme.INTERNET_FACING).subnets("subnet-a", "subnet-b")
                        .allowedCidrs("198.51.100.0/24").deregistrationDelay(Duration.ofSeconds(20))
                        .healthCheckPath("/dolphinscheduler/actuator/health").healthCheckInterval(Duration.ofSeconds(10))
                        .healthCheckTimeout(Duration.ofSeconds(4)).healthyThreshold(3).unhealthyThreshold(4)
                        .idleTimeout(Duration.ofSeconds(120))
                        .certificateArn("arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"))
                .deployment(d -> d.installPath("/srv/ds").deployUser("ds").sshUser("ubuntu")
                        .sshPrivateKeyFile(Path.of("/etc/ds-ec2/ops.pem")).jumpHost("ec2-user@bastion:22")
                        .jumpHostFingerprint("SHA256:" + "A".repeat(42) + "E")
                        .javaHome("/usr/lib/jvm/java-17").packageUrl(URI.create("https://mirror.example.com/ds-3.2.0.tar.gz"))
                        .packageSha512("ab".repeat(64))
                        .mysqlDriverUrl(URI.create("https://mirror.example.com/mysql-connector-j-8.0.33.jar"))
                        .mysqlDriverSha512("cd".repeat(64)).parallelism(3).rollbackOnFailure(false))
                .commonProperties(common)
                .pythonGatewayEnabled(true).pythonGatewayToken(Secret.fromEnv("DS_TOKEN"))
                .adminPassword(Secret.fromSecretsManager("ds/admin"))
                .build();
    }

    /** Only the required fields, no literal secret. */
    static ClusterSpec minimalSpec() {
        return ClusterSpec.builder().name(CLUSTER).region("eu-west-1").subnets("subnet-aaa")
                .database(d -> d.host("db.internal").username("ds").password(Secret.fromSecretsManager("ds/db")))
                .registry(r -> r.connectString("10.0.0.5:2181")).build();
    }

    static ConfigVersion.Builder minimalDraft() {
        return ConfigVersion.builder().createdAt(MINIMAL_AT).spec(minimalSpec()).renderedDigest("");
    }

    static ConfigVersion.Builder fullDraft() {
        return ConfigVersion.builder().createdAt(FULL_AT).createdBy(FULL_BY).note(FULL_NOTE).operation("rollback")
                .basedOn(1).spec(fullSpec()).renderedDigest(FULL_DIGEST).nodeDigests(NODE_DIGESTS);
    }

    static byte[] golden(String name) throws IOException {
        try (InputStream in = ConfigHistoryGoldenTest.class.getResourceAsStream("/golden/config-history/" + name)) {
            assertThat(in).as("golden file %s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    private StateStore goldenStore() throws IOException {
        StateStore store = StateStore.directory(dir);
        for (String part : List.of("meta", "yaml", "status")) {
            store.write(CLUSTER, "versions/000001." + part, golden("v1-minimal." + part));
            store.write(CLUSTER, "versions/000002." + part, golden("v1-full." + part));
        }
        return store;
    }

    // ---- reading ----

    @Test
    void v1FullReadsEveryField() throws IOException {
        ConfigHistory h = new ConfigHistory(goldenStore(), CLUSTER, fullSpec());
        ConfigVersion v = h.get(2);
        assertThat(v.number()).isEqualTo(2);
        assertThat(v.createdAt()).isEqualTo(FULL_AT);
        assertThat(v.createdBy()).isEqualTo(FULL_BY);
        assertThat(v.note()).isEqualTo(FULL_NOTE);
        assertThat(v.operation()).isEqualTo("rollback");
        assertThat(v.basedOn()).isEqualTo(1);
        assertThat(v.renderedDigest()).isEqualTo(FULL_DIGEST);
        assertThat(v.nodeDigests()).containsExactlyInAnyOrderEntriesOf(NODE_DIGESTS);
        assertThat(v.status()).isEqualTo(VersionStatus.APPLIED);
        assertThat(v.spec()).isEqualTo(fullSpec());
        assertThat(v.spec().database().password()).contains(Secret.literal(DB_PASSWORD)); // restored from the current spec
        assertThat(v.spec().storage().orElseThrow().accessKeyId()).contains(Secret.fromSsmParameter("/ds/s3/key-id"));
        assertThat(v.spec().pythonGatewayToken()).contains(Secret.fromEnv("DS_TOKEN"));
        assertThat(v.spec().adminPassword()).contains(Secret.fromSecretsManager("ds/admin"));
        assertThat(v).isEqualTo(fullDraft().number(2).status(VersionStatus.APPLIED).build());
        assertThat(h.deployableSpec(2)).isEqualTo(fullSpec());
    }

    @Test
    void v2FullRestoresItsPbkdf2LiteralFromTheCurrentSpecAndRefusesAnother() throws IOException {
        StateStore store = goldenStore();
        store.write(CLUSTER, "versions/000002.yaml", golden("v2-full.yaml"));
        ConfigHistory h = new ConfigHistory(store, CLUSTER, fullSpec());
        assertThat(h.get(2).spec()).isEqualTo(fullSpec());
        assertThat(h.deployableSpec(2)).isEqualTo(fullSpec());
        ClusterSpec other = fullSpec().copy(b -> b.database(d -> d.password(Secret.literal("changed"))));
        assertThatThrownBy(() -> new ConfigHistory(store, CLUSTER, other).deployableSpec(2))
                .isInstanceOf(InvalidClusterSpecException.class).hasMessageNotContaining(DB_PASSWORD);
    }

    @Test
    void v1FullWithAnotherLiteralInTheCurrentSpecStillListsButCannotBeDeployed() throws IOException {
        ClusterSpec other = fullSpec().copy(b -> b.database(d -> d.password(Secret.literal("changed"))));
        ConfigHistory h = new ConfigHistory(goldenStore(), CLUSTER, other);
        assertThat(RecordedSpecs.isUnknown(h.get(2).spec().database().password().orElseThrow())).isTrue();
        assertThatThrownBy(() -> h.deployableSpec(2)).isInstanceOf(InvalidClusterSpecException.class)
                .hasMessageContaining("database.password").hasMessageNotContaining(DB_PASSWORD);
    }

    @Test
    void v1MinimalReadsEveryFieldAtItsDefault() throws IOException {
        ConfigHistory h = new ConfigHistory(goldenStore(), CLUSTER, fullSpec());
        ConfigVersion v = h.get(1);
        assertThat(v.number()).isEqualTo(1);
        assertThat(v.createdAt()).isEqualTo(MINIMAL_AT);
        assertThat(v.createdBy()).isEqualTo("unknown");
        assertThat(v.note()).isEmpty();
        assertThat(v.operation()).isEqualTo("update");
        assertThat(v.basedOn()).isZero();
        assertThat(v.renderedDigest()).isEmpty();
        assertThat(v.nodeDigests()).isEmpty();
        assertThat(v.status()).isEqualTo(VersionStatus.IN_PROGRESS);
        assertThat(v.spec()).isEqualTo(minimalSpec());
        assertThat(RecordedSpecs.readStandalone(new String(golden("v1-minimal.yaml"), StandardCharsets.UTF_8), "v1"))
                .isEqualTo(minimalSpec());
        assertThat(h.all()).extracting(ConfigVersion::number).containsExactly(1, 2);
        assertThat(h.latest()).map(ConfigVersion::number).contains(2);
        assertThat(h.latestApplied()).map(ConfigVersion::number).contains(2);
    }

    @Test
    void everyV1StatusReads() throws IOException {
        StateStore store = goldenStore();
        ConfigHistory h = new ConfigHistory(store, CLUSTER, fullSpec());
        String[] names = new String(golden("v1-statuses.txt"), StandardCharsets.UTF_8).split("\n");
        assertThat(names).containsExactly("IN_PROGRESS", "APPLIED", "ROLLED_BACK", "SUPERSEDED");
        for (String name : names) {
            store.write(CLUSTER, "versions/000001.status", (name + "\n").getBytes(StandardCharsets.UTF_8));
            assertThat(h.get(1).status()).isEqualTo(VersionStatus.valueOf(name));
        }
        assertThat(Arrays.stream(VersionStatus.values()).map(Enum::name)).containsExactly(names);
    }

    // ---- writing ----

    @Test
    void todaysHistoryWritesV1MinimalByteForByte() throws IOException {
        StateStore store = StateStore.directory(dir);
        new ConfigHistory(store, CLUSTER, minimalSpec()).record(minimalDraft());
        assertThat(text(store, "versions/000001.meta")).isEqualTo(new String(golden("v1-minimal.meta"), StandardCharsets.UTF_8));
        assertThat(text(store, "versions/000001.yaml")).isEqualTo(new String(golden("v1-minimal.yaml"), StandardCharsets.UTF_8));
        assertThat(text(store, "versions/000001.status")).isEqualTo(new String(golden("v1-minimal.status"), StandardCharsets.UTF_8));
    }

    @Test
    void todaysHistoryWritesV2FullAlikeUpToTheSaltAndTheNodeOrder() throws IOException {
        StateStore store = StateStore.directory(dir);
        ConfigHistory h = new ConfigHistory(store, CLUSTER, fullSpec());
        h.record(minimalDraft());
        h.record(fullDraft());
        h.status(2, VersionStatus.APPLIED);
        // the node.* lines follow an unordered map: the same lines, other lines in order
        List<String> meta = List.of(text(store, "versions/000002.meta").split("\n", -1));
        List<String> goldenMeta = List.of(new String(golden("v1-full.meta"), StandardCharsets.UTF_8).split("\n", -1));
        assertThat(meta.stream().filter(l -> !l.startsWith("node."))).containsExactlyElementsOf(
                goldenMeta.stream().filter(l -> !l.startsWith("node.")).toList());
        assertThat(meta.stream().filter(l -> l.startsWith("node."))).containsExactlyInAnyOrderElementsOf(
                goldenMeta.stream().filter(l -> l.startsWith("node.")).toList());
        assertThat(goldenMeta.stream().filter(l -> l.startsWith("node."))).hasSize(NODE_DIGESTS.size());
        // a literal secret's salt is random per write
        String yaml = text(store, "versions/000002.yaml");
        String goldenYaml = new String(golden("v2-full.yaml"), StandardCharsets.UTF_8);
        assertThat(unsalted(yaml)).isEqualTo(unsalted(goldenYaml));
        assertThat(goldenYaml).doesNotContain(DB_PASSWORD).containsOnlyOnce("pbkdf2-sha256:100000:");
        assertThat(yaml).doesNotContain(DB_PASSWORD).containsOnlyOnce("pbkdf2-sha256:100000:");
        assertThat(text(store, "versions/000002.status")).isEqualTo(new String(golden("v1-full.status"), StandardCharsets.UTF_8));
    }

    @Test
    void todaysStatusWriterWritesEveryV1Status() throws IOException {
        StateStore store = StateStore.directory(dir);
        ConfigHistory h = new ConfigHistory(store, CLUSTER, minimalSpec());
        StringBuilder all = new StringBuilder();
        for (VersionStatus s : VersionStatus.values()) {
            h.status(1, s);
            all.append(text(store, "versions/000001.status"));
        }
        assertThat(all.toString()).isEqualTo(new String(golden("v1-statuses.txt"), StandardCharsets.UTF_8));
    }

    private static String unsalted(String yaml) {
        return yaml.replaceAll("pbkdf2-sha256:100000:[^:\"]+:[0-9a-f]{64}", "pbkdf2-sha256:100000:<salt>:<hex>");
    }

    private static String text(StateStore store, String key) {
        return new String(store.read(CLUSTER, key).orElseThrow(), StandardCharsets.UTF_8);
    }
}
