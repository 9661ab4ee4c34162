package io.dsec2.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.DsCluster;
import io.dsec2.exception.InvalidClusterSpecException;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.ConfigVersion;
import io.dsec2.model.Secret;
import io.dsec2.model.VersionStatus;
import io.dsec2.spi.StateStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DsCluster#recordedSpec}: the spec of the newest applied version, for an operator whose file is lost. */
class RecordedSpecTest {
    @TempDir
    Path dir;

    static ClusterSpec referenced() {
        return SampleSpecs.rich().copy(b -> b.database(d -> d.password(Secret.fromSecretsManager("ds/db")))
                .noStorage().pythonGatewayEnabled(false));
    }

    static void record(ConfigHistory h, ClusterSpec spec, VersionStatus status) {
        ConfigVersion v = h.record(ConfigVersion.builder().createdAt(Instant.parse("2026-12-05T08:00:00Z"))
                .createdBy("alice@laptop").note("").operation("update").spec(spec).renderedDigest("d")
                .nodeDigests(Map.of()));
        h.status(v.number(), status);
    }

    @Test
    void theNewestAppliedVersionIsReturnedNotALaterOneStillRollingOut() {
        StateStore store = StateStore.directory(dir);
        ClusterSpec v1 = referenced();
        ClusterSpec v2 = v1.copy(b -> b.workers(w -> w.putConfig("worker.exec-threads", "7")));
        ClusterSpec v3 = v2.copy(b -> b.workers(w -> w.putConfig("worker.exec-threads", "9")));
        ConfigHistory h = new ConfigHistory(store, v1.name(), v1);
        record(h, v1, VersionStatus.APPLIED);
        record(h, v2, VersionStatus.APPLIED);
        record(h, v3, VersionStatus.IN_PROGRESS);

        assertThat(DsCluster.recordedSpec(v1.name(), store)).isEqualTo(v2);
        assertThat(store.clusters()).containsExactly(v1.name());
    }

    @Test
    void aClusterWithoutAnAppliedVersionIsRefusedNamingTheFix() {
        StateStore store = StateStore.directory(dir);
        ClusterSpec spec = referenced();
        assertThatThrownBy(() -> DsCluster.recordedSpec(spec.name(), store))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cluster " + spec.name() + " has no applied configuration version")
                .hasMessageContaining("-f");
        record(new ConfigHistory(store, spec.name(), spec), spec, VersionStatus.ROLLED_BACK);
        assertThatThrownBy(() -> DsCluster.recordedSpec(spec.name(), store))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRecordedLiteralSecretCannotBeRecoveredAndIsNamedByPathOnly() {
        StateStore store = StateStore.directory(dir);
        ClusterSpec spec = SampleSpecs.rich();
        String literal = spec.database().password().orElseThrow().literalValue();
        record(new ConfigHistory(store, spec.name(), spec), spec, VersionStatus.APPLIED);

        assertThatThrownBy(() -> DsCluster.recordedSpec(spec.name(), store))
                .isInstanceOf(InvalidClusterSpecException.class)
                .hasMessageContaining("database.password")
                .hasMessageContaining("-f")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(literal));
    }
}
