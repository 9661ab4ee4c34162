package io.dsec2.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.DsCluster;
import io.dsec2.exception.RolloutException;
import io.dsec2.model.ChangeSet;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.ConfigChange;
import io.dsec2.model.ConfigVersion;
import io.dsec2.model.NodeRole;
import io.dsec2.model.RolloutResult;
import io.dsec2.model.UpdatePolicy;
import io.dsec2.model.VersionStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The change-set, history and outcome tables, rendered from values built directly (no cluster). */
class ConfigTablesTest {
    static final ClusterSpec SPEC = DsCluster.fromYaml(DsEc2CliTest.SAMPLE).spec();

    static final ChangeSet CHANGES = ChangeSet.of(2, List.of(
            ConfigChange.of("jvm.worker.xmx", "4g", "8g", Set.of(NodeRole.WORKER), UpdatePolicy.ROLLING_RESTART,
                    "the worker JVM reads its heap at start"),
            ConfigChange.of("database.password", ConfigChange.MASK, ConfigChange.MASK, Set.of(NodeRole.MASTER,
                    NodeRole.WORKER, NodeRole.API, NodeRole.ALERT), UpdatePolicy.ROLLING_RESTART,
                    "every server reads the database settings at start"),
            ConfigChange.of("deployment.parallelism", null, "8", Set.of(), UpdatePolicy.NONE, "client-side only"),
            ConfigChange.of("aws.region", "us-east-1", "eu-west-1", Set.of(), UpdatePolicy.UNSUPPORTED,
                    "instances cannot move region: create a new cluster there and delete this one")));

    @Test
    void changeSetTableShowsEveryKeyWithValuesRolesPolicyAndReason() {
        String text = ChangeSetTable.render("changes from v2", CHANGES);
        List<String> lines = text.lines().toList();
        assertThat(lines.get(0)).isEqualTo("changes from v2 (4 key(s); restarts master,worker,api,alert)");
        assertThat(lines.get(1)).startsWith("  KEY").contains("OLD -> NEW", "ROLES", "POLICY", "REASON");
        assertThat(lines.get(2)).startsWith("  jvm.worker.xmx").contains("4g -> 8g", " worker ",
                "rolling restart", "the worker JVM reads its heap at start");
        assertThat(lines.get(4)).contains("deployment.parallelism", "(unset) -> 8", " - ", "none", "client-side only");
        // columns line up: every row's policy starts where the header's POLICY starts
        int policyColumn = lines.get(1).indexOf("POLICY");
        assertThat(lines.get(2).substring(policyColumn)).startsWith("rolling restart");
        assertThat(lines.get(5).substring(policyColumn)).startsWith("UNSUPPORTED");
    }

    @Test
    void maskedSecretsStayMasked() {
        String text = ChangeSetTable.render("changes from v2", CHANGES);
        assertThat(text).contains("database.password").contains("****** -> ******");
        String line = text.lines().filter(l -> l.contains("database.password")).findFirst().orElseThrow();
        assertThat(line).contains("master,worker,api,alert");
    }

    @Test
    void unsupportedChangesAreMarkedAndListedWithTheirWayOut() {
        String text = ChangeSetTable.render("changes from v2", CHANGES);
        assertThat(text.lines().filter(l -> l.startsWith("!"))).hasSize(2);
        assertThat(text).contains("! aws.region").contains("us-east-1 -> eu-west-1")
                .contains("! 1 change(s) cannot be applied to a running cluster:\n"
                        + "  aws.region: instances cannot move region: create a new cluster there and delete this one\n");
    }

    @Test
    void anEmptyChangeSetSaysNone() {
        assertThat(ChangeSetTable.render("changes from v3", ChangeSet.of(3, List.of()))).isEqualTo("changes from v3: none\n");
    }

    static ConfigVersion version(int n, String operation, int basedOn, VersionStatus status, String note) {
        return ConfigVersion.builder().number(n).createdAt(Instant.parse("2026-11-21T08:0" + n + ":05Z"))
                .createdBy("ops@host").operation(operation).basedOn(basedOn).spec(SPEC).note(note)
                .renderedDigest(n + "abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678").status(status)
                .build();
    }

    @Test
    void historyTableShowsOneLinePerVersionOldestFirst() {
        String text = HistoryTable.render("analytics", List.of(version(1, "create", 0, VersionStatus.APPLIED, ""),
                version(2, "update", 0, VersionStatus.ROLLED_BACK, "more heap"),
                version(3, "rollback", 1, VersionStatus.APPLIED, "undo\nv2")));
        List<String> lines = text.lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("VERSION").contains("TIME (UTC)", "BY", "OPERATION", "STATUS", "DIGEST",
                "NOTE");
        assertThat(lines.get(1)).startsWith("v1").contains("2026-11-21 08:01:05", "ops@host", "create", "applied",
                "1abcdef01234").doesNotContain("1abcdef012345");
        assertThat(lines.get(2)).startsWith("v2").contains("update", "rolled back", "more heap");
        assertThat(lines.get(3)).startsWith("v3").contains("rollback to v1", "applied", "undo v2");
        int statusColumn = lines.get(0).indexOf("STATUS");
        assertThat(lines.get(2).substring(statusColumn)).startsWith("rolled back");
    }

    @Test
    void anEmptyHistorySaysSo() {
        assertThat(HistoryTable.render("analytics", List.of()))
                .isEqualTo("no configuration version recorded for cluster analytics\n");
    }

    @Test
    void outcomeNamesRestartedFailedAndRolledBackNodes() {
        RolloutResult r = RolloutResult.builder().jobId("update-7").outcome(RolloutResult.Outcome.ROLLED_BACK)
                .version(version(4, "update", 0, VersionStatus.ROLLED_BACK, "")).changeSet(CHANGES)
                .restarted(List.of("worker-1", "worker-2")).failed(Map.of("worker-2", "health DOWN after 3m"))
                .rolledBack(List.of("worker-1", "worker-2")).duration(Duration.ofMillis(12_340)).build();
        String text = RolloutReport.render(r);
        assertThat(text).contains("outcome: rolled back in 12.3 s (job update-7)")
                .contains("version: v4, rolled back, digest 4abcdef01234")
                .contains("restarted: worker-1, worker-2").contains("failed:\n  worker-2: health DOWN after 3m\n")
                .contains("rolled back: worker-1, worker-2");
    }

    @Test
    void aPausedRolloutSaysHowToResume() {
        RolloutResult r = RolloutResult.builder().jobId("restart-1").resumed(true)
                .outcome(RolloutResult.Outcome.PAUSED).failed(Map.of("master-2", "not registered in ZooKeeper"))
                .build();
        assertThat(RolloutReport.render(r)).contains("(job restart-1, resumed)").contains("re-run the same command")
                .doesNotContain("version:");
    }

    @Test
    void aRolloutExceptionExitsOneWithTheFailedNodesAndTheRollback() {
        RolloutResult r = RolloutResult.builder().jobId("update-9").outcome(RolloutResult.Outcome.ROLLED_BACK)
                .failed(Map.of("api-1", "target unhealthy")).rolledBack(List.of("api-1")).build();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new DsEc2Cli());
        cl.setErr(new PrintWriter(err, true));
        int code = new ErrorHandler().handleExecutionException(
                new RolloutException("api-1 failed its health gate; rolled back", r), cl, null);
        assertThat(code).isEqualTo(DsEc2Cli.FAILED);
        assertThat(err.toString()).contains("error: api-1 failed its health gate; rolled back")
                .contains("  api-1: target unhealthy").contains("rolled back: api-1");
    }
}
