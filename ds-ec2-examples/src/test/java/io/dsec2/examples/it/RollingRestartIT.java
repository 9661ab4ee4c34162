package io.dsec2.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.model.ChangeSet;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.ConfigChange;
import io.dsec2.model.NodeRole;
import io.dsec2.model.RollingPolicy;
import io.dsec2.model.RolloutResult;
import io.dsec2.model.UpdateOptions;
import io.dsec2.model.UpdatePolicy;
import io.dsec2.testkit.LocalCloudExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 5's rolling-restart acceptance on the shared {@link RollingCluster} (2 masters, 3 workers, 2 api, 1 alert):
 * a worker setting restarts only the workers, one at a time, each serving again before the next goes down; a master
 * heap change restarts the masters one at a time while a registry watcher always sees a master; rolling the api
 * servers loses no request of a client that follows the target group's health; restarting workers while stand-in
 * tasks run on them kills none.
 */
@ExtendWith({LocalCloudExtension.class, RollingClusterExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollingRestartIT {
    static final List<String> WORKERS = RollingCluster.nodesOf(NodeRole.WORKER);
    static final List<String> MASTERS = RollingCluster.nodesOf(NodeRole.MASTER);
    static final List<String> APIS = RollingCluster.nodesOf(NodeRole.API);

    RollingCluster c;

    @BeforeAll
    void setUp(RollingCluster c) {
        this.c = c;
    }

    @BeforeEach
    void healthy() throws Exception {
        c.awaitHealthy(Duration.ofMinutes(2));
    }

    static RollingPolicy quick() {
        return RollingPolicy.builder().batchSize(1).monitorWindow(Duration.ofSeconds(2))
                .healthTimeout(Duration.ofMinutes(2)).drainTimeout(Duration.ofSeconds(30)).build();
    }

    @Test
    @Order(1)
    void workerExecThreadsRestartOnlyTheWorkersOneAtATime() throws Exception {
        int current = Integer.parseInt(c.heartbeat("worker-1").orElseThrow().asObject().get("workerExecThreadCount")
                .asNumber());
        String threads = Integer.toString(current + 1);
        ClusterSpec desired = c.applied().copy(b -> b.workers(w -> w.putConfig("worker.exec-threads", threads)));
        Map<String, String> before = c.startMarkers();
        Map<String, Long> registeredBefore = new TreeMap<>();
        WORKERS.forEach(w -> registeredBefore.put(w, c.registeredStartupTime(w)));

        RolloutResult r;
        List<String> order;
        try (NodeSampler s = new NodeSampler(c, RollingCluster.NODES).start()) {
            r = c.cluster(desired).update(desired, UpdateOptions.builder().note("rolling-it: exec threads " + threads)
                    .policy(quick()).build());
            s.close();
            order = s.assertOneAtATime(WORKERS);
        }
        c.applied(desired);

        assertThat(r.outcome()).as("%s", r).isEqualTo(RolloutResult.Outcome.COMPLETED);
        assertThat(r.restarted()).containsExactlyInAnyOrderElementsOf(WORKERS);
        assertThat(r.failed()).isEmpty();
        assertThat(order).as("restart order seen from outside").containsExactlyElementsOf(r.restarted());
        ChangeSet cs = r.changeSet();
        assertThat(cs.changes()).hasSize(1);
        ConfigChange change = cs.changes().get(0);
        assertThat(change.key()).endsWith("worker.exec-threads");
        assertThat(change.newValue()).contains(threads);
        assertThat(change.roles()).containsExactly(NodeRole.WORKER);
        assertThat(change.policy()).isEqualTo(UpdatePolicy.ROLLING_RESTART);
        assertThat(cs.rolesToRestart()).containsExactly(NodeRole.WORKER);
        assertThat(r.version()).hasValueSatisfying(v -> assertThat(v.note()).isEqualTo("rolling-it: exec threads " + threads));

        Map<String, String> after = c.startMarkers();
        for (String n : RollingCluster.NODES) {
            if (WORKERS.contains(n)) {
                assertThat(after.get(n)).as("%s restarted", n).isNotEqualTo(before.get(n)).isNotEmpty();
                assertThat(c.registeredStartupTime(n)).as("%s re-registered", n).isGreaterThan(registeredBefore.get(n));
                assertThat(c.heartbeat(n).orElseThrow().asObject().get("workerExecThreadCount").asNumber())
                        .as("%s runs the new setting", n).isEqualTo(threads);
            } else {
                assertThat(after.get(n)).as("%s kept its JVM", n).isEqualTo(before.get(n));
            }
        }
    }

    @Test
    @Order(2)
    void masterHeapRestartsTheMastersOneAtATimeWithAMasterAlwaysRegistered() throws Exception {
        int currentXmx = c.applied().masters().jvm().resolvedFor(NodeRole.MASTER).xmxMib();
        int heap = currentXmx == 2048 ? 1536 : 2048;
        ClusterSpec desired = c.applied().copy(b -> b.masters(m -> m.jvm(j -> j.heapMib(heap).xmnMib(heap / 2))));
        Map<String, String> before = c.startMarkers();

        RolloutResult r;
        List<String> order;
        MasterRegistryWatch watch = new MasterRegistryWatch(c);
        try (NodeSampler s = new NodeSampler(c, RollingCluster.NODES).start()) {
            r = c.cluster(desired).update(desired, UpdateOptions.builder().note("rolling-it: master heap " + heap)
                    .policy(quick()).build());
            s.close();
            order = s.assertOneAtATime(MASTERS);
        } finally {
            watch.close();
        }
        c.applied(desired);

        assertThat(r.outcome()).as("%s", r).isEqualTo(RolloutResult.Outcome.COMPLETED);
        assertThat(r.restarted()).containsExactlyInAnyOrderElementsOf(MASTERS);
        assertThat(order).containsExactlyElementsOf(r.restarted());
        assertThat(r.changeSet().rolesToRestart()).containsExactly(NodeRole.MASTER);
        assertThat(r.changeSet().changes()).anyMatch(ch -> ch.key().contains("master") && ch.key().contains("xmx"));

        assertThat(watch.errors()).isEmpty();
        assertThat(watch.polls()).as("registry polls").isGreaterThan(100);
        assertThat(watch.everAbsent()).as("the watcher saw each master leave and come back")
                .containsExactlyInAnyOrderElementsOf(MASTERS);
        assertThat(watch.events()).as("child-watch events").isGreaterThanOrEqualTo(2);
        assertThat(watch.momentsWithoutMaster()).as("moments with no master registered").isEmpty();

        Map<String, String> after = c.startMarkers();
        for (String n : RollingCluster.NODES) {
            if (MASTERS.contains(n)) {
                assertThat(after.get(n)).as("%s restarted", n).isNotEqualTo(before.get(n)).isNotEmpty();
                assertThat(c.file(n, "master-server/bin/jvm_args_env.sh")).contains("-Xmx" + heap + "m");
                assertThat(c.jvmArgs(n)).as("%s runs with the new heap", n).contains("-Xmx" + heap + "m");
            } else {
                assertThat(after.get(n)).as("%s kept its JVM", n).isEqualTo(before.get(n));
            }
        }
    }

    @Test
    @Order(3)
    void rollingTheApiServersLosesNoRequestOfAClientFollowingTheTargetGroup() throws Exception {
        Map<String, String> before = c.startMarkers();
        RolloutResult r;
        BalancedClient client = new BalancedClient(c);
        try (NodeSampler s = new NodeSampler(c, RollingCluster.NODES).start()) {
            Thread.sleep(1_000);
            r = c.cluster().restart(NodeRole.API, quick());
            Thread.sleep(1_000);
            s.close();
            s.assertOneAtATime(APIS);
        } finally {
            client.close();
        }
        assertThat(r.outcome()).as("%s", r).isEqualTo(RolloutResult.Outcome.COMPLETED);
        assertThat(r.restarted()).containsExactlyInAnyOrderElementsOf(APIS);
        assertThat(r.version()).isEmpty();

        assertThat(client.failures()).as("failed requests (of %d)", client.sent()).isEmpty();
        assertThat(client.refreshesWithoutHealthyTarget()).as("moments with no healthy target").isEmpty();
        assertThat(client.sent()).as("requests sent").isGreaterThan(300);
        assertThat(client.ok()).isEqualTo(client.sent());
        assertThat(client.perNode().keySet()).containsExactlyInAnyOrderElementsOf(APIS);

        Map<String, String> after = c.startMarkers();
        for (String n : RollingCluster.NODES) {
            if (APIS.contains(n)) {
                assertThat(after.get(n)).as("%s restarted", n).isNotEqualTo(before.get(n)).isNotEmpty();
            } else {
                assertThat(after.get(n)).as("%s kept its JVM", n).isEqualTo(before.get(n));
            }
        }
        assertThat(c.targetStates(c.targetGroupArn())).containsOnlyKeys(APIS).allSatisfy((n, st) ->
                assertThat(st).as(n).isEqualTo("healthy"));
    }

    @Test
    @Order(4)
    void restartingWorkersWithRunningTasksKillsNone() throws Exception {
        long taskMs = 12_000;
        List<Long> tasks = new CopyOnWriteArrayList<>();
        for (String w : WORKERS) {
            tasks.add(c.startTask(w, taskMs));
            tasks.add(c.startTask(w, taskMs));
        }
        Map<String, Long> startedBefore = new TreeMap<>();
        WORKERS.forEach(w -> startedBefore.put(w, c.registeredStartupTime(w)));
        // when a worker is back (registered with a new startup time), give the workers not yet restarted fresh tasks,
        // so that every worker has tasks running when its turn comes
        Set<String> back = ConcurrentHashMap.newKeySet();
        List<String> errors = new CopyOnWriteArrayList<>();
        Thread feeder = new Thread(() -> {
            long deadline = System.currentTimeMillis() + 10 * 60_000;
            while (back.size() < WORKERS.size() && System.currentTimeMillis() < deadline
                    && !Thread.currentThread().isInterrupted()) {
                try {
                    for (String w : WORKERS) {
                        long t = c.registeredStartupTime(w);
                        if (t != 0 && t != startedBefore.get(w) && back.add(w)) {
                            for (String other : WORKERS) {
                                if (!back.contains(other) && c.registeredStartupTime(other) == startedBefore.get(other)) {
                                    tasks.add(c.startTask(other, taskMs));
                                }
                            }
                        }
                    }
                    Thread.sleep(100);
                } catch (InterruptedException ex) {
                    return;
                } catch (Exception | AssertionError ex) {
                    errors.add(ex.toString());
                }
            }
        }, "task-feeder");
        feeder.setDaemon(true);

        RolloutResult r;
        try (NodeSampler s = new NodeSampler(c, RollingCluster.NODES).start()) {
            feeder.start();
            r = c.cluster().restart(NodeRole.WORKER, quick().copy(p -> p.drainTimeout(Duration.ofSeconds(90))));
            s.close();
            s.assertOneAtATime(WORKERS);
        } finally {
            feeder.interrupt();
            feeder.join(10_000);
        }
        assertThat(errors).as("starting tasks").isEmpty();
        assertThat(r.outcome()).as("%s", r).isEqualTo(RolloutResult.Outcome.COMPLETED);
        assertThat(r.restarted()).containsExactlyInAnyOrderElementsOf(WORKERS);
        assertThat(back).containsExactlyInAnyOrderElementsOf(WORKERS);
        assertThat(tasks.size()).as("tasks started (2 per worker, and more for each worker whose turn was still to come)")
                .isGreaterThanOrEqualTo(2 * WORKERS.size() + 2);

        long end = System.currentTimeMillis() + 60_000;
        Map<Long, Integer> states = c.taskStates(tasks);
        while (states.containsValue(1) && System.currentTimeMillis() < end) {
            Thread.sleep(500);
            states = c.taskStates(tasks);
        }
        List<Long> notSucceeded = new ArrayList<>();
        states.forEach((id, st) -> {
            if (st != 7) {
                notSucceeded.add(id);
            }
        });
        assertThat(states).as("task rows").hasSize(tasks.size());
        assertThat(notSucceeded).as("tasks that did not succeed (states %s)", states).isEmpty();
    }
}
