package io.dsec2.examples.cli;

import static io.dsec2.examples.cli.DsEc2CliTest.SAMPLE;
import static io.dsec2.examples.cli.DsEc2CliTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.DsCluster;
import io.dsec2.internal.config.ConfigHistory;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.ConfigVersion;
import io.dsec2.model.VersionStatus;
import io.dsec2.spi.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * history, diff, rollback checks and dry runs against the real library on a state directory holding two recorded
 * versions (v1 as create records it, v2 with more worker threads). Only the state directory is read: no AWS, no
 * SSH.
 */
class ConfigHistoryCommandTest {
    @TempDir
    Path tmp;
    Path file;
    Path state;
    ClusterSpec spec;

    @BeforeEach
    void recordTwoVersions() throws Exception {
        Path key = Files.writeString(tmp.resolve("ops.pem"), "not used: nothing connects\n");
        file = tmp.resolve("cluster.yaml");
        Files.writeString(file, Files.readString(SAMPLE).replace("/home/ops/.ssh/ops.pem", key.toString()));
        state = tmp.resolve("state");
        spec = DsCluster.fromYaml(file).spec();
        ConfigHistory history = new ConfigHistory(StateStore.directory(state), spec.name(), spec);
        ConfigVersion v1 = history.record(ConfigVersion.builder().createdAt(Instant.parse("2026-11-20T10:00:00Z"))
                .createdBy("alice@ops").operation("create").spec(spec).renderedDigest("a".repeat(64)));
        history.status(v1.number(), VersionStatus.APPLIED);
        ClusterSpec more = spec.copy(b -> b.workers(w -> w.putConfig("worker.exec-threads", "64")));
        ConfigVersion v2 = history.record(ConfigVersion.builder().createdAt(Instant.parse("2026-11-21T09:30:00Z"))
                .createdBy("bob@ops").operation("update").note("more threads").spec(more)
                .renderedDigest("b".repeat(64)));
        history.status(v2.number(), VersionStatus.APPLIED);
    }

    DsEc2CliTest.Run run(String... args) {
        return cli(Stream.concat(Stream.of(args), Stream.of("-f", file.toString(), "--state-dir", state.toString()))
                .toArray(String[]::new));
    }

    int versions() {
        return new ConfigHistory(StateStore.directory(state), spec.name(), spec).all().size();
    }

    @Test
    void historyListsTheRecordedVersions() {
        DsEc2CliTest.Run r = run("config", "history");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("v1").contains("2026-11-20 10:00:00", "alice@ops", "create", "applied",
                "aaaaaaaaaaaa").doesNotContain("aaaaaaaaaaaaa");
        assertThat(lines.get(2)).startsWith("v2").contains("2026-11-21 09:30:00", "bob@ops", "update", "applied",
                "bbbbbbbbbbbb", "more threads");
    }

    @Test
    void diffShowsTheChangedKeyWithItsPolicy() {
        DsEc2CliTest.Run r = run("config", "diff", "1", "2");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("changes from v1 to v2 (1 key(s); restarts worker)");
        String line = r.out().lines().filter(l -> l.contains("exec-threads")).findFirst().orElseThrow();
        assertThat(line).contains("32 -> 64", "worker", "rolling restart");
        DsEc2CliTest.Run missing = run("config", "diff", "1", "7");
        assertThat(missing.exit()).isEqualTo(DsEc2Cli.BAD_INPUT);
        assertThat(missing.err()).contains("7").contains("[1, 2]");
    }

    @Test
    void aDryRunComparesTheFileWithTheNewestVersionAndRecordsNothing() {
        DsEc2CliTest.Run r = run("config", "update", "--dry-run", "--batch-size", "50%");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("changes from v2 (1 key(s); restarts worker)").contains("64 -> 32")
                .contains("policy: batch 50%").contains("dry run: nothing was changed");
        assertThat(versions()).isEqualTo(2);
    }

    @Test
    void updateServiceAndUpdateJvmStartFromTheNewestVersion() {
        DsEc2CliTest.Run r = run("config", "update-service", "--role", "worker", "--param", "exec_threads=128",
                "--dry-run");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("base: v2").contains("64 -> 128").doesNotContain("32 ->");
        DsEc2CliTest.Run jvm = run("config", "update-jvm", "--role", "master", "--xms", "2g", "--xmx", "2g",
                "--xmn", "1g", "--dry-run");
        assertThat(jvm.exit()).as(jvm.err()).isZero();
        assertThat(jvm.out()).contains("base: v2").contains("jvm.master").contains("master")
                .doesNotContain("exec-threads");
        assertThat(versions()).isEqualTo(2);
    }

    @Test
    void anUnsupportedChangeIsRefusedBeforeAnythingIsTouched() throws Exception {
        Files.writeString(file, Files.readString(file).replace("10.0.3.10:2181", "10.0.9.10:2181"));
        DsEc2CliTest.Run r = run("config", "update", "--yes");
        assertThat(r.exit()).isEqualTo(DsEc2Cli.BAD_INPUT);
        assertThat(r.out()).contains("! registry").contains("UNSUPPORTED");
        assertThat(r.err()).contains("nothing was changed");
        assertThat(versions()).isEqualTo(2);
    }

    @Test
    void rollbackNeedsARecordedVersionAndShowsWhatItChanges() {
        DsEc2CliTest.Run missing = run("config", "rollback", "--version", "5");
        assertThat(missing.exit()).isEqualTo(DsEc2Cli.BAD_INPUT);
        assertThat(missing.err()).contains("no version 5").contains("v1 to v2");
        DsEc2CliTest.Run dry = run("config", "rollback", "--version", "1", "--dry-run");
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("rollback to v1: changes from v2").contains("64 -> 32");
        assertThat(versions()).isEqualTo(2);
    }
}
