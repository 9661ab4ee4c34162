package io.dsec2.testkit.standin.server;

import com.sun.net.httpserver.HttpExchange;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Stand-in master: checks the datasource and schema, connects the registry, serves RPC port
 * {@code master.listen-port} (5678) and HTTP {@code server.port} (5679), and registers
 * {@code /nodes/master/<ip>:5678} with the 3.2.0 master heartbeat.
 *
 * <p>Stand-in-only endpoints (documented in STANDIN.md):
 * <ul>
 *   <li>{@code POST :5679/standin/tasks?worker=<ip>:1234&durationMs=N[&name=x]}: inserts a
 *       {@code t_ds_task_instance} row (state 1 RUNNING_EXECUTION, host = worker) and dispatches it to that
 *       worker; answers {@code {"id":..}}. On a dispatch failure the row becomes 6 (FAILURE) and 502 is
 *       returned.</li>
 *   <li>{@code GET :5679/standin/tasks}: counts of task rows by state.</li>
 *   <li>{@code POST :5678/standin/report?taskId=&state=}: the worker's task result (7 SUCCESS,
 *       8 NEED_FAULT_TOLERANCE); sets state and end_time.</li>
 * </ul>
 * It also fails over removed workers (see {@code failoverRemovedWorkers}).
 */
public final class MasterNode extends Node {
    private static final String LOGGER = "org.apache.dolphinscheduler.server.master.MasterServer";
    private int rpcPort;
    private Set<String> knownWorkers;

    public MasterNode() {
        super("master", LOGGER);
    }

    @Override
    protected void start() throws Exception {
        checkDatabase();
        connectRegistry();
        rpcPort = cfg.getInt("master.listen-port", 5678);
        servers.add(Web.bind(rpcPort, this::rpc));
        Log.info("org.apache.dolphinscheduler.server.master.rpc.MasterRpcServer", "MasterRpcServer started on "
                + rpcPort);
        int http = cfg.getInt("server.port", 5679);
        servers.add(Web.bind(http, this::http));
        Log.info("org.springframework.boot.web.embedded.tomcat.TomcatWebServer", "Tomcat started on port(s): "
                + http + " (http) with context path ''");
        register("master", rpcPort, cfg.getDuration("master.heartbeat-interval", Duration.ofSeconds(10)));
        timer.scheduleWithFixedDelay(this::failoverRemovedWorkers, 0, 1, TimeUnit.SECONDS);
    }

