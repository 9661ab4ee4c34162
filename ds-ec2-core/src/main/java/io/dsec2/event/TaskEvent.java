package io.dsec2.event;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A task of an operation started, succeeded, was skipped (already done), is about to be retried, or failed.
 *
 * <pre>{@code
 * public void taskRetrying(TaskEvent e) {
 *     log.warn("{} attempt {} failed ({}), retrying in {}", e.taskId(), e.attempt(), e.error().orElse(""),
 *             e.retryDelay().orElse(Duration.ZERO));
 * }
 * }</pre>
 *
 * <p>{@link #attempt()} counts from 1. {@link #duration()} is the time since the task started (zero for a
 * start event). {@link #error()} is a redacted one-line summary: the message of a
 * {@link io.dsec2.exception.DsEc2Exception} (which never holds secrets) or only the type name of any other
 * exception. Immutable and thread-safe.
 */
public final class TaskEvent {
    private final String clusterId;
    private final String jobId;
    private final String stage;
    private final String taskId;
    private final String nodeId;
    private final int attempt;
    private final Duration duration;
    private final String error;
    private final Duration retryDelay;

    private TaskEvent(Builder b) {
        this.clusterId = Objects.requireNonNull(b.clusterId, "clusterId must not be null");
        this.jobId = Objects.requireNonNull(b.jobId, "jobId must not be null");
        this.stage = Objects.requireNonNull(b.stage, "stage must not be null");
        this.taskId = Objects.requireNonNull(b.taskId, "taskId must not be null");
        this.nodeId = b.nodeId;
        this.attempt = b.attempt;
        this.duration = Objects.requireNonNull(b.duration, "duration must not be null");
        this.error = b.error;
        this.retryDelay = b.retryDelay;
    }

    /** @return a new builder; mutable, not thread-safe */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the cluster id */
    public String clusterId() {
        return clusterId;
    }

    /** @return the job id of the operation */
    public String jobId() {
        return jobId;
    }

    /** @return the name of the task's stage */
    public String stage() {
        return stage;
    }

    /** @return the task id, unique within the plan, e.g. {@code "install-package/worker-2"} */
    public String taskId() {
        return taskId;
    }

    /** @return the node the task works on, if it works on one */
    public Optional<String> nodeId() {
        return Optional.ofNullable(nodeId);
    }

    /** @return the attempt, from 1; 0 for a task skipped without running */
    public int attempt() {
        return attempt;
    }

    /** @return time since the task started; zero for a start event */
    public Duration duration() {
        return duration;
    }

    /** @return redacted failure summary, for failure and retry events only */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /** @return wait before the next attempt, for retry events only */
    public Optional<Duration> retryDelay() {
        return Optional.ofNullable(retryDelay);
    }

    @Override
    public String toString() {
        return "TaskEvent{cluster=" + clusterId + ", job=" + jobId + ", stage=" + stage + ", task=" + taskId
                + (nodeId == null ? "" : ", node=" + nodeId) + ", attempt=" + attempt + ", duration=" + duration
                + (error == null ? "" : ", error=" + error) + (retryDelay == null ? "" : ", retryDelay=" + retryDelay)
                + "}";
    }

    /** Builder of {@link TaskEvent}; mutable, not thread-safe. */
    public static final class Builder {
        private String clusterId;
        private String jobId;
        private String stage;
        private String taskId;
        private String nodeId;
        private int attempt;
        private Duration duration = Duration.ZERO;
        private String error;
        private Duration retryDelay;

        private Builder() {
        }

        /**
         * @param v cluster id, required
         * @return this
         */
        public Builder clusterId(String v) {
            this.clusterId = v;
            return this;
        }

        /**
         * @param v job id, required
         * @return this
         */
        public Builder jobId(String v) {
            this.jobId = v;
            return this;
        }

        /**
         * @param v stage name, required
         * @return this
         */
        public Builder stage(String v) {
            this.stage = v;
            return this;
        }

        /**
         * @param v task id, required
         * @return this
         */
        public Builder taskId(String v) {
            this.taskId = v;
            return this;
        }

        /**
         * @param v node id, or null if the task works on no node
         * @return this
         */
        public Builder nodeId(String v) {
            this.nodeId = v;
            return this;
        }

        /**
         * @param v attempt from 1, 0 if skipped
         * @return this
         */
        public Builder attempt(int v) {
            this.attempt = v;
            return this;
        }

        /**
         * @param v time since task start; default zero
         * @return this
         */
        public Builder duration(Duration v) {
            this.duration = v;
            return this;
        }

        /**
         * @param v redacted failure summary, or null
         * @return this
         */
        public Builder error(String v) {
            this.error = v;
            return this;
        }

        /**
         * @param v wait before the next attempt, or null
         * @return this
         */
        public Builder retryDelay(Duration v) {
            this.retryDelay = v;
            return this;
        }

        /**
         * @return the event
         * @throws NullPointerException if a required field is unset
         */
        public TaskEvent build() {
            return new TaskEvent(this);
        }
    }
}
