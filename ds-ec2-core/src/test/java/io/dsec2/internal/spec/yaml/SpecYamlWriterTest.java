package io.dsec2.internal.spec.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.exception.InvalidClusterSpecException;
import io.dsec2.internal.config.SampleSpecs;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.DatabaseType;
import io.dsec2.model.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SpecYamlWriterTest {
    static final Function<String, String> FIXED_SALT = path -> "salt-" + path.replace('.', '-');

    static ClusterSpec rich() {
        return SampleSpecs.rich();
    }

    static ClusterSpec minimal() {
        return ClusterSpec.builder().name("mini").region("eu-west-1").subnets("subnet-aaa")
                .database(d -> d.host("db.internal").username("ds").password(Secret.fromSecretsManager("ds/db")))
                .registry(r -> r.connectString("10.0.0.5:2181")).build();
    }

    static Stream<ClusterSpec> specs() throws Exception {
        return Stream.of(rich(), minimal(),
                rich().copy(b -> b.noStorage().loadBalancer(l -> l.enabled(false)).pythonGatewayEnabled(false)
                        .database(d -> d.type(DatabaseType.MYSQL).port(0).params(""))),
                YamlSpecReader.read(fixture("full-seeds.yaml")),
                YamlSpecReader.read(fixture("minimal.yaml")),
                YamlSpecReader.read(Path.of("../examples/cluster-aws.yaml")),
                YamlSpecReader.read(localCloudExample(), "cluster-localcloud.yaml"));
    }

    /** examples/cluster-localcloud.yaml with its ${...} placeholders filled as scripts/demo.sh would. */
    static String localCloudExample() throws Exception {
        Map<String, String> values = Map.ofEntries(Map.entry("awsEndpoint", "http://127.0.0.1:5000"),
                Map.entry("dbHost", "127.0.0.1"), Map.entry("dbPort", "3306"), Map.entry("dbSecretId", "ds/db"),
                Map.entry("dbUser", "ds"), Map.entry("instanceProfile", "ds-node"), Map.entry("keyPairName", "ops"),
                Map.entry("mysqlDriverUrl", "http://127.0.0.1:8000/mysql.jar"),
                Map.entry("packageUrl", "http://127.0.0.1:8000/ds.tar.gz"), Map.entry("privateKeyFile", "/tmp/k.pem"),
                Map.entry("region", "us-east-1"), Map.entry("subnetIds", "subnet-1, subnet-2"),
                Map.entry("vpcCidr", "10.0.0.0/16"), Map.entry("zookeeperConnectString", "127.0.0.1:2181"),
                Map.entry("packageSha512", "ab".repeat(64)), Map.entry("mysqlDriverSha512", "cd".repeat(64)));
        String text = Files.readString(Path.of("../examples/cluster-localcloud.yaml"));
        for (Map.Entry<String, String> e : values.entrySet()) {
            text = text.replace("${" + e.getKey() + "}", e.getValue());
        }
        assertThat(text).doesNotContainPattern("\\$\\{[a-zA-Z]");
        return text;
    }

    static Path fixture(String name) throws Exception {
        return Path.of(SpecYamlWriterTest.class.getResource("/specs/" + name).toURI());
    }

    @ParameterizedTest
    @MethodSource("specs")
    void writtenYamlReadsBackAsTheSameSpec(ClusterSpec spec) {
        String yaml = SpecYamlWriter.write(spec, FIXED_SALT);

        ClusterSpec back = RecordedSpecs.read(yaml, "version 1", spec);

        assertThat(back).isEqualTo(spec);
        assertThat(SpecYamlWriter.write(back, FIXED_SALT)).isEqualTo(yaml);
    }

    @Test
    void specsWithoutLiteralSecretsReadBackWithThePlainReader() throws Exception {
        ClusterSpec spec = YamlSpecReader.read(fixture("full-seeds.yaml"));
        assertThat(YamlSpecReader.read(SpecYamlWriter.write(spec), "x")).isEqualTo(spec);
        ClusterSpec noLiteral = rich().copy(b -> b.database(d -> d.password(Secret.fromEnv("DB_PW"))));
        assertThat(YamlSpecReader.read(SpecYamlWriter.write(noLiteral), "x")).isEqualTo(noLiteral);
    }

    @Test
    void outputIsDeterministicAndWritesDefaultsExplicitly() {
        String a = SpecYamlWriter.write(minimal(), FIXED_SALT);
        String b = SpecYamlWriter.write(minimal(), FIXED_SALT);

        assertThat(a).isEqualTo(b);
        assertThat(SpecYamlWriter.write(minimal())).isEqualTo(a); // no literal secret: no salt involved
        assertThat(a).contains("namespace: dolphinscheduler", "session_timeout: PT30S", "install_path: /opt/dolphinscheduler",
                "parallelism: 8", "rollback_on_failure: true", "instance_type: m6i.xlarge", "root_volume_size_gib: 30",
                "port: 3306", "params: useUnicode=true&characterEncoding=UTF-8&sslMode=REQUIRED");
    }

    @Test
    void stringsThatLookLikeOtherTypesStayStrings() {
        String yaml = SpecYamlWriter.write(rich(), FIXED_SALT);
        assertThat(yaml).contains("username: 'null'", "name: '123'", "profile: 'yes'", "sudo.enable: 'true'");
    }

    @Test
    void literalSecretsAreNeverWrittenInClear() {
        String yaml = SpecYamlWriter.write(rich());

        assertThat(yaml).doesNotContain("S3cr3t");
        assertThat(yaml).containsPattern("password:\\s+redacted: pbkdf2-sha256:100000:[0-9a-f]{32}:[0-9a-f]{64}");
        assertThat(SpecYamlWriter.write(rich())).isNotEqualTo(yaml); // a fresh salt per write
        assertThat(yaml).contains("secret_access_key:\n    file: /run/secrets/s3", "ssm: /ds/s3/key-id",
                "auth_token:\n        env: DS_TOKEN");
    }

    @Test
    void aLiteralIsRecordedAsPbkdf2AndTheSha256FormOfEarlierVersionsStillMatches() {
        String form = SpecYamlWriter.redact("pw-1", "abc");

        // RFC 8018 PBKDF2-HMAC-SHA256, 100,000 iterations, 32 bytes (the same value as Python's hashlib.pbkdf2_hmac)
        assertThat(form).isEqualTo("pbkdf2-sha256:100000:abc:5179d08ec4ef2dab2c4489d2deb551f59902a675346748c4e0fe71dde242beae");
        assertThat(SpecYamlWriter.sameSecret(form, "pw-1")).isTrue();
        assertThat(SpecYamlWriter.sameSecret(form, "pw-2")).isFalse();
        assertThat(SpecYamlWriter.sameSecret("sha256:abc:02bf556a5d944b41e291fc6b0fa9b848d54ece3c3226b856954fdffe00b510db", "pw-1")).as("v1 form").isTrue();
        assertThat(SpecYamlWriter.sameSecret("sha256:abc:02bf556a5d944b41e291fc6b0fa9b848d54ece3c3226b856954fdffe00b510db", "pw-2")).isFalse();
        assertThat(SpecYamlWriter.sameSecret("sha256:abc", "pw-1")).isFalse();
        assertThat(SpecYamlWriter.sameSecret("pbkdf2-sha256:99999999:abc:5179d08ec4ef2dab2c4489d2deb551f59902a675346748c4e0fe71dde242beae", "pw-1")).as("too many iterations")
                .isFalse();
        assertThat(SpecYamlWriter.sameSecret("pbkdf2-sha256:0:abc:5179d08ec4ef2dab2c4489d2deb551f59902a675346748c4e0fe71dde242beae", "pw-1")).isFalse();
        assertThat(SpecYamlWriter.sameSecret("plain", "plain")).isFalse();
    }

    @Test
    void readRecordedRestoresLiteralsFromTheCurrentSpec() {
        String yaml = SpecYamlWriter.write(rich());
        ClusterSpec current = rich().copy(b -> b.masters(g -> g.count(5)));

        ClusterSpec back = SpecYamlWriter.readRecorded(yaml, "version 2", current);

        assertThat(back).isEqualTo(rich());
        assertThat(back.database().password().orElseThrow().literalValue()).isEqualTo("S3cr3t: 'x' #1");
    }

    @Test
    void readRecordedFailsClearlyWhenTheLiteralChanged() {
        String yaml = SpecYamlWriter.write(rich());
        ClusterSpec changed = rich().copy(b -> b.database(d -> d.password(Secret.literal("other-pw"))));
        ClusterSpec referenced = rich().copy(b -> b.database(d -> d.password(Secret.fromEnv("DB_PW"))));

        assertThatThrownBy(() -> RecordedSpecs.read(yaml, "version 3", changed))
                .isInstanceOf(InvalidClusterSpecException.class)
                .hasMessageContaining("version 3 used a literal secret at database.password that differs from the"
                        + " current spec's; give it in the spec again or use secrets_manager/ssm/env/file")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("S3cr3t", "other-pw"));
        assertThatThrownBy(() -> RecordedSpecs.read(yaml, "version 3", referenced))
                .isInstanceOf(InvalidClusterSpecException.class)
                .hasMessageContaining("database.password").hasMessageContaining("does not have");
    }

    @Test
    void thePlainReaderRejectsRedactedSecretsWithAFix() {
        String yaml = SpecYamlWriter.write(rich());

        assertThatThrownBy(() -> YamlSpecReader.read(yaml, "config.yaml"))
                .isInstanceOf(InvalidClusterSpecException.class)
                .hasMessageContaining("database.password")
                .hasMessageContaining("give the secret itself");
    }

    @Test
    void specsWithNoYamlFormAreRefusedNotMisrecorded() {
        ClusterSpec bareKey = minimal().copy(b -> b.workers(g -> g.putConfig("exec-threads", "5")));

        // an option with a space is no longer a valid spec at all (one JVM option per token, issue 10)
        assertThatThrownBy(() -> minimal().copy(b -> b.masters(g -> g.jvm(j -> j.extraOptions(
                "--add-opens java.base/java.lang=ALL-UNNAMED")))))
                .isInstanceOf(InvalidClusterSpecException.class).hasMessageContaining("jvm.master.extra_opts");
        assertThatThrownBy(() -> SpecYamlWriter.write(bareKey))
                .isInstanceOf(InvalidClusterSpecException.class).hasMessageContaining("service_config.worker");
    }

    @Test
    void writtenFileCanBeReadFromDisk() throws Exception {
        Path dir = Files.createTempDirectory("specyaml");
        try {
            Path f = dir.resolve("v1.yaml");
            Files.writeString(f, SpecYamlWriter.write(minimal()));
            assertThat(YamlSpecReader.read(f)).isEqualTo(minimal());
        } finally {
            Files.deleteIfExists(dir.resolve("v1.yaml"));
            Files.deleteIfExists(dir);
        }
    }
}
