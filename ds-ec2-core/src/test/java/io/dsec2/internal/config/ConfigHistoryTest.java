package io.dsec2.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.exception.InvalidClusterSpecException;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.ConfigVersion;
import io.dsec2.model.Secret;
import io.dsec2.model.VersionStatus;
import io.dsec2.spi.StateStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigHistoryTest {
    @TempDir
    Path dir;

    private static ConfigVersion.Builder draft(ClusterSpec spec, String note, String digest) {
        return ConfigVersion.builder().createdAt(Instant.parse("2026-11-21T08:00:00Z")).createdBy("alice@laptop")
                .note(note).operation("update").spec(spec).renderedDigest(digest)
                .nodeDigests(Map.of("worker-1", "aa", "master-1", "bb"));
    }

    @Test
    void versionsAreNumberedFromOneAndReadBackWithTheirSpecStatusAndDigests() {
        StateStore store = StateStore.directory(dir);
        ClusterSpec spec = SampleSpecs.rich();
        ConfigHistory h = new ConfigHistory(store, spec.name(), spec);
        assertThat(h.all()).isEmpty();
        assertThat(h.latest()).isEmpty();
        ConfigVersion v1 = h.record(draft(spec, "first", "d1"));
        h.status(1, VersionStatus.APPLIED);
        ClusterSpec changed = spec.copy(b -> b.workers(w -> w.putConfig("worker.exec-threads", "7")));
        ConfigVersion v2 = h.record(draft(changed, "second: more threads", "d2"));
        assertThat(v1.number()).isEqualTo(1);
        assertThat(v2.number()).isEqualTo(2);
        assertThat(h.all()).extracting(ConfigVersion::number, ConfigVersion::note, ConfigVersion::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "first", VersionStatus.APPLIED),
                        org.assertj.core.groups.Tuple.tuple(2, "second: more threads", VersionStatus.IN_PROGRESS));
        ConfigVersion read = h.get(2);
        assertThat(read.spec()).isEqualTo(changed);
        assertThat(read.renderedDigest()).isEqualTo("d2");
        assertThat(read.nodeDigests()).containsExactlyInAnyOrderEntriesOf(Map.of("worker-1", "aa", "master-1", "bb"));
        assertThat(read.createdBy()).isEqualTo("alice@laptop");
        assertThat(h.latestApplied()).map(ConfigVersion::number).contains(1);
        assertThatThrownBy(() -> h.get(7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 7").hasMessageContaining("[1, 2]");
    }

    @Test
    void aNoteWithABackslashBeforeAnNReadsBackAsWritten() {
        StateStore store = StateStore.directory(dir);
        ClusterSpec spec = SampleSpecs.rich();
        ConfigHistory h = new ConfigHistory(store, spec.name(), spec);
        String note = "keys moved to C:\\new\\ops.pem\nsecond line \\\\n end\\";
        h.record(draft(spec, note, "d1").createdBy("CORP\\nina@laptop"));
        assertThat(h.get(1).note()).isEqualTo(note);
        assertThat(h.get(1).createdBy()).isEqualTo("CORP\\nina@laptop");
    }

    @Test
    void aLiteralSecretNeverReachesTheStoreAndAChangedOneStillReadsButCannotBeDeployed() {
        StateStore store = StateStore.directory(dir);
        ClusterSpec spec = SampleSpecs.rich();
        String literal = spec.database().password().orElseThrow().literalValue();
        new ConfigHistory(store, spec.name(), spec).record(draft(spec, "v1", "d1"));
        for (String key : store.list(spec.name(), "versions/")) {
            assertThat(new String(store.read(spec.name(), key).orElseThrow(), StandardCharsets.UTF_8))
                    .doesNotContain(literal);
        }
        ClusterSpec rotated = spec.copy(b -> b.database(d -> d.password(Secret.literal("rotated-password-1"))));
        ConfigHistory later = new ConfigHistory(store, spec.name(), rotated);
        assertThat(later.get(1).spec().database().host()).isEqualTo(spec.database().host());
        assertThat(ChangeSets.between(1, later.get(1).spec(), rotated).changes())
                .anySatisfy(c -> assertThat(c.key()).isEqualTo("database.password"));
        assertThatThrownBy(() -> later.deployableSpec(1)).isInstanceOf(InvalidClusterSpecException.class)
                .hasMessageContaining("database.password").hasMessageNotContaining(literal);
        assertThat(new ConfigHistory(store, spec.name(), spec).deployableSpec(1)).isEqualTo(spec);
    }
}