    /**
     * Worker failover as in 3.2.0's WorkerFailoverService, reduced to the task table: when a worker's node
     * disappears, task rows still RUNNING_EXECUTION (1) on that host become NEED_FAULT_TOLERANCE (8). (The
     * stand-in does not re-dispatch them.)
     */
    private void failoverRemovedWorkers() {
        try {
            Set<String> now = new HashSet<>(zk.getChildren(namespace + "/nodes/worker", false));
            if (knownWorkers != null) {
                for (String gone : knownWorkers) {
                    if (!now.contains(gone)) {
                        int n;
                        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                                "update t_ds_task_instance set state=8, end_time=? where host=? and state=1")) {
                            ps.setTimestamp(1, new Timestamp(System.currentTimeMillis()));
                            ps.setString(2, gone);
                            n = ps.executeUpdate();
                        }
                        Log.info("org.apache.dolphinscheduler.server.master.service.WorkerFailoverService",
                                "Worker[" + gone + "] failover finished, task instances needing fault tolerance: " + n);
                    }
                }
            }
            knownWorkers = now;
        } catch (Exception e) {
            Log.warn(LOGGER, "worker failover check failed: " + e);
        }
    }

    @Override
    protected Map<String, Object> heartbeat(int port) {
        Map<String, Double> m = metrics();
        double reserved = cfg.getDouble("master.reserved-memory", 0.3);
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("startupTime", startupTime);
        h.put("reportTime", System.currentTimeMillis());
        h.put("cpuUsage", m.get("cpuUsage"));
        h.put("memoryUsage", m.get("memoryUsage"));
        h.put("availablePhysicalMemorySize", m.get("availablePhysicalMemorySize"));
        h.put("reservedMemory", reserved);
        h.put("diskAvailable", m.get("diskAvailable"));
        h.put("processId", ProcessHandle.current().pid());
        h.put("serverStatus", m.get("freeFraction") < reserved ? "ABNORMAL" : "NORMAL");
        h.put("host", ip);
        h.put("port", port);
        return h;
    }

    private void rpc(HttpExchange ex, Map<String, String> p) throws Exception {
        if (ex.getRequestURI().getPath().equals("/standin/report") && ex.getRequestMethod().equals("POST")) {
            long id = Long.parseLong(p.get("taskId"));
            int state = Integer.parseInt(p.get("state"));
            try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                    "update t_ds_task_instance set state=?, end_time=? where id=?")) {
                ps.setInt(1, state);
                ps.setTimestamp(2, new Timestamp(System.currentTimeMillis()));
                ps.setLong(3, id);
                ps.executeUpdate();
            }
            try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("update t_ds_process_instance p"
                    + " join t_ds_task_instance t on t.process_instance_id=p.id set p.state=?, p.end_time=?"
                    + " where t.id=?")) {
                ps.setInt(1, state);
                ps.setTimestamp(2, new Timestamp(System.currentTimeMillis()));
                ps.setLong(3, id);
                ps.executeUpdate();
            }
            Log.info("org.apache.dolphinscheduler.server.master.processor.TaskExecuteResultProcessor",
                    "task instance " + id + " reported state " + state);
            Web.send(ex, 200, Map.of("code", 0));
            return;
        }
        Web.send(ex, 404, Map.of("code", 404, "msg", "not found"));
    }

    private void http(HttpExchange ex, Map<String, String> p) throws Exception {
        if (actuator(ex, "", true)) {
            return;
        }
        String path = ex.getRequestURI().getPath();
        if (path.equals("/standin/tasks") && ex.getRequestMethod().equals("POST")) {
            dispatch(ex, p);
            return;
        }
        if (path.equals("/standin/tasks") && ex.getRequestMethod().equals("GET")) {
            Map<String, Object> counts = new LinkedHashMap<>();
            try (Connection c = connect(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("select state, count(*) from t_ds_task_instance group by state")) {
                while (rs.next()) {
                    counts.put(Integer.toString(rs.getInt(1)), rs.getLong(2));
                }
            }
            Web.send(ex, 200, Map.of("countsByState", counts));
            return;
        }
        Web.send(ex, 404, Map.of("status", 404, "error", "Not Found", "path", path));
    }

    private void dispatch(HttpExchange ex, Map<String, String> p) throws Exception {
        String worker = p.get("worker");
        long duration = Long.parseLong(p.getOrDefault("durationMs", "60000"));
        String taskName = p.getOrDefault("name", "standin-task");
        if (worker == null || !worker.matches("[0-9.]+:\\d+")) {
            Web.send(ex, 400, Map.of("code", 400, "msg", "worker=<ip>:<port> required"));
            return;
        }
        long id;
        Timestamp now = new Timestamp(System.currentTimeMillis());
        try (Connection c = connect()) {
            // as a real workflow does: its task definition names the group (so the group's row can no longer be
            // deleted) and its process instance uses it while it runs
            try (PreparedStatement ps = c.prepareStatement("insert into t_ds_task_definition (code, name, version,"
                    + " project_code, task_type, worker_group, create_time, update_time) select 1, 'standin-task', 1, 1,"
                    + " 'SHELL', 'default', ?, ? from dual where not exists (select 1 from t_ds_task_definition"
                    + " where code=1)")) {
                ps.setTimestamp(1, now);
                ps.setTimestamp(2, now);
                ps.executeUpdate();
            }
            long processId;
            try (PreparedStatement ps = c.prepareStatement("insert into t_ds_process_instance (name,"
                    + " process_definition_code, state, start_time, host, worker_group) values (?, 1, 1, ?, ?, 'default')",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, taskName);
                ps.setTimestamp(2, now);
                ps.setString(3, ip + ":" + rpcPort);
                ps.executeUpdate();
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    rs.next();
                    processId = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into t_ds_task_instance (name, task_type, task_code, state, submit_time, start_time, host,"
                            + " worker_group, executor_id, flag, process_instance_id)"
                            + " values (?, 'SHELL', 1, 1, ?, ?, ?, 'default', 1, 1, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, taskName);
                ps.setTimestamp(2, now);
                ps.setTimestamp(3, now);
                ps.setString(4, worker);
                ps.setLong(5, processId);
                ps.executeUpdate();
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
        }
        String master = URLEncoder.encode(ip + ":" + rpcPort, StandardCharsets.UTF_8);
        try {
            Web.post("http://" + worker + "/standin/run?taskId=" + id + "&durationMs=" + duration + "&master="
                    + master);
        } catch (Exception e) {
            try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                    "update t_ds_task_instance set state=6, end_time=? where id=?")) {
                ps.setTimestamp(1, new Timestamp(System.currentTimeMillis()));
                ps.setLong(2, id);
                ps.executeUpdate();
            }
            Web.send(ex, 502, Map.of("id", id, "error", "dispatch to " + worker + " failed: " + e.getMessage()));
            return;
        }
        Log.info("org.apache.dolphinscheduler.server.master.runner.dispatcher.WorkerTaskDispatcher",
                "Success dispatch task instance " + id + " to worker " + worker);
        Web.send(ex, 200, Map.of("id", id));
    }
}
