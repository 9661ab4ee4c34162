package io.dsec2.examples.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.examples.cli.DsEc2Cli;
import io.dsec2.model.ChangeSet;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.ConfigVersion;
import io.dsec2.model.NodeRole;
import io.dsec2.model.RollingPolicy;
import io.dsec2.model.RolloutResult;
import io.dsec2.model.UpdateOptions;
import io.dsec2.model.VersionStatus;
import io.dsec2.testkit.LocalCloudExtension;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 5's history acceptance on the shared {@link RollingCluster}: {@code history} lists every version with its
 * note (create is version 1), through the API and the CLI; {@code rollback} to version 1 records a new version whose
 * rendered configuration equals version 1's, and every node then holds exactly the files it had after create and
 * runs them.
 */
@ExtendWith({LocalCloudExtension.class, RollingClusterExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfigRollbackIT {
    RollingCluster c;
    String note;

    @BeforeAll
    void setUp(RollingCluster c) {
        this.c = c;
    }

    @BeforeEach
    void healthy() throws Exception {
        c.awaitHealthy(Duration.ofMinutes(2));
    }

    static RollingPolicy quick() {
        return RollingPolicy.builder().batchSize(1).monitorWindow(Duration.ofSeconds(1))
                .healthTimeout(Duration.ofMinutes(2)).drainTimeout(Duration.ofSeconds(10)).build();
    }

    @Test
    @Order(1)
    void historyListsEveryVersionWithItsNote() throws Exception {
        int threads = Integer.parseInt(c.heartbeat("worker-1").orElseThrow().asObject().get("workerExecThreadCount")
                .asNumber()) + 5;
        note = "rollback-it: worker exec threads " + threads;
        ClusterSpec desired = c.applied().copy(b -> b.workers(w -> w.putConfig("worker.exec-threads",
                Integer.toString(threads))));
        RolloutResult r = c.cluster(desired).update(desired, UpdateOptions.builder().note(note).policy(quick()).build());
        c.applied(desired);
        assertThat(r.outcome()).isEqualTo(RolloutResult.Outcome.COMPLETED);

        List<ConfigVersion> history = c.cluster().history();
        assertThat(history.size()).isGreaterThanOrEqualTo(2);
        assertThat(history).extracting(ConfigVersion::number)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, history.size()).boxed().toList());
        ConfigVersion v1 = history.get(0);
        assertThat(v1.operation()).isEqualTo("create");
        assertThat(v1.status()).isIn(VersionStatus.APPLIED, VersionStatus.SUPERSEDED);
        assertThat(v1.nodeDigests()).containsOnlyKeys(RollingCluster.NODES);
        ConfigVersion last = history.get(history.size() - 1);
        assertThat(last.note()).isEqualTo(note);
        assertThat(last.operation()).isEqualTo("update");
        assertThat(last.status()).isEqualTo(VersionStatus.APPLIED);
        assertThat(last.createdBy()).isNotBlank();
        assertThat(last.number()).isEqualTo(r.version().orElseThrow().number());
        assertThat(last.renderedDigest()).isEqualTo(r.version().orElseThrow().renderedDigest());
        assertThat(last.renderedDigest()).isNotEqualTo(v1.renderedDigest());

        ChangeSet diff = c.cluster().diff(1, last.number());
        assertThat(diff.changes()).anyMatch(ch -> ch.key().endsWith("worker.exec-threads")
                && ch.newValue().orElse("").equals(Integer.toString(threads)));
        assertThatThrownBy(() -> c.cluster().diff(1, last.number() + 100)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Integer.toString(last.number()));

        RollingCluster.Cli cli = RollingCluster.cli("config", "history", "-f", c.yaml.toString(), "--state-dir",
                RollingCluster.STATE.toString());
        assertThat(cli.exit()).as(cli.out()).isEqualTo(DsEc2Cli.OK);
        for (ConfigVersion v : history) {
            if (!v.note().isEmpty()) {
                assertThat(cli.out()).as("CLI history lists version %d's note", v.number()).contains(v.note());
            }
        }
        assertThat(cli.out()).contains(note);
    }

    @Test
    @Order(2)
    void rollbackToVersionOneAppliesVersionOnesConfigurationOnEveryNode() throws Exception {
        List<ConfigVersion> before = c.cluster().history();
        ConfigVersion v1 = before.get(0);
        assertThat(c.renderedFiles()).as("the cluster is not on version 1 before the rollback")
                .isNotEqualTo(c.createdFiles);

        RolloutResult r = c.cluster().rollback(1, UpdateOptions.builder().note("rollback-it: back to v1")
                .policy(quick()).build());
        c.applied(v1.spec());

        assertThat(r.outcome()).as("%s", r).isEqualTo(RolloutResult.Outcome.COMPLETED);
        assertThat(r.restarted()).as("the workers run version 1's exec threads again")
                .containsAll(RollingCluster.nodesOf(NodeRole.WORKER));
        ConfigVersion nv = r.version().orElseThrow();
        assertThat(nv.number()).isEqualTo(before.size() + 1);
        assertThat(nv.operation()).isEqualTo("rollback");
        assertThat(nv.basedOn()).isEqualTo(1);
        assertThat(nv.note()).isEqualTo("rollback-it: back to v1");
        assertThat(nv.renderedDigest()).isEqualTo(v1.renderedDigest());
        assertThat(nv.nodeDigests()).isEqualTo(v1.nodeDigests());

        List<ConfigVersion> after = c.cluster().history();
        assertThat(after).hasSize(before.size() + 1);
        assertThat(after.subList(0, before.size())).extracting(ConfigVersion::renderedDigest)
                .as("history only moves forward").containsExactlyElementsOf(before.stream()
                        .map(ConfigVersion::renderedDigest).toList());
        assertThat(after.get(after.size() - 1).status()).isEqualTo(VersionStatus.APPLIED);

        c.awaitHealthy(Duration.ofMinutes(1));
        var files = c.renderedFiles();
        assertThat(files).as("every node holds version 1's rendered files").isEqualTo(c.createdFiles);
        for (String n : RollingCluster.NODES) {
            assertThat(c.nodeDigest(files.get(n))).as("digest of %s's files", n)
                    .isEqualTo(nv.nodeDigests().get(n)).isEqualTo(v1.nodeDigests().get(n));
        }
        String v1Threads = v1.spec().workerGroups().get(0).config().getOrDefault("worker.exec-threads", "100");
        for (String w : RollingCluster.nodesOf(NodeRole.WORKER)) {
            assertThat(c.heartbeat(w).orElseThrow().asObject().get("workerExecThreadCount").asNumber())
                    .as("%s runs version 1's setting", w).isEqualTo(v1Threads);
        }
        assertThat(c.cluster().planUpdate(v1.spec()).isEmpty()).isTrue();
    }
}
