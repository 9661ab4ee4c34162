package io.dsec2.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.model.NodeRole;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Watches some nodes of the {@link RollingCluster} from outside, every ~100 ms, on its own thread: a node is
 * <em>serving</em> when its server answers health UP and (masters, workers) its registry node exists. Records each
 * node's outages (from the first sample not serving to the first serving again), so a test can check that restarts
 * of one role never overlap and that each node was back before the next went down. Stops by itself after 15 min.
 */
final class NodeSampler implements AutoCloseable {
    /** One outage of a node, times in ms since the epoch; {@code upAt} is 0 if it had not ended when sampling stopped. */
    record Outage(String node, long downAt, long upAt) {
        boolean overlaps(Outage o) {
            long end = upAt == 0 ? Long.MAX_VALUE : upAt;
            long oEnd = o.upAt == 0 ? Long.MAX_VALUE : o.upAt;
            return downAt < oEnd && o.downAt < end;
        }
    }

    private final RollingCluster c;
    private final List<String> nodes;
    private final Map<String, Long> downSince = new HashMap<>();
    private final List<Outage> outages = new CopyOnWriteArrayList<>();
    private final List<Consumer<Map<String, Boolean>>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile int samples;

    NodeSampler(RollingCluster c, List<String> nodes) {
        this.c = c;
        this.nodes = List.copyOf(nodes);
        thread = new Thread(this::loop, "node-sampler");
        thread.setDaemon(true);
    }

    /** @param l called on the sampler thread with every sample (node to serving); must be quick */
    NodeSampler onSample(Consumer<Map<String, Boolean>> l) {
        listeners.add(l);
        return this;
    }

    NodeSampler start() {
        thread.start();
        return this;
    }

    private void loop() {
        long deadline = System.currentTimeMillis() + 15 * 60_000;
        while (running.get() && System.currentTimeMillis() < deadline) {
            try {
                Map<String, Boolean> serving = sample();
                samples++;
                listeners.forEach(l -> l.accept(serving));
                Thread.sleep(100);
            } catch (InterruptedException ex) {
                return;
            } catch (Exception ex) {
                errors.add(ex.toString());
            }
        }
    }

    private Map<String, Boolean> sample() throws Exception {
        Map<NodeRole, Set<String>> registered = new HashMap<>();
        for (String n : nodes) {
            NodeRole r = RollingCluster.roleOf(n);
            if ((r == NodeRole.MASTER || r == NodeRole.WORKER) && !registered.containsKey(r)) {
                registered.put(r, c.registered(r));
            }
        }
        long now = System.currentTimeMillis();
        Map<String, Boolean> serving = new HashMap<>();
        for (String n : nodes) {
            NodeRole r = RollingCluster.roleOf(n);
            boolean up = c.healthUp(n) && (!registered.containsKey(r) || registered.get(r).contains(n));
            serving.put(n, up);
            synchronized (downSince) {
                Long since = downSince.get(n);
                if (!up && since == null) {
                    downSince.put(n, now);
                } else if (up && since != null) {
                    outages.add(new Outage(n, since, now));
                    downSince.remove(n);
                }
            }
        }
        return serving;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
        synchronized (downSince) {
            downSince.forEach((n, since) -> outages.add(new Outage(n, since, 0)));
            downSince.clear();
        }
    }

    /** @return every outage seen, by the time it began */
    List<Outage> outages() {
        List<Outage> l = new ArrayList<>(outages);
        l.sort(Comparator.comparingLong(Outage::downAt));
        return l;
    }

    int samples() {
        return samples;
    }

    List<String> errors() {
        return errors;
    }

    /**
     * Asserts the nodes went down one after the other: each of {@code restarted} had exactly one outage that ended,
     * no two outages overlapped, the other sampled nodes had none, and enough samples were taken to see it.
     *
     * @return the restarted nodes in the order they went down
     */
    List<String> assertOneAtATime(List<String> restarted) {
        List<Outage> all = outages();
        assertThat(samples).as("samples taken").isGreaterThan(20);
        assertThat(errors).as("sampler errors").isEmpty();
        for (String n : nodes) {
            List<Outage> mine = all.stream().filter(o -> o.node().equals(n)).toList();
            if (restarted.contains(n)) {
                assertThat(mine).as("outages of %s (all: %s)", n, all).hasSize(1);
                assertThat(mine.get(0).upAt()).as("%s came back", n).isPositive();
            } else {
                assertThat(mine).as("%s was not to go down (all: %s)", n, all).isEmpty();
            }
        }
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                assertThat(all.get(i).overlaps(all.get(j))).as("outages overlap: %s and %s", all.get(i), all.get(j))
                        .isFalse();
            }
        }
        return all.stream().map(Outage::node).toList();
    }
}
