package io.dsec2.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.spi.StateStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden files of the plan journal ({@code jobs/<jobId>.journal}, {@link JournalCodec}): proof that this version reads
 * what earlier versions wrote, and that it still writes what they wrote.
 *
 * <p>{@code src/test/resources/golden/journal/v1-*.journal} were written once by {@link Journal} (format
 * {@code ds-ec2-journal 1}) and are checked in; nothing here regenerates them. {@code v1-full} has every field set
 * (a finished header, every task state, retries, fractional-second times, an error summary with a tab, a newline
 * and a backslash, and one that is just {@code -}); {@code v1-minimal} is a journal just opened.
 *
 * <p><b>To change the format</b>, do not edit or regenerate a v1 file: add {@code v2-*} files and tests for the new
 * writer, and keep the v1 reading tests passing, because journals written by this version are resumed by later ones.
 */
class JournalGoldenTest {
    static final String CLUSTER = "analytics";
    static final String JOB = "update-20261121T080000Z-a3f1";
    static final String DIGEST = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @TempDir
    Path dir;

    private static Instant t(String s) {
        return Instant.parse("2026-11-21T" + s + "Z");
    }

    private static byte[] golden(String name) throws IOException {
        try (InputStream in = JournalGoldenTest.class.getResourceAsStream("/golden/journal/" + name)) {
            assertThat(in).as("golden file %s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    /** The transitions of {@code v1-full}, oldest first. */
    static List<JournalEntry> fullEntries() {
        return List.of(
                new JournalEntry(t("08:00:00.100"), "preflight", TaskState.PENDING, 0, null),
                new JournalEntry(t("08:00:00.100"), "restart/master-1", TaskState.PENDING, 0, null),
                new JournalEntry(t("08:00:00.100"), "restart/worker-1", TaskState.PENDING, 0, null),
                new JournalEntry(t("08:00:00.100"), "verify", TaskState.PENDING, 0, null),
                new JournalEntry(t("08:00:01"), "preflight", TaskState.RUNNING, 1, null),
                new JournalEntry(t("08:00:02.5"), "preflight", TaskState.SUCCEEDED, 1, null),
                new JournalEntry(t("08:00:03"), "restart/master-1", TaskState.RUNNING, 1, null),
                new JournalEntry(t("08:00:33.123456789"), "restart/master-1", TaskState.FAILED, 1,
                        "SshException: connection reset\n\tat 10.0.1.5 (C:\\keys\\ops.pem)"),
                new JournalEntry(t("08:00:35"), "restart/master-1", TaskState.RUNNING, 2, null),
                new JournalEntry(t("08:01:10.000001"), "restart/master-1", TaskState.SUCCEEDED, 2, null),
                new JournalEntry(t("08:01:11"), "restart/worker-1", TaskState.SKIPPED, 0, null),
                new JournalEntry(t("08:01:12"), "verify", TaskState.RUNNING, 1, null),
                new JournalEntry(t("08:01:42"), "verify", TaskState.FAILED, 1, "-"));
    }

    // ---- reading ----

    @Test
    void v1FullReadsEveryHeaderFieldAndEveryTransition() throws IOException {
        List<JournalEntry> entries = new ArrayList<>();
        Map<String, String> header = JournalCodec.decodeHeader(golden("v1-full.journal"), entries);
        assertThat(header).containsExactly(Map.entry("job", JOB), Map.entry("operation", "update"),
                Map.entry("spec-digest", DIGEST), Map.entry("created", "2026-11-21T08:00:00Z"),
                Map.entry("finished", "2026-11-21T08:01:43Z FAILED"));
        assertThat(entries).containsExactlyElementsOf(fullEntries());
        JournalEntry failed = entries.get(7);
        assertThat(failed.time()).isEqualTo(Instant.parse("2026-11-21T08:00:33.123456789Z"));
        assertThat(failed.taskId()).isEqualTo("restart/master-1");
        assertThat(failed.state()).isEqualTo(TaskState.FAILED);
        assertThat(failed.attempt()).isEqualTo(1);
        assertThat(failed.errorSummary()).contains("SshException: connection reset\n\tat 10.0.1.5 (C:\\keys\\ops.pem)");
        assertThat(entries.get(12).errorSummary()).contains("-");
        assertThat(entries.get(0).errorSummary()).isEmpty();
    }

    @Test
    void v1FullResumesThroughTheJournalApi() throws IOException {
        StateStore store = StateStore.directory(dir);
        store.write(CLUSTER, Journal.key(JOB), golden("v1-full.journal"));
        assertThat(Journal.exists(store, CLUSTER, JOB)).isTrue();
        assertThat(Journal.findUnfinished(store, CLUSTER, "update", DIGEST)).contains(JOB); // finished FAILED
        assertThat(Journal.findUnfinished(store, CLUSTER, "rollback", DIGEST)).isEmpty();
        Journal j = Journal.open(store, CLUSTER, JOB, "update", DIGEST, Clock.systemUTC());
        assertThat(j.jobId()).isEqualTo(JOB);
        assertThat(j.operation()).isEqualTo("update");
        assertThat(j.state("preflight")).isEqualTo(TaskState.SUCCEEDED);
        assertThat(j.state("restart/master-1")).isEqualTo(TaskState.SUCCEEDED);
        assertThat(j.state("restart/worker-1")).isEqualTo(TaskState.SKIPPED);
        assertThat(j.state("verify")).isEqualTo(TaskState.FAILED);
        assertThat(j.entries()).containsExactlyElementsOf(fullEntries());
    }

    @Test
    void v1MinimalReadsTheHeaderOfAJustOpenedJob() throws IOException {
        List<JournalEntry> entries = new ArrayList<>();
        Map<String, String> header = JournalCodec.decodeHeader(golden("v1-minimal.journal"), entries);
        assertThat(header).containsExactly(Map.entry("job", "create-20261121T075500Z-1b2c"),
                Map.entry("operation", "create"), Map.entry("spec-digest", "d0"),
                Map.entry("created", "2026-11-21T07:55:00Z"));
        assertThat(entries).isEmpty();

        StateStore store = StateStore.directory(dir);
        store.write(CLUSTER, Journal.key("create-20261121T075500Z-1b2c"), golden("v1-minimal.journal"));
        assertThat(Journal.findUnfinished(store, CLUSTER, "create", "d0")).contains("create-20261121T075500Z-1b2c");
        Journal j = Journal.open(store, CLUSTER, "create-20261121T075500Z-1b2c", "create", "d0", Clock.systemUTC());
        assertThat(j.entries()).isEmpty();
        assertThat(j.state("anything")).isEqualTo(TaskState.PENDING);
    }

    // ---- writing ----

    @Test
    void todaysJournalWritesV1FullByteForByte() throws IOException {
        Clock clock = new ScriptedClock(t("08:00:00"), t("08:00:00.100"), t("08:00:00.100"), t("08:00:00.100"),
                t("08:00:00.100"), t("08:00:01"), t("08:00:02.5"), t("08:00:03"), t("08:00:33.123456789"),
                t("08:00:35"), t("08:01:10.000001"), t("08:01:11"), t("08:01:12"), t("08:01:42"), t("08:01:43"));
        StateStore store = StateStore.directory(dir);
        Journal j = Journal.open(store, CLUSTER, JOB, "update", DIGEST, clock);
        j.registerAll(List.of("preflight", "restart/master-1", "restart/worker-1", "verify"));
        for (JournalEntry e : fullEntries().subList(4, fullEntries().size())) {
            j.transition(e.taskId(), e.state(), e.attempt(), e.error());
        }
        j.finish("FAILED");
        assertThat(text(store.read(CLUSTER, Journal.key(JOB)).orElseThrow())).isEqualTo(text(golden("v1-full.journal")));

        Map<String, String> header = new LinkedHashMap<>();
        header.put("job", JOB);
        header.put("operation", "update");
        header.put("spec-digest", DIGEST);
        header.put("created", "2026-11-21T08:00:00Z");
        header.put("finished", "2026-11-21T08:01:43Z FAILED");
        assertThat(JournalCodec.encode(header, fullEntries())).isEqualTo(golden("v1-full.journal"));
    }

    @Test
    void todaysJournalWritesV1MinimalByteForByte() throws IOException {
        StateStore store = StateStore.directory(dir);
        Journal.open(store, CLUSTER, "create-20261121T075500Z-1b2c", "create", "d0",
                new ScriptedClock(Instant.parse("2026-11-21T07:55:00Z")));
        assertThat(store.read(CLUSTER, Journal.key("create-20261121T075500Z-1b2c")).orElseThrow())
                .isEqualTo(golden("v1-minimal.journal"));
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Answers the given instants in turn, then fails. */
    static final class ScriptedClock extends Clock {
        private final Deque<Instant> next;

        ScriptedClock(Instant... instants) {
            next = new ArrayDeque<>(List.of(instants));
        }

        @Override
        public synchronized Instant instant() {
            assertThat(next).as("scripted clock read more often than scripted").isNotEmpty();
            return next.removeFirst();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
