package io.dsec2.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.DsCluster;
import io.dsec2.DsClusterHandle;
import io.dsec2.model.ClusterNode;
import io.dsec2.model.NodeGroupSpec;
import io.dsec2.model.NodeRole;
import io.dsec2.testkit.LocalCloud;
import io.dsec2.testkit.LocalCloudEndpoints;
import io.dsec2.testkit.LocalCloudExtension;
import io.dsec2.testkit.aws.LocalAws;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** Issue 4: the spec's named worker groups become rows of DolphinScheduler's t_ds_worker_group (REST), once. */
@ExtendWith(LocalCloudExtension.class)
class WorkerGroupsIT {
    static final Path STATE = Path.of("target/it-state-wg");

    @Test
    void namedWorkerGroupsAreWrittenThroughTheRestApiAndStayOneRowEach(LocalCloud cloud) throws Exception {
        if (Files.exists(STATE)) {
            try (var walk = Files.walk(STATE)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        LocalCloudEndpoints e = cloud.endpoints();
        String password;
        try (var sm = LocalAws.secretsManager(URI.create(e.awsEndpoint()), e.region())) {
            password = sm.getSecretValue(b -> b.secretId(e.dbSecretId())).secretString();
        }
        DsCluster cluster = LocalCloudSpecs.builder(e, "wgit", STATE).masters(1).workers(1).apis(1).alerts(0)
                .addWorkerGroup(NodeGroupSpec.builder(NodeRole.WORKER).name("wgit-etl").count(2).build()).build();
        List<String> etl = new ArrayList<>();
        try (DsClusterHandle h = cluster.create()) {
            assertThat(h.nodes()).extracting(ClusterNode::nodeId).contains("worker-1", "worker-2", "worker-3");
            // worker-1 is the default group's; worker-2 and worker-3 are wgit-etl's
            h.nodes().stream().filter(n -> n.nodeId().equals("worker-2") || n.nodeId().equals("worker-3"))
                    .forEach(n -> etl.add(n.privateIp() + ":1234"));
        }
        java.util.Collections.sort(etl);
        assertThat(rows(e, password)).containsExactly(String.join(",", etl));
        try (DsClusterHandle again = cluster.create()) {
            assertThat(again.nodes()).hasSize(5);
        }
        assertThat(rows(e, password)).as("a re-run updates in place").containsExactly(String.join(",", etl));
        try (Ec2Client ec2 = LocalAws.ec2(URI.create(e.awsEndpoint()), e.region())) {
            var tag = software.amazon.awssdk.services.ec2.model.Filter.builder().name("tag:ds-ec2:cluster").values("wgit").build();
            List<String> ids = ec2.describeInstances(b -> b.filters(tag)).reservations().stream()
                    .flatMap(r -> r.instances().stream()).map(i -> i.instanceId()).toList();
            ec2.terminateInstances(b -> b.instanceIds(ids));
        }
    }

    static List<String> rows(LocalCloudEndpoints e, String password) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(e.jdbcUrl(), e.dbUser(), password);
             PreparedStatement ps = c.prepareStatement("select addr_list from t_ds_worker_group where name = ?")) {
            ps.setString(1, "wgit-etl");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // one row; its addresses in sorted order, as ds-ec2 writes them
                    out.add(String.join(",", new java.util.TreeSet<>(List.of(rs.getString(1).split(",")))));
                }
            }
        }
        return out;
    }
}
