package io.dsec2.examples.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.DsCluster;
import io.dsec2.exception.ClusterOperationException;
import io.dsec2.testkit.LocalCloud;
import io.dsec2.testkit.LocalCloudEndpoints;
import io.dsec2.testkit.LocalCloudExtension;
import io.dsec2.testkit.aws.LocalAws;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * Issue 17: a create whose database route is broken (nodes reach the database address, but its port refuses) fails
 * at the schema step with the schema tool's own JDBC error in the exception, the password masked, and rolls back.
 * PostgreSQL, as the issue saw it: the DolphinScheduler 3.2.0 stand-in's {@code tools/bin/upgrade-schema.sh} uses the
 * PostgreSQL driver that ships in the distribution and logs Hikari's pool failure with the driver's message.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemaFailureIT {
    static final Path STATE = Path.of("target/schema-failure-state");
    LocalCloudEndpoints e;
    String dbPassword;
    int refusingPort;

    @BeforeAll
    void setUp(LocalCloud cloud) throws Exception {
        e = cloud.endpoints();
        try (var sm = LocalAws.secretsManager(URI.create(e.awsEndpoint()), e.region())) {
            dbPassword = sm.getSecretValue(b -> b.secretId(e.dbSecretId())).secretString();
        }
        // a port of the bridge address nothing listens on: the hosts' firewall answers it with a TCP reset
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(e.gatewayIp()))) {
            refusingPort = s.getLocalPort();
        }
        if (Files.exists(STATE)) {
            try (var walk = Files.walk(STATE)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(STATE);
    }

    @Test
    void aRefusedDatabaseShowsTheSchemaToolsJdbcErrorAndNoSecret() {
        DsCluster cluster = LocalCloudSpecs.builder(e, "pgrefused", STATE).masters(1).workers(1).apis(1).alerts(0)
                .database(db -> db.postgresql(e.gatewayIp(), refusingPort, "dolphinscheduler")
                        .username(e.postgresUser()))
                .build();
        assertThatThrownBy(cluster::create).isInstanceOfSatisfying(ClusterOperationException.class, ex -> {
            System.out.println(ex.getMessage());
            assertThat(ex.failedNodes()).containsKey("master-1");
            assertThat(ex.getMessage()).contains("tools/bin/upgrade-schema.sh").contains("exit status 1")
                    .contains("last lines of stdout")
                    .contains("org.postgresql.util.PSQLException: Connection to " + e.gatewayIp() + ":" + refusingPort
                            + " refused")
                    .contains("Caused by: java.net.ConnectException: Connection refused")
                    .doesNotContain("\tat ")
                    .doesNotContain(dbPassword);
            assertThat(ex.rollback()).hasValueSatisfying(r -> assertThat(r).contains("terminated"));
        });
        try (Ec2Client ec2 = LocalAws.ec2(URI.create(e.awsEndpoint()), e.region())) {
            assertThat(ec2.describeInstances(b -> b.filters(Filter.builder().name("tag:ds-ec2:cluster")
                    .values("pgrefused").build(), Filter.builder().name("instance-state-name").values("running",
                    "pending").build())).reservations()).isEmpty();
        }
    }
}
