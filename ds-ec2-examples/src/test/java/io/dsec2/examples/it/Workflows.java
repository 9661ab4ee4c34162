package io.dsec2.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Workflows of a real DolphinScheduler 3.2.0 cluster, as an operator observes them: started through the REST API
 * ({@link DsRest}), followed in the metadata database ({@code t_ds_process_instance}, {@code t_ds_task_instance};
 * states as TaskExecutionStatus/WorkflowExecutionStatus at 3.2.0: 1 running, 5 stop, 6 failure, 7 success, 9 kill).
 */
final class Workflows {
    static final int SUCCESS = 7;

    /** Opens a connection to the cluster's metadata database. */
    interface Db {
        Connection open() throws Exception;
    }

    private final DsRest rest;
    private final long project;
    private final Db db;

    Workflows(DsRest rest, long project, Db db) {
        this.rest = rest;
        this.project = project;
        this.db = db;
    }

    /** Starts the workflow on {@code group}; @return its new process instance id */
    long start(long definition, String group) throws Exception {
        String newest = "select coalesce(max(id), 0) from t_ds_process_instance where process_definition_code="
                + definition;
        long before = sqlLong(newest);
        rest.start(project, definition, group);
        long end = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < end) {
            long id = sqlLong(newest);
            if (id > before) {
                return id;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("no process instance of " + definition + " within 1 min");
    }

    /** Starts the workflow and waits until it succeeds; @return the process instance id */
    long startAndAwait(long definition, String group, Duration timeout) throws Exception {
        long id = start(definition, group);
        awaitInstanceDone(id, timeout);
        assertThat(instanceState(id)).as("process instance %d (tasks %s)", id, tasksOf(id)).isEqualTo(SUCCESS);
        return id;
    }

    /** @return the host of the instance's task once it runs */
    String awaitTaskRunning(long instance, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            for (Map<String, Object> t : tasksOf(instance)) {
                if (Integer.valueOf(1).equals(t.get("state")) && t.get("host") != null) {
                    return (String) t.get("host");
                }
            }
            Thread.sleep(300);
        }
        throw new AssertionError("task of process instance " + instance + " not running within " + timeout + ": "
                + tasksOf(instance));
    }

    void awaitInstanceDone(long instance, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            int s = instanceState(instance);
            if (s == 5 || s == 6 || s == 7 || s == 9) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("process instance " + instance + " not done within " + timeout + ": state "
                + instanceState(instance) + ", tasks " + tasksOf(instance));
    }

    int instanceState(long id) throws Exception {
        return (int) sqlLong("select state from t_ds_process_instance where id=" + id);
    }

    /** @return the instance's task instances: id, state, host, pid */
    List<Map<String, Object>> tasksOf(long instance) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection k = db.open(); PreparedStatement ps = k.prepareStatement(
                "select id, state, host, pid from t_ds_task_instance where process_instance_id=? order by id")) {
            ps.setLong(1, instance);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> t = new TreeMap<>();
                    t.put("id", rs.getLong(1));
                    t.put("state", rs.getInt(2));
                    t.put("host", rs.getString(3));
                    t.put("pid", rs.getInt(4));
                    out.add(t);
                }
            }
        }
        return out;
    }

    long sqlLong(String sql) throws Exception {
        try (Connection k = db.open(); ResultSet rs = k.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    String sqlString(String sql) throws Exception {
        try (Connection k = db.open(); ResultSet rs = k.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
