package io.dsec2.internal.create;

import io.dsec2.exception.DsEc2Exception;
import io.dsec2.internal.ds.MetadataDatabase;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads DolphinScheduler's metadata database over JDBC from this machine (through {@link MetadataDatabase}, so
 * MySQL and PostgreSQL alike; the engine's driver must be on the class path, as in the CLI): running task instances
 * per worker host ({@code t_ds_task_instance.state} 1 = RUNNING_EXECUTION) and the rows of
 * {@code t_ds_worker_group}. Read-only. Thread-safe.
 */
final class TaskInstances {
    /** Task states (DS 3.2.0 TaskExecutionStatus codes). */
    static final int RUNNING = MetadataDatabase.RUNNING_EXECUTION;
    static final int NEED_FAULT_TOLERANCE = 8;
    static final int KILL = 9;
    private final CreateContext ctx;

    TaskInstances(CreateContext ctx) {
        this.ctx = ctx;
    }

    /** @return ids of task instances running on {@code host} ({@code ip:1234}) */
    List<Long> running(String host) {
        return read(db -> db.runningTaskIds(host));
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
        return read(db -> db.taskStates(ids));
    }

    /** @return the id and address list of the worker group row named {@code name}, if it exists */
    Optional<Map.Entry<Long, String>> group(String name) {
        return Optional.ofNullable(groups().get(name));
    }

    /** @return every worker group row: name to (id, address list) */
    Map<String, Map.Entry<Long, String>> groups() {
        return read(MetadataDatabase::workerGroups);
    }

    private interface Read<T> {
        T apply(MetadataDatabase db) throws SQLException;
    }

    private <T> T read(Read<T> read) {
        MetadataDatabase db = new MetadataDatabase(ctx.spec.database(), ctx.secrets.dbPassword, Duration.ofSeconds(5),
                Duration.ofSeconds(60));
        try {
            return read.apply(db);
        } catch (SQLException e) {
            throw new DsEc2Exception("reading the DolphinScheduler database (" + ctx.spec.database().jdbcUrl()
                    + ") failed: " + db.describe(e) + ", " + e.getClass().getSimpleName() + "; the "
                    + ctx.spec.database().type() + " driver must be on the class path and the database reachable"
                    + " from here", null, true);
        }
    }
}
