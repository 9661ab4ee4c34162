package io.dsec2.security;

import static io.dsec2.security.HostileSpecTest.BASE;
import static io.dsec2.security.HostileSpecTest.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.DsCluster;
import io.dsec2.exception.InvalidClusterSpecException;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The database connection is safe by default: TLS on, only harmless driver properties (issue 10, item 3). */
class DatabaseConnectionSafetyTest {
    static ClusterSpec spec(String params) {
        return DsCluster.fromYaml(BASE.replace("database: {host: db,", "database: {host: db, params: '" + params
                + "',"), "t.yaml").spec();
    }

    static InvalidClusterSpecException invalid(String params) {
        try {
            spec(params);
        } catch (InvalidClusterSpecException e) {
            return e;
        }
        throw new AssertionError("expected an invalid spec for params " + params);
    }

    @Test
    void mysqlRequiresTlsByDefault() {
        String url = DsCluster.fromYaml(BASE, "t").spec().database().jdbcUrl();
        assertThat(url).contains("sslMode=REQUIRED").doesNotContain("useSSL=false");
        assertThat(spec("characterEncoding=UTF-8").database().jdbcUrl())
                .endsWith("?characterEncoding=UTF-8&sslMode=REQUIRED");
        assertThat(spec("sslMode=VERIFY_IDENTITY").database().jdbcUrl()).endsWith("?sslMode=VERIFY_IDENTITY");
    }

    @Test
    void turningTlsOffIsAWarningNamingTheRisk() {
        for (String off : List.of("useSSL=false", "sslMode=DISABLED", "sslMode=PREFERRED")) {
            List<Violation> found = DsCluster.fromYaml(BASE, "t").spec().toBuilder()
                    .database(d -> d.params(off)).validate();
            assertThat(found).filteredOn(v -> v.path().equals("database.params")).singleElement()
                    .satisfies(v -> assertThat(v.isError()).isFalse())
                    .satisfies(v -> assertThat(v.message()).contains("in clear"));
            assertThat(spec(off).database().jdbcUrl()).contains(off);
        }
    }

    @Test
    void dangerousDriverPropertiesAreRefusedByName() {
        for (String name : List.of("allowLoadLocalInfile", "allowUrlInLocalInfile", "autoDeserialize",
                "allowLoadLocalInfileInPath", "ALLOWLOADLOCALINFILE", "queryInterceptors", "allowMultiQueries",
                "socketFactory", "propertiesTransform")) {
            InvalidClusterSpecException e = invalid("useUnicode=true&" + name + "=true");
            assertThat(at(e, "database.params." + name).message()).contains("not a driver property");
        }
        at(invalid("characterEncoding=UTF-8 OR 1"), "database.params.characterEncoding");
    }

    @Test
    void postgresqlParamsAreAllowListedToo() {
        String pg = BASE.replace("database: {host: db,", "database: {type: postgresql, host: db, params: '%s',");
        assertThat(DsCluster.fromYaml(String.format(pg, "sslmode=verify-full&ApplicationName=ds"), "t").spec()
                .database().params()).isEqualTo("sslmode=verify-full&ApplicationName=ds");
        try {
            DsCluster.fromYaml(String.format(pg, "socketFactory=org.example.Evil"), "t");
            throw new AssertionError("socketFactory accepted");
        } catch (InvalidClusterSpecException e) {
            at(e, "database.params.socketFactory");
        }
    }
}
