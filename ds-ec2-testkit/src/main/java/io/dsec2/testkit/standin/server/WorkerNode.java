package io.dsec2.testkit.standin.server;

import com.sun.net.httpserver.HttpExchange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Stand-in worker: no datasource (as in 3.2.0), connects the registry, serves RPC port
 * {@code worker.listen-port} (1234) and HTTP {@code server.port} (1235), registers
 * {@code /nodes/worker/<ip>:1234} with the 3.2.0 worker heartbeat, and runs simulated tasks.
 *
 * <p>Stand-in-only endpoints: {@code POST :1234/standin/run?taskId=&durationMs=&master=<ip>:5678} (called by the
 * master) starts a task that reports 7 (SUCCESS) to its master after {@code durationMs};
 * {@code GET :1234/standin/running} lists running task ids. On SIGTERM the worker behaves like 3.2.0's
 * {@code WorkerServer.close()}: it waits 3 s, then kills every running task and reports each as 8
 * (NEED_FAULT_TOLERANCE), logging {@code Worker killed N running task(s)}.
 */
public final class WorkerNode extends Node {
    private static final String LOGGER = "org.apache.dolphinscheduler.server.worker.WorkerServer";
    private final Map<Long, Task> running = new ConcurrentHashMap<>();

    private record Task(long id, String master, ScheduledFuture<?> future) {
    }

    public WorkerNode() {
        super("worker", LOGGER);
    }

    @Override
    protected void start() throws Exception {
        connectRegistry();
        int rpc = cfg.getInt("worker.listen-port", 1234);
        servers.add(Web.bind(rpc, this::rpc));
        Log.info("org.apache.dolphinscheduler.server.worker.rpc.WorkerRpcServer", "WorkerRpcServer started on " + rpc);
        int http = cfg.getInt("server.port", 1235);
        servers.add(Web.bind(http, (ex, p) -> {
            if (!actuator(ex, "", false)) {
                Web.send(ex, 404, Map.of("status", 404, "error", "Not Found"));
            }
        }));
        register("worker", rpc, cfg.getDuration("worker.heartbeat-interval", Duration.ofSeconds(10)));
    }

    @Override
    protected Map<String, Object> heartbeat(int port) {
        Map<String, Double> m = metrics();
        double reserved = cfg.getDouble("worker.reserved-memory", 0.3);
        double maxCpu = cfg.getDouble("worker.max-cpu-load-avg", 1);
        int threads = cfg.getInt("worker.exec-threads", 100);
        int waiting = Math.max(0, running.size() - threads);
        String status = m.get("cpuUsage") > maxCpu || m.get("freeFraction") < reserved ? "ABNORMAL"
                : waiting > 0 ? "BUSY" : "NORMAL";
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("startupTime", startupTime);
        h.put("reportTime", System.currentTimeMillis());
        h.put("cpuUsage", m.get("cpuUsage"));
        h.put("memoryUsage", m.get("memoryUsage"));
        h.put("availablePhysicalMemorySize", m.get("availablePhysicalMemorySize"));
        h.put("reservedMemory", reserved);
        h.put("diskAvailable", m.get("diskAvailable"));
        h.put("processId", ProcessHandle.current().pid());
        h.put("serverStatus", status);
        h.put("host", ip);
        h.put("port", port);
        h.put("loadAverage", 0.0);
        h.put("workerHostWeight", cfg.getInt("worker.host-weight", 100));
        h.put("workerWaitingTaskCount", waiting);
        h.put("workerExecThreadCount", threads);
        return h;
    }

    private void rpc(HttpExchange ex, Map<String, String> p) throws Exception {
        String path = ex.getRequestURI().getPath();
        if (path.equals("/standin/run") && ex.getRequestMethod().equals("POST")) {
            long id = Long.parseLong(p.get("taskId"));
            long duration = Long.parseLong(p.getOrDefault("durationMs", "0"));
            String master = p.get("master");
            ScheduledFuture<?> f = timer.schedule(() -> finish(id, 7), duration, TimeUnit.MILLISECONDS);
            running.put(id, new Task(id, master, f));
            Log.info("org.apache.dolphinscheduler.server.worker.runner.WorkerTaskExecutor",
                    "Begin to execute task instance " + id + " for " + duration + " ms");
            Web.send(ex, 200, Map.of("code", 0));
            return;
        }
        if (path.equals("/standin/running")) {
            Web.send(ex, 200, Map.of("running", new ArrayList<>(running.keySet())));
            return;
        }
        Web.send(ex, 404, Map.of("code", 404, "msg", "not found"));
    }

    private void finish(long id, int state) {
        Task t = running.remove(id);
        if (t == null) {
            return;
        }
        try {
            Web.post("http://" + t.master() + "/standin/report?taskId=" + id + "&state=" + state);
            Log.info("org.apache.dolphinscheduler.server.worker.runner.WorkerTaskExecutor",
                    "task instance " + id + " finished with state " + state);
        } catch (Exception e) {
            Log.warn(LOGGER, "cannot report task instance " + id + " to master " + t.master() + ": " + e);
        }
    }

    @Override
    protected void stopping() {
        sleep(3000); // Constants.SERVER_CLOSE_WAIT_TIME
        Log.info(LOGGER, "Worker server is stopping, current cause : shutdownHook");
        List<Task> tasks = new ArrayList<>(running.values());
        int killed = 0;
        for (Task t : tasks) {
            if (t.future().cancel(false)) {
                killed++;
                Log.info("org.apache.dolphinscheduler.server.worker.utils.TaskExecutionContextCacheManager",
                        "kill task instance " + t.id() + " success");
                finish(t.id(), 8);
            }
        }
        Log.info(LOGGER, "Worker killed " + killed + " running task(s)");
    }
}
