package io.dsec2.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeleteOptionsTest {

    @Test
    void aDeleteMustBeConfirmedAndTheErrorNamesTheFix() {
        assertThatThrownBy(() -> DeleteOptions.builder().purgeData(true).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("confirmed(true)")
                .hasMessageContaining("--force");
        assertThatThrownBy(() -> DeleteOptions.builder().confirmed(false).build()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void defaultsKeepDataAndUseTheClustersDrainTimeout() {
        DeleteOptions o = DeleteOptions.builder().confirmed(true).build();
        assertThat(o.purgeData()).isFalse();
        assertThat(o.drainTimeout()).isEmpty();
        DeleteOptions p = o.copy(b -> b.purgeData(true).drainTimeout(Duration.ofMinutes(3)));
        assertThat(p.purgeData()).isTrue();
        assertThat(p.drainTimeout()).contains(Duration.ofMinutes(3));
        assertThat(p).isNotEqualTo(o).isEqualTo(DeleteOptions.builder().confirmed(true).purgeData(true)
                .drainTimeout(Duration.ofMinutes(3)).build());
        assertThat(p.toString()).contains("PT3M").contains("purgeData=true");
    }

    @Test
    void aNegativeDrainTimeoutIsRefused() {
        assertThatThrownBy(() -> DeleteOptions.builder().drainTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("drainTimeout");
    }

    @Test
    void aResultWithoutLeftoversIsComplete() {
        DeleteResult r = DeleteResult.of("c", List.of("worker-1"), List.of("i-1"), List.of(), 2, List.of(), List.of(),
                Duration.ofSeconds(4));
        assertThat(r.complete()).isTrue();
        assertThat(r.tasksKilled()).isEqualTo(2);
        assertThat(DeleteResult.of("c", List.of(), List.of(), List.of(), 0, List.of(), List.of("security group sg-1"),
                Duration.ZERO).complete()).isFalse();
    }
}
