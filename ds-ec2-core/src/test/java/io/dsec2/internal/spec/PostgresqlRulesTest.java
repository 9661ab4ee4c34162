package io.dsec2.internal.spec;

import static io.dsec2.internal.spec.SpecValidatorTest.at;
import static io.dsec2.internal.spec.SpecValidatorTest.error;
import static io.dsec2.internal.spec.SpecValidatorTest.valid;
import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.model.ClusterSpec;
import io.dsec2.model.DatabaseSpec;
import io.dsec2.model.DatabaseType;
import io.dsec2.model.Secret;
import io.dsec2.model.Violation;
import org.junit.jupiter.api.Test;

class PostgresqlRulesTest {
    private static final String AURORA = "analytics.cluster-c9akciq32.us-east-1.rds.amazonaws.com";

    private static ClusterSpec.Builder pg(String params) {
        return valid().database(d -> {
            d.postgresql(AURORA, 5432, "dolphinscheduler");
            if (params != null) {
                d.params(params);
            }
        });
    }

    @Test
    void postgresqlUrlRequiresTlsByDefaultAndKeepsTheUsersParameters() {
        DatabaseSpec plain = DatabaseSpec.builder().postgresql(AURORA, 0, "dolphinscheduler").username("ds")
                .password(Secret.fromEnv("PW")).build();
        assertThat(plain.port()).isEqualTo(5432);
        assertThat(plain.jdbcUrl()).isEqualTo("jdbc:postgresql://" + AURORA + ":5432/dolphinscheduler?sslmode=require");
        assertThat(plain.copy(b -> b.params("currentSchema=ds")).jdbcUrl())
                .isEqualTo("jdbc:postgresql://" + AURORA + ":5432/dolphinscheduler?currentSchema=ds&sslmode=require");
        assertThat(plain.copy(b -> b.params("sslmode=verify-full&sslrootcert=/etc/rds.pem")).params())
                .isEqualTo("sslmode=verify-full&sslrootcert=/etc/rds.pem");
        assertThat(plain.copy(b -> b.params("SSLMODE=disable")).params()).isEqualTo("SSLMODE=disable");
        // the default is not stored: back to MySQL, MySQL's own default applies (not touched here)
        assertThat(plain.copy(b -> b.type(DatabaseType.MYSQL)).params()).isEqualTo(DatabaseSpec.DEFAULT_MYSQL_PARAMS);
        // a copy through the builder (and the YAML writer, which writes params()) is equal
        assertThat(plain.copy(b -> b.params(plain.params()))).isEqualTo(plain);
    }

    @Test
    void auroraClusterEndpointIsAcceptedAndTlsByDefaultRaisesNothing() {
        assertThat(pg(null).validate()).isEmpty();
        assertThat(pg("currentSchema=dolphinscheduler").validate()).isEmpty();
        assertThat(pg("currentSchema=ds,public&sslmode=verify-full&sslrootcert=/etc/rds-ca.pem").validate()).isEmpty();
    }

    @Test
    void tlsTurnedOffIsAWarningNamingTheParameter() {
        for (String mode : new String[] {"disable", "allow", "prefer", "DISABLE"}) {
            Violation v = at(pg("sslmode=" + mode).validate(), "database.params").orElseThrow();
            assertThat(v.isError()).isFalse();
            assertThat(v.message()).contains("sslmode=" + mode).contains("unencrypted").contains("remove sslmode");
        }
    }

    @Test
    void badSslModeAndSchemaAreErrors() {
        assertThat(error(pg("sslmode=required"), "database.params").message()).contains("sslmode='required'")
                .contains("verify-full");
        assertThat(error(pg("currentSchema=my schema"), "database.params").message())
                .contains("currentSchema='my schema'");
        assertThat(error(pg("currentSchema="), "database.params").message()).contains("currentSchema=''");
    }

    @Test
    void auroraReaderEndpointIsAWarningForBothEngines() {
        String reader = "analytics.cluster-ro-c9akciq32.us-east-1.rds.amazonaws.com";
        Violation pgWarn = at(valid().database(d -> d.postgresql(reader, 5432, "dolphinscheduler")).validate(),
                "database.host").orElseThrow();
        assertThat(pgWarn.isError()).isFalse();
        assertThat(pgWarn.message()).contains("reader endpoint").contains("writer");
        assertThat(at(valid().database(d -> d.mysql(reader, 3306, "dolphinscheduler")).validate(), "database.host"))
                .hasValueSatisfying(v -> assertThat(v.isError()).isFalse());
    }
}
