package io.dsec2.exception;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A multi-step operation (create, scale, delete, update, restart) failed part-way. Carries every task's
 * outcome so the caller can see which nodes are done, which failed and why, what never started, and what
 * the rollback did.
 *
 * <pre>{@code
 * } catch (ClusterOperationException e) {
 *     e.failedNodes().forEach((node, cause) -> log.error("{}: {}", node, cause.getMessage()));
 *     log.info("done on {}; rollback: {}", e.succeededNodes(), e.rollback().orElse("none"));
 * }
 * }</pre>
 *
 * <p>Causes are {@link DsEc2Exception}s whose messages hold no secrets; a task that failed with another
 * exception type is reported through a {@code DsEc2Exception} that names only the type and keeps the
 * original as its cause. Re-running the same operation with the same job id resumes from the first
 * unfinished task; the message says so when no rollback ran. Immutable and thread-safe;
 * {@link #withRollback(String)} returns a copy.
 */
public class ClusterOperationException extends DsEc2Exception {
    private static final long serialVersionUID = 1L;
    private final String operation;
    private final String jobId;
    private final List<String> succeededTasks;
    private final List<String> succeededNodes;
    private final Map<String, DsEc2Exception> failedTasks;
    private final Map<String, DsEc2Exception> failedNodes;
    private final List<String> notStartedTasks;
    private final String rollback;

    private ClusterOperationException(Builder b) {
        super(message(b), b.failedTasks.isEmpty() ? null : b.failedTasks.values().iterator().next(), false);
        this.operation = b.operation;
        this.jobId = b.jobId;
        this.succeededTasks = List.copyOf(b.succeededTasks);
        this.succeededNodes = List.copyOf(b.succeededNodes);
        this.failedTasks = Collections.unmodifiableMap(new LinkedHashMap<>(b.failedTasks));
        this.failedNodes = Collections.unmodifiableMap(new LinkedHashMap<>(b.failedNodes));
        this.notStartedTasks = List.copyOf(b.notStartedTasks);
        this.rollback = b.rollback;
    }

    private static String message(Builder b) {
        Objects.requireNonNull(b.operation, "operation must not be null");
        Objects.requireNonNull(b.jobId, "jobId must not be null");
        StringBuilder m = new StringBuilder("Operation '").append(b.operation).append("' (job ").append(b.jobId)
                .append(") failed: ").append(b.failedTasks.size()).append(" task(s) failed, ")
                .append(b.succeededTasks.size()).append(" succeeded, ").append(b.notStartedTasks.size())
                .append(" not started");
        b.failedTasks.forEach((task, cause) -> m.append("\n  ").append(task).append(": ").append(cause.getMessage()));
        if (b.rollback != null) {
            m.append("\n  rollback: ").append(b.rollback);
        } else if (!b.failedTasks.isEmpty()) {
            m.append("\n  Run the same command again to resume: tasks that finished are not repeated.");
        }
        return m.toString();
    }

    /** @return a new builder; mutable, not thread-safe */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this exception's fields */
    public Builder toBuilder() {
        Builder b = builder().operation(operation).jobId(jobId).rollback(rollback);
        succeededTasks.forEach(b::addSucceededTask);
        succeededNodes.forEach(b::addSucceededNode);
        failedTasks.forEach(b::putFailedTask);
        failedNodes.forEach(b::putFailedNode);
        notStartedTasks.forEach(b::addNotStartedTask);
        return b;
    }

    /**
     * @param summary what the rollback did, e.g. {@code "terminated 3 instances launched by this run"}
     * @return a copy of this exception that also reports the rollback
     */
    public ClusterOperationException withRollback(String summary) {
        return toBuilder().rollback(Objects.requireNonNull(summary, "summary must not be null")).build();
    }

    /** @return the operation kind, e.g. {@code "create"} */
    public String operation() {
        return operation;
    }

    /** @return the job id; re-run with it to resume */
    public String jobId() {
        return jobId;
    }

    /** @return ids of the tasks that succeeded (or were already done), in plan order */
    public List<String> succeededTasks() {
        return succeededTasks;
    }

    /** @return nodes all of whose tasks that ran succeeded, in plan order */
    public List<String> succeededNodes() {
        return succeededNodes;
    }

    /** @return task id to cause, for every failed task, in plan order */
    public Map<String, DsEc2Exception> failedTasks() {
        return failedTasks;
    }

    /** @return node id to the cause of that node's first failed task */
    public Map<String, DsEc2Exception> failedNodes() {
        return failedNodes;
    }

    /** @return ids of the tasks that never started because of the failure */
    public List<String> notStartedTasks() {
        return notStartedTasks;
    }

    /** @return what the rollback did, if one ran */
    public Optional<String> rollback() {
        return Optional.ofNullable(rollback);
    }

    /** Builder of {@link ClusterOperationException}; mutable, not thread-safe. */
    public static final class Builder {
        private String operation;
        private String jobId;
        private final List<String> succeededTasks = new ArrayList<>();
        private final List<String> succeededNodes = new ArrayList<>();
        private final Map<String, DsEc2Exception> failedTasks = new LinkedHashMap<>();
        private final Map<String, DsEc2Exception> failedNodes = new LinkedHashMap<>();
        private final List<String> notStartedTasks = new ArrayList<>();
        private String rollback;

        private Builder() {
        }

        /**
         * @param operation the operation kind, required
         * @return this
         */
        public Builder operation(String operation) {
            this.operation = operation;
            return this;
        }

        /**
         * @param jobId the job id, required
         * @return this
         */
        public Builder jobId(String jobId) {
            this.jobId = jobId;
            return this;
        }

        /**
         * @param taskId a succeeded task
         * @return this
         */
        public Builder addSucceededTask(String taskId) {
            succeededTasks.add(Objects.requireNonNull(taskId, "taskId must not be null"));
            return this;
        }

        /**
         * @param nodeId a node whose tasks all succeeded
         * @return this
         */
        public Builder addSucceededNode(String nodeId) {
            succeededNodes.add(Objects.requireNonNull(nodeId, "nodeId must not be null"));
            return this;
        }

        /**
         * @param taskId a failed task
         * @param cause its cause
         * @return this
         */
        public Builder putFailedTask(String taskId, DsEc2Exception cause) {
            failedTasks.put(Objects.requireNonNull(taskId, "taskId must not be null"),
                    Objects.requireNonNull(cause, "cause must not be null"));
            return this;
        }

        /**
         * @param nodeId a failed node
         * @param cause its first failure
         * @return this
         */
        public Builder putFailedNode(String nodeId, DsEc2Exception cause) {
            failedNodes.putIfAbsent(Objects.requireNonNull(nodeId, "nodeId must not be null"),
                    Objects.requireNonNull(cause, "cause must not be null"));
            return this;
        }

        /**
         * @param taskId a task that never started
         * @return this
         */
        public Builder addNotStartedTask(String taskId) {
            notStartedTasks.add(Objects.requireNonNull(taskId, "taskId must not be null"));
            return this;
        }

        /**
         * @param summary what the rollback did, or null if none ran
         * @return this
         */
        public Builder rollback(String summary) {
            this.rollback = summary;
            return this;
        }

        /**
         * @return the exception
         * @throws NullPointerException if operation or jobId is unset
         */
        public ClusterOperationException build() {
            return new ClusterOperationException(this);
        }
    }
}
