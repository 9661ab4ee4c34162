package io.dsec2.examples.cli;

import static io.dsec2.examples.cli.DsEc2CliTest.SAMPLE;
import static io.dsec2.examples.cli.DsEc2CliTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.DsCluster;
import io.dsec2.model.ChangeSet;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.ConfigChange;
import io.dsec2.model.NodeRole;
import io.dsec2.model.RollingPolicy;
import io.dsec2.model.RolloutResult;
import io.dsec2.model.UpdateOptions;
import io.dsec2.model.UpdatePolicy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * What {@code config update} does with the change set and the result, against a stand-in {@link DsCluster} that
 * answers planUpdate/update from fixed values (no cluster, no AWS); tests run without a terminal, so nothing asks.
 */
class ConfigUpdateFlowTest {
    final List<String> calls = new ArrayList<>();
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    UpdateOptions seen;

    List<io.dsec2.model.ConfigVersion> history = List.of();

    DsCluster cluster(ChangeSet plan, RolloutResult result) {
        ClusterSpec spec = ConfigTablesTest.SPEC;
        return (DsCluster) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DsCluster.class},
                (proxy, method, args) -> {
                    calls.add(method.getName());
                    return switch (method.getName()) {
                        case "spec" -> spec;
                        case "planUpdate" -> plan;
                        case "history" -> history;
                        case "update" -> {
                            seen = (UpdateOptions) args[1];
                            yield result;
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    };
                });
    }

    CommandLine command() {
        CommandLine cl = new CommandLine(new ConfigUpdateCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl;
    }

    static ApplyOptions apply(String note) {
        ApplyOptions a = new ApplyOptions();
        a.note = note;
        return a;
    }

    static final ChangeSet HEAP = ChangeSet.of(1, List.of(ConfigChange.of("jvm.worker.xmx", "4g", "8g",
            Set.of(NodeRole.WORKER), UpdatePolicy.ROLLING_RESTART, "read at start")));

    static final RolloutResult DONE = RolloutResult.builder().jobId("update-2").outcome(RolloutResult.Outcome.COMPLETED)
            .version(ConfigTablesTest.version(2, "update", 0, io.dsec2.model.VersionStatus.APPLIED, "heap"))
            .changeSet(HEAP).restarted(List.of("worker-1", "worker-2", "worker-3")).duration(Duration.ofSeconds(42))
            .build();

    @Test
    void theBaseIsTheNewestAppliedVersionWithTheCommandLineOverrides() {
        SpecOptions options = new SpecOptions();
        options.file = SAMPLE;
        options.endpoint = java.net.URI.create("http://127.0.0.1:9");
        ClusterSpec v1 = ConfigTablesTest.SPEC.copy(b -> b.workers(w -> w.jvm(j -> j.heapMib(6144))));
        ClusterSpec v2 = ConfigTablesTest.SPEC.copy(b -> b.workers(w -> w.jvm(j -> j.heapMib(8192))));
        history = List.of(ConfigTablesTest.version(1, "create", 0, io.dsec2.model.VersionStatus.APPLIED, "")
                .toBuilder().spec(v1).build(), ConfigTablesTest.version(2, "update", 0,
                io.dsec2.model.VersionStatus.APPLIED, "").toBuilder().spec(v2).build());
        PrintWriter pw = new PrintWriter(out, true);
        ClusterSpec base = Rollouts.base(cluster(HEAP, DONE), options, pw);
        assertThat(base.workerGroups().get(0).jvm().xmxMib()).isEqualTo(8192);
        assertThat(base.aws().endpointOverride()).contains(java.net.URI.create("http://127.0.0.1:9"));
        assertThat(out.toString()).contains("base: v2 (the newest applied version)");

        ClusterSpec failed = ConfigTablesTest.SPEC.copy(b -> b.workers(w -> w.jvm(j -> j.heapMib(12288))));
        history = List.of(history.get(0), history.get(1), ConfigTablesTest.version(3, "update", 0,
                io.dsec2.model.VersionStatus.ROLLED_BACK, "").toBuilder().spec(failed).build());
        assertThat(Rollouts.base(cluster(HEAP, DONE), options, pw).workerGroups().get(0).jvm().xmxMib())
                .isEqualTo(8192);
        history = List.of(ConfigTablesTest.version(1, "create", 0, io.dsec2.model.VersionStatus.IN_PROGRESS, "")
                .toBuilder().spec(v1).build());
        assertThat(Rollouts.base(cluster(HEAP, DONE), options, pw).workerGroups().get(0).jvm().xmxMib())
                .isEqualTo(6144);
        assertThat(out.toString()).contains("base: v1 (the newest recorded version; none is applied)");

        history = List.of();
        assertThat(Rollouts.base(cluster(HEAP, DONE), options, pw)).isEqualTo(ConfigTablesTest.SPEC);
        assertThat(out.toString()).contains("no configuration version recorded yet");
    }

    @Test
    void anUnsupportedChangeExitsTwoWithoutUpdating() {
        ChangeSet bad = ChangeSet.of(1, List.of(ConfigChange.of("aws.region", "us-east-1", "eu-west-1", Set.of(),
                UpdatePolicy.UNSUPPORTED, "create a new cluster in the other region")));
        int code = Rollouts.update(command(), cluster(bad, DONE), ConfigTablesTest.SPEC, apply(""), false,
                RollingPolicy.defaults());
        assertThat(code).isEqualTo(DsEc2Cli.BAD_INPUT);
        assertThat(calls).containsExactly("planUpdate");
        assertThat(out.toString()).contains("! aws.region").contains("create a new cluster in the other region");
        assertThat(err.toString()).contains("nothing was changed");
    }

    @Test
    void aDryRunOnlyPlans() {
        int code = Rollouts.update(command(), cluster(HEAP, DONE), ConfigTablesTest.SPEC, apply(""), true,
                RollingPolicy.defaults());
        assertThat(code).isZero();
        assertThat(calls).containsExactly("planUpdate");
        assertThat(out.toString()).contains("changes from v1 (1 key(s); restarts worker)").contains("4g -> 8g")
                .contains("policy: batch 1,").contains("dry run: nothing was changed");
    }

    @Test
    void anUpdateRunsWithTheNoteAndPolicyAndPrintsTheOutcome() {
        RollingPolicy policy = RollingPolicy.builder().batchPercent(50).build();
        int code = Rollouts.update(command(), cluster(HEAP, DONE), ConfigTablesTest.SPEC, apply("more heap"), false,
                policy);
        assertThat(code).isZero();
        assertThat(calls).containsExactly("planUpdate", "update");
        assertThat(seen.note()).isEqualTo("more heap");
        assertThat(seen.policy()).isEqualTo(policy);
        assertThat(out.toString()).contains("outcome: completed in 42.0 s (job update-2)")
                .contains("version: v2, applied").contains("restarted: worker-1, worker-2, worker-3");
    }

    @Test
    void toleratedFailuresExitFour() {
        RolloutResult partly = RolloutResult.builder().jobId("update-3")
                .outcome(RolloutResult.Outcome.COMPLETED_WITH_FAILURES).changeSet(HEAP)
                .restarted(List.of("worker-1", "worker-2")).failed(Map.of("worker-3", "health DOWN")).build();
        int code = Rollouts.update(command(), cluster(HEAP, partly), ConfigTablesTest.SPEC, apply(""), false,
                RollingPolicy.defaults());
        assertThat(code).isEqualTo(DsEc2Cli.DEGRADED);
        assertThat(out.toString()).contains("worker-3: health DOWN");
    }

    @Test
    void aBadNoteIsAUsageErrorBeforeAnythingIsAsked() {
        DsEc2CliTest.Run r = cli("config", "update", "-f", SAMPLE.toString(), "--endpoint-url", "http://127.0.0.1:9",
                "--note", "x".repeat(501));
        assertThat(r.exit()).isEqualTo(DsEc2Cli.BAD_INPUT);
        assertThat(r.err()).contains("--note").contains("500");
    }

    @Test
    void updateJvmWithoutAnyChangeIsAUsageError() {
        DsEc2CliTest.Run r = cli("config", "update-jvm", "-f", SAMPLE.toString(), "--role", "worker");
        assertThat(r.exit()).isEqualTo(DsEc2Cli.BAD_INPUT);
        assertThat(r.err()).contains("--xms, --xmx, --xmn, --jvm-opt");
        r = cli("config", "update-jvm", "-f", SAMPLE.toString(), "--role", "worker", "--xmx", "lots");
        assertThat(r.exit()).isEqualTo(DsEc2Cli.BAD_INPUT);
        assertThat(r.err()).contains("Invalid value for option '--xmx'");
        r = cli("config", "update-jvm", "-f", SAMPLE.toString(), "--role", "chef", "--xmx", "2g");
        assertThat(r.exit()).isEqualTo(DsEc2Cli.BAD_INPUT);
        assertThat(r.err()).contains("Invalid value for option '--role'").contains("master, worker, api, alert");
    }

    @Test
    void updateServiceNeedsKeyValueParams() {
        DsEc2CliTest.Run r = cli("config", "update-service", "-f", SAMPLE.toString(), "--role", "master");
        assertThat(r.exit()).isEqualTo(DsEc2Cli.BAD_INPUT);
        assertThat(r.err()).contains("--param");
        r = cli("config", "update-service", "-f", SAMPLE.toString(), "--role", "master", "--param", "master.exec-threads");
        assertThat(r.exit()).isEqualTo(DsEc2Cli.BAD_INPUT);
        assertThat(r.err()).contains("--param").contains("KEY=VALUE");
    }

    @Test
    void diffAndRollbackNeedVersions() {
        assertThat(cli("config", "diff", "-f", SAMPLE.toString(), "1").exit()).isEqualTo(DsEc2Cli.BAD_INPUT);
        assertThat(cli("config", "diff", "-f", SAMPLE.toString(), "one", "2").exit()).isEqualTo(DsEc2Cli.BAD_INPUT);
        assertThat(cli("config", "rollback", "-f", SAMPLE.toString()).err()).contains("--version");
        assertThat(cli("config", "-f", SAMPLE.toString()).exit()).isEqualTo(DsEc2Cli.BAD_INPUT);
    }
}
