package io.dsec2.internal.create;

import io.dsec2.exception.DsEc2Exception;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Reads DolphinScheduler's metadata database over JDBC from this machine (java.sql; the driver must be on the
 * class path, as in the CLI): running task instances per worker host ({@code t_ds_task_instance.state} 1 =
 * RUNNING_EXECUTION) and the {@code default} row of {@code t_ds_worker_group}. Read-only. Thread-safe.
 */
final class TaskInstances {
    /** Task states (DS 3.2.0 TaskExecutionStatus codes). */
    static final int RUNNING = 1;
    static final int NEED_FAULT_TOLERANCE = 8;
    static final int KILL = 9;
    private final CreateContext ctx;

    TaskInstances(CreateContext ctx) {
        this.ctx = ctx;
    }

    /** @return ids of task instances running on {@code host} ({@code ip:1234}) */
    List<Long> running(String host) {
        List<Long> ids = new ArrayList<>();
        query("select id from t_ds_task_instance where host=? and state=?", ps -> {
            ps.setString(1, host);
            ps.setInt(2, RUNNING);
        }, rs -> ids.add(rs.getLong(1)));
        return ids;
    }

    /**
     * Polls until no task instance runs on {@code host} or the deadline passes.
     *
     * @param host a worker address {@code ip:1234}
     * @param deadlineNanos a {@link System#nanoTime()} deadline
     * @return the ids still running at the end (empty when drained)
     */
    List<Long> awaitNoneRunning(String host, long deadlineNanos) {
        List<Long> now = running(host);
        while (!now.isEmpty() && System.nanoTime() < deadlineNanos) {
            CloudSteps.sleep(java.time.Duration.ofMillis(Math.min(500,
                    Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000))));
            now = running(host);
        }
        return now;
    }

    /** @return the state of each of these task instances */
    Map<Long, Integer> states(List<Long> ids) {
        Map<Long, Integer> out = new HashMap<>();
        for (Long id : ids) {
            query("select state from t_ds_task_instance where id=?", ps -> ps.setLong(1, id),
                    rs -> out.put(id, rs.getInt(1)));
        }
        return out;
    }

    /** @return the id and address list of the worker group row named {@code name}, if it exists */
    Optional<Map.Entry<Long, String>> group(String name) {
        List<Map.Entry<Long, String>> rows = new ArrayList<>();
        query("select id, addr_list from t_ds_worker_group where name=?", ps -> ps.setString(1, name),
                rs -> rows.add(Map.entry(rs.getLong(1), rs.getString(2) == null ? "" : rs.getString(2))));
        return rows.stream().findFirst();
    }

    /** @return every worker group row: name to (id, address list) */
    Map<String, Map.Entry<Long, String>> groups() {
        Map<String, Map.Entry<Long, String>> rows = new java.util.TreeMap<>();
        query("select id, name, addr_list from t_ds_worker_group", ps -> { }, rs -> rows.put(rs.getString(2),
                Map.entry(rs.getLong(1), rs.getString(3) == null ? "" : rs.getString(3))));
        return rows;
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, Binder binder, Row row) {
        Properties p = new Properties();
        p.setProperty("user", ctx.spec.database().username());
        if (ctx.secrets.dbPassword != null) {
            p.setProperty("password", ctx.secrets.dbPassword);
        }
        p.setProperty("connectTimeout", "5000");
        try (Connection c = DriverManager.getConnection(ctx.spec.database().jdbcUrl(), p);
             PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new DsEc2Exception("reading the DolphinScheduler database (" + ctx.spec.database().jdbcUrl()
                    + ") failed: SQLState " + e.getSQLState() + ", " + e.getClass().getSimpleName()
                    + "; a MySQL driver must be on the class path and the database reachable from here", null, true);
        }
    }
}
