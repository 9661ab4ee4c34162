package io.dsec2.examples.bench;

import io.dsec2.event.ClusterListener;
import io.dsec2.event.StageEvent;
import io.dsec2.event.TaskEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Benchmark support: each task's wall time in one operation (first start to success, retries included), taken from the
 * public {@link ClusterListener} events, each stage's time, and the critical path of a create through them. Thread-safe.
 */
final class TaskTimes implements ClusterListener {
    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private final Map<String, Double> seconds = new ConcurrentHashMap<>();
    private final Map<String, Double> stages = Collections.synchronizedMap(new LinkedHashMap<>());

    @Override
    public void taskStarted(TaskEvent e) {
        started.putIfAbsent(e.taskId(), System.nanoTime());
    }

    @Override
    public void taskSucceeded(TaskEvent e) {
        Long t0 = started.get(e.taskId());
        seconds.put(e.taskId(), t0 == null ? e.duration().toMillis() / 1000.0 : (System.nanoTime() - t0) / 1e9);
    }

    @Override
    public void taskSkipped(TaskEvent e) {
        Long t0 = started.get(e.taskId());
        seconds.put(e.taskId(), t0 == null ? 0 : (System.nanoTime() - t0) / 1e9);
    }

    @Override
    public void stageSucceeded(StageEvent e) {
        stages.put(e.stage(), e.duration().toMillis() / 1000.0);
    }

    /** @return task id to seconds, a copy */
    Map<String, Double> tasks() {
        return new HashMap<>(seconds);
    }

    /** @return stage name to seconds in the order they finished, a copy */
    Map<String, Double> stages() {
        synchronized (stages) {
            return new LinkedHashMap<>(stages);
        }
    }

    void clear() {
        started.clear();
        seconds.clear();
        stages.clear();
    }

    /** A chain of tasks and its total seconds. */
    record Path(List<String> tasks, double seconds) {
    }

    /**
     * The longest chain of a create's tasks that must follow each other, by what DolphinScheduler and the cloud
     * require rather than by the plan's stage order: a node's own steps in order (launch, connect, prepare, package,
     * configure, start); the package fan-out after the seed's upload; the schema after its node's configure; every
     * server's start after the schema (DolphinScheduler's servers read {@code t_ds_*} at startup), but no server after
     * another (a worker, api or alert server starts and registers without a master: their gates are health UP and
     * their own registry node); verify after every start; the load balancer's target check after the api servers
     * and the load balancer; worker groups after the registry check (rows may list registered workers only).
     *
     * @param tasks task id to seconds (ids as create names them: {@code launch/master-1}, {@code schema/master-1}, ...)
     * @return the critical path
     */
    static Path createCriticalPath(Map<String, Double> tasks) {
        Map<String, List<String>> deps = new HashMap<>();
        for (String id : tasks.keySet()) {
            deps.put(id, createDeps(id, tasks.keySet()));
        }
        Map<String, Path> memo = new HashMap<>();
        Path best = new Path(List.of(), 0);
        for (String id : tasks.keySet()) {
            Path p = longest(id, tasks, deps, memo);
            if (p.seconds() > best.seconds()) {
                best = p;
            }
        }
        return best;
    }

    private static Path longest(String id, Map<String, Double> tasks, Map<String, List<String>> deps,
            Map<String, Path> memo) {
        Path known = memo.get(id);
        if (known != null) {
            return known;
        }
        Path before = new Path(List.of(), 0);
        for (String d : deps.get(id)) {
            Path p = longest(d, tasks, deps, memo);
            if (p.seconds() > before.seconds()) {
                before = p;
            }
        }
        List<String> chain = new ArrayList<>(before.tasks());
        chain.add(id);
        Path p = new Path(chain, before.seconds() + tasks.get(id));
        memo.put(id, p);
        return p;
    }

    static List<String> createDeps(String id, java.util.Set<String> all) {
        String kind = id.contains("/") ? id.substring(0, id.indexOf('/')) : id;
        String node = id.contains("/") ? id.substring(id.indexOf('/') + 1) : "";
        List<String> out = new ArrayList<>();
        switch (kind) {
            case "network" -> out.add("discover");
            case "launch", "load-balancer" -> out.add("network");
            case "connect" -> out.add("launch/" + node);
            case "prepare" -> out.add("connect/" + node);
            case "package-seed" -> out.add("prepare/" + node);
            case "package" -> {
                out.add("prepare/" + node);
                out.addAll(all.stream().filter(t -> t.startsWith("package-seed/")).toList());
            }
            case "package-serve-stop" -> out.addAll(all.stream().filter(t -> t.startsWith("package/")).toList());
            case "configure" -> out.add("package/" + node);
            case "schema" -> out.add("configure/" + node);
            case "start" -> {
                out.add("configure/" + node);
                out.addAll(all.stream().filter(t -> t.startsWith("schema/")).toList());
            }
            case "verify" -> {
                if (node.equals("targets")) {
                    out.addAll(all.stream().filter(t -> t.startsWith("start/api-")).toList());
                    out.add("load-balancer");
                } else {
                    out.addAll(all.stream().filter(t -> t.startsWith("start/")).toList());
                }
            }
            case "worker-groups" -> out.add("verify/registry");
            default -> {
                // discover, and anything new: no known predecessor
            }
        }
        return out.stream().filter(all::contains).toList();
    }
}
