package io.dsec2.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.spi.StateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalFindUnfinishedTest {
    @TempDir
    Path dir;

    @Test
    void theNewestJobOfTheOperationAndDigestThatDidNotSucceedIsFound() {
        StateStore store = StateStore.directory(dir);
        Clock t1 = Clock.fixed(Instant.parse("2026-11-21T08:00:00Z"), ZoneOffset.UTC);
        Clock t2 = Clock.fixed(Instant.parse("2026-11-21T09:00:00Z"), ZoneOffset.UTC);
        assertThat(Journal.findUnfinished(store, "c", "restart", "d1")).isEmpty();
        Journal.open(store, "c", "restart-a", "restart", "d1", t1);
        Journal.open(store, "c", "restart-b", "restart", "d1", t2);
        Journal.open(store, "c", "update-c", "update", "d1", t2);
        Journal.open(store, "c", "restart-d", "restart", "d2", t2);
        assertThat(Journal.findUnfinished(store, "c", "restart", "d1")).contains("restart-b");
        Journal.open(store, "c", "restart-b", "restart", "d1", t2).finish("SUCCEEDED");
        assertThat(Journal.findUnfinished(store, "c", "restart", "d1")).contains("restart-a");
        Journal.open(store, "c", "restart-a", "restart", "d1", t1).finish("FAILED in stage x");
        assertThat(Journal.findUnfinished(store, "c", "restart", "d1")).as("a paused job resumes").contains("restart-a");
        Journal.open(store, "c", "restart-a", "restart", "d1", t1).finish("SUCCEEDED");
        assertThat(Journal.findUnfinished(store, "c", "restart", "d1")).isEmpty();
        assertThat(Journal.findUnfinished(store, "c", "update", "d1")).contains("update-c");
        assertThat(Journal.findUnfinished(store, "other", "update", "d1")).isEmpty();
    }

    @Test
    void closingResumableJobsLeavesSucceededOnesAndOtherOperationsAlone() {
        StateStore store = StateStore.directory(dir);
        Clock t = Clock.fixed(Instant.parse("2026-11-21T08:00:00Z"), ZoneOffset.UTC);
        Journal.open(store, "c", "update-a", "update", "d1", t);
        Journal.open(store, "c", "update-b", "update", "d2", t).finish("FAILED in stage worker-batch-1");
        Journal.open(store, "c", "update-c", "update", "d3", t).finish("SUCCEEDED");
        Journal.open(store, "c", "restart-d", "restart", "d1", t);
        assertThat(Journal.closeResumable(store, "c", java.util.Set.of("update"), "SUPERSEDED by update-e", t))
                .containsExactlyInAnyOrder("update-a", "update-b");
        assertThat(Journal.findUnfinished(store, "c", "update", "d1")).isEmpty();
        assertThat(Journal.findUnfinished(store, "c", "update", "d2")).isEmpty();
        assertThat(Journal.findUnfinished(store, "c", "restart", "d1")).contains("restart-d");
        assertThat(Journal.closeResumable(store, "c", java.util.Set.of("update"), "again", t)).isEmpty();
    }
}
