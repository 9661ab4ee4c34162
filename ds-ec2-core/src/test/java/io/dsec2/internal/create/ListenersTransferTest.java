package io.dsec2.internal.create;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.event.ClusterListener;
import io.dsec2.event.TransferEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Transfer progress reaches every registered listener, in order; a TransferEvent checks its fields. */
class ListenersTransferTest {
    static TransferEvent event(long done, long total) {
        return TransferEvent.builder().clusterId("c").jobId("j").nodeId("master-1").what("package p.tar.gz")
                .bytesDone(done).bytesTotal(total).elapsed(Duration.ofMillis(300)).build();
    }

    @Test
    void everyListenerGetsTheTransferEventsInOrder() {
        List<String> seen = new ArrayList<>();
        ClusterListener a = new ClusterListener() {
            @Override
            public void transferProgress(TransferEvent e) {
                seen.add("a:" + e.bytesDone());
            }
        };
        ClusterListener b = new ClusterListener() {
            @Override
            public void transferProgress(TransferEvent e) {
                seen.add("b:" + e.bytesDone() + (e.done() ? " done" : ""));
            }
        };
        ClusterListener both = Listeners.of(List.of(a, b, ClusterListener.NONE));
        both.transferProgress(event(10, 20));
        both.transferProgress(event(20, 20));
        assertThat(seen).containsExactly("a:10", "b:10", "a:20", "b:20 done");
    }

    @Test
    void anEventNeedsEveryFieldAndNonNegativeCounts() {
        assertThat(event(5, 10).done()).isFalse();
        assertThat(event(5, 10).toString()).isEqualTo("TransferEvent[master-1 package p.tar.gz 5/10 bytes, 300 ms]");
        assertThatThrownBy(() -> TransferEvent.builder().clusterId("c").jobId("j").what("x").build())
                .isInstanceOf(NullPointerException.class).hasMessage("nodeId");
        assertThatThrownBy(() -> event(-1, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
