package io.dsec2.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.DsCluster;
import io.dsec2.exception.InvalidClusterSpecException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretTest {
    private static final String VALUE = "S3cr3t!";

    @Test
    void toStringShowsKindAndReferenceOnly() {
        assertThat(Secret.fromSecretsManager("ds/db")).hasToString("Secret[secretsmanager:ds/db]");
        assertThat(Secret.fromSsmParameter("/ds/db")).hasToString("Secret[ssm:/ds/db]");
        assertThat(Secret.fromEnv("DS_DB_PASSWORD")).hasToString("Secret[env:DS_DB_PASSWORD]");
        assertThat(Secret.fromFile(Path.of("/run/secrets/db"))).hasToString("Secret[file:/run/secrets/db]");
        assertThat(Secret.literal(VALUE)).hasToString("Secret[literal:****]");
        assertThat(Secret.literal(VALUE).reference()).isEqualTo("****");
    }

    @Test
    void literalsCompareByValueAndReferencesByReference() {
        assertThat(Secret.literal(VALUE)).isEqualTo(Secret.literal(VALUE)).isNotEqualTo(Secret.literal("other"));
        assertThat(Secret.fromEnv("A")).isEqualTo(Secret.fromEnv("A")).isNotEqualTo(Secret.fromSsmParameter("A"));
        assertThat(Secret.literal(VALUE).literalValue()).isEqualTo(VALUE);
    }

    @Test
    void referencesDoNotHandOutALiteralValue() {
        assertThatThrownBy(() -> Secret.fromSecretsManager("ds/db").literalValue())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Secret[secretsmanager:ds/db]");
        assertThatThrownBy(() -> Secret.fromEnv(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void literalSecretsAppearInNoToStringMessageOrViolation() {
        Secret pw = Secret.literal(VALUE);
        ClusterSpec spec = DsCluster.builder()
                .name("analytics").region("us-east-1").subnets("subnet-a", "subnet-b").masters(2)
                .database(db -> db.mysql("db.internal", 3306, "dolphinscheduler").username("ds").password(pw))
                .registry(zk -> zk.connectString("10.0.1.10:2181"))
                .storage(s -> s.bucket("ds-resources").accessKeyId(pw).secretAccessKey(pw))
                .spec(b -> b.pythonGatewayEnabled(true).pythonGatewayToken(pw)
                        .commonProperties(java.util.Map.of("resource.aws.secret.access.key", VALUE)))
                .build().spec();

        List<String> texts = new ArrayList<>();
        texts.add(spec.toString());
        texts.add(spec.database().toString());
        texts.add(spec.storage().orElseThrow().toString());
        spec.warnings().forEach(v -> texts.add(v.toString()));
        InvalidClusterSpecException e = null;
        try {
            spec.toBuilder().name("").build();
        } catch (InvalidClusterSpecException caught) {
            e = caught;
        }
        assertThat(e).isNotNull();
        texts.add(e.getMessage());

        assertThat(spec.warnings()).extracting(Violation::path).contains("database.password",
                "storage.access_key_id", "storage.secret_access_key",
                "service_config.api.python_gateway.auth_token", "service_config.common.resource.aws.secret.access.key");
        assertThat(texts).allSatisfy(t -> assertThat(t).doesNotContain(VALUE));
        assertThat(spec.toString()).contains("Secret[literal:****]").contains("resource.aws.secret.access.key=****");
    }

    @Test
    void secretsManagerPasswordAppearsOnlyAsItsReference() {
        ClusterSpec spec = DsCluster.builder()
                .name("analytics").region("us-east-1").subnets("subnet-a", "subnet-b").masters(2)
                .database(db -> db.mysql("db.internal", 3306, "dolphinscheduler").username("ds")
                        .password(Secret.fromSecretsManager("ds/db")))
                .registry(zk -> zk.connectString("10.0.1.10:2181"))
                .build().spec();
        assertThat(spec.toString()).contains("password=Secret[secretsmanager:ds/db]");
    }
}
