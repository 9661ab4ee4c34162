package io.dsec2.internal.ds;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.model.DatabaseSpec;
import io.dsec2.model.DatabaseType;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MetadataDatabaseTest {

    @Test
    void timeoutsAreGivenInEachDriversUnit() {
        Properties my = MetadataDatabase.properties(DatabaseType.MYSQL, "ds", "pw", Duration.ofSeconds(5),
                Duration.ofMinutes(1));
        assertThat(my).containsEntry("user", "ds").containsEntry("password", "pw")
                .containsEntry("connectTimeout", "5000").containsEntry("socketTimeout", "60000")
                .doesNotContainKey("loginTimeout");
        Properties pg = MetadataDatabase.properties(DatabaseType.POSTGRESQL, "ds", null, Duration.ofMillis(1500),
                Duration.ofMinutes(1));
        assertThat(pg).containsEntry("user", "ds").doesNotContainKey("password")
                .containsEntry("connectTimeout", "2").containsEntry("loginTimeout", "2")
                .containsEntry("socketTimeout", "60");
        assertThat(MetadataDatabase.properties(DatabaseType.POSTGRESQL, "ds", null, Duration.ZERO, Duration.ZERO))
                .containsEntry("connectTimeout", "1").containsEntry("socketTimeout", "1");
    }

    @Test
    void identifiersAreQuotedForEachEngine() {
        assertThat(MetadataDatabase.quote(DatabaseType.MYSQL, "t_ds_user")).isEqualTo("`t_ds_user`");
        assertThat(MetadataDatabase.quote(DatabaseType.MYSQL, "a`b")).isEqualTo("`a``b`");
        assertThat(MetadataDatabase.quote(DatabaseType.POSTGRESQL, "QRTZ_LOCKS")).isEqualTo("\"QRTZ_LOCKS\"");
        assertThat(MetadataDatabase.quote(DatabaseType.POSTGRESQL, "a\"b")).isEqualTo("\"a\"\"b\"");
    }

    @Test
    void missingTablesAndMissingDriversAreRecognisedForBothEngines() {
        assertThat(MetadataDatabase.missingTable(new SQLException("Table 'd.t_ds_version' doesn't exist", "42S02",
                1146))).isTrue();
        assertThat(MetadataDatabase.missingTable(new SQLException("relation \"t_ds_version\" does not exist",
                "42P01"))).isTrue();
        assertThat(MetadataDatabase.missingTable(new SQLException("permission denied", "42501"))).isFalse();
        SQLException none = new SQLException("No suitable driver found for jdbc:postgresql://db:5432/ds", "08001");
        assertThat(MetadataDatabase.noDriver(none)).isTrue();
        DatabaseSpec spec = DatabaseSpec.builder().postgresql("db", 5432, "ds").username("ds").build();
        MetadataDatabase db = new MetadataDatabase(spec, "secret-pw", Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(db.describe(none)).contains("no JDBC driver for POSTGRESQL").contains("org.postgresql:postgresql");
        assertThat(db.describe(new SQLException("x", "28P01", 0))).isEqualTo("SQLState 28P01, error 0");
    }

    @Test
    void withoutADriverEveryReadFailsWithTheDriverMissingAndNoSecret() {
        // this module's test class path has no PostgreSQL driver: what a library user without one sees
        DatabaseSpec spec = DatabaseSpec.builder().postgresql("127.0.0.1", 1, "ds").username("ds").build();
        MetadataDatabase db = new MetadataDatabase(spec, "secret-pw", Duration.ofSeconds(1), Duration.ofSeconds(1));
        try {
            db.schemaVersion();
            throw new AssertionError("no driver, yet a version was read");
        } catch (SQLException e) {
            assertThat(MetadataDatabase.noDriver(e)).as(e.toString()).isTrue();
            assertThat(db.describe(e)).doesNotContain("secret-pw");
        }
    }
}
