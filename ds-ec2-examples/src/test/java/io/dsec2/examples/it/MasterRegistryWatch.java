package io.dsec2.examples.it;

import io.dsec2.model.NodeRole;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.zookeeper.Watcher;

/**
 * Watches which of the cluster's masters are registered, as a DolphinScheduler client of the registry would: a
 * child watch on {@code /<namespace>/nodes/master} (re-armed on every event) plus a poll every 50 ms. Every
 * observation with none of the cluster's masters registered is recorded. Stops by itself after 15 min.
 */
final class MasterRegistryWatch implements AutoCloseable {
    private final RollingCluster c;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<String> empty = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final Set<String> everAbsent = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicInteger polls = new AtomicInteger();
    private final AtomicInteger events = new AtomicInteger();
    private final Thread poller;

    MasterRegistryWatch(RollingCluster c) throws Exception {
        this.c = c;
        arm();
        poller = new Thread(this::poll, "master-registry-poll");
        poller.setDaemon(true);
        poller.start();
    }

    private void arm() throws Exception {
        CuratorWatcher w = event -> {
            if (!running.get()) {
                return;
            }
            if (event.getType() == Watcher.Event.EventType.NodeChildrenChanged) {
                events.incrementAndGet();
            }
            try {
                arm();
            } catch (Exception ex) {
                errors.add("re-arming the watch: " + ex);
            }
        };
        List<String> children = c.zk.getChildren().usingWatcher(w).forPath(c.registryDir(NodeRole.MASTER));
        observe(children, "watch");
    }

    private void poll() {
        long deadline = System.currentTimeMillis() + 15 * 60_000;
        while (running.get() && System.currentTimeMillis() < deadline) {
            try {
                observe(c.zk.getChildren().forPath(c.registryDir(NodeRole.MASTER)), "poll");
                polls.incrementAndGet();
                Thread.sleep(50);
            } catch (InterruptedException ex) {
                return;
            } catch (Exception ex) {
                errors.add("poll: " + ex);
            }
        }
    }

    private void observe(List<String> children, String how) {
        long registered = 0;
        for (String m : c.roleNodes(NodeRole.MASTER)) {
            if (children.contains(c.registryAddress(m))) {
                registered++;
            } else {
                everAbsent.add(m);
            }
        }
        if (registered == 0) {
            empty.add(how + " at " + java.time.Instant.now() + ": children " + children);
        }
    }

    /** @return observations in which none of the cluster's masters was registered */
    List<String> momentsWithoutMaster() {
        return empty;
    }

    /** @return masters seen unregistered at least once */
    Set<String> everAbsent() {
        return everAbsent;
    }

    int polls() {
        return polls.get();
    }

    int events() {
        return events.get();
    }

    List<String> errors() {
        return errors;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        poller.join(5_000);
    }
}
