package io.dsec2.event;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A stage of an operation started, succeeded or failed.
 *
 * <pre>{@code
 * public void stageSucceeded(StageEvent e) {
 *     log.info("{} {}/{} '{}' done in {}", e.jobId(), e.stageIndex(), e.stageCount(), e.stage(), e.duration());
 * }
 * }</pre>
 *
 * <p>{@link #duration()} is zero for a start event. {@link #error()} is a redacted one-line summary, present
 * only for a failure. Immutable and thread-safe.
 */
public final class StageEvent {
    private final String clusterId;
    private final String jobId;
    private final String operation;
    private final String stage;
    private final int stageIndex;
    private final int stageCount;
    private final int taskCount;
    private final Duration duration;
    private final String error;

    private StageEvent(Builder b) {
        this.clusterId = Objects.requireNonNull(b.clusterId, "clusterId must not be null");
        this.jobId = Objects.requireNonNull(b.jobId, "jobId must not be null");
        this.operation = Objects.requireNonNull(b.operation, "operation must not be null");
        this.stage = Objects.requireNonNull(b.stage, "stage must not be null");
        this.stageIndex = b.stageIndex;
        this.stageCount = b.stageCount;
        this.taskCount = b.taskCount;
        this.duration = Objects.requireNonNull(b.duration, "duration must not be null");
        this.error = b.error;
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

    /** @return the operation kind, e.g. {@code "create"} */
    public String operation() {
        return operation;
    }

    /** @return the stage name, e.g. {@code "start"} */
    public String stage() {
        return stage;
    }

    /** @return position of the stage in the plan, from 1 */
    public int stageIndex() {
        return stageIndex;
    }

    /** @return number of stages in the plan */
    public int stageCount() {
        return stageCount;
    }

    /** @return number of tasks in the stage */
    public int taskCount() {
        return taskCount;
    }

    /** @return time from stage start to this event; zero for a start event */
    public Duration duration() {
        return duration;
    }

    /** @return redacted summary of the failure, for a failure event only */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    @Override
    public String toString() {
        return "StageEvent{cluster=" + clusterId + ", job=" + jobId + ", operation=" + operation + ", stage=" + stage
                + " (" + stageIndex + "/" + stageCount + "), tasks=" + taskCount + ", duration=" + duration
                + (error == null ? "" : ", error=" + error) + "}";
    }

    /** Builder of {@link StageEvent}; mutable, not thread-safe. */
    public static final class Builder {
        private String clusterId;
        private String jobId;
        private String operation;
        private String stage;
        private int stageIndex;
        private int stageCount;
        private int taskCount;
        private Duration duration = Duration.ZERO;
        private String error;

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
         * @param v operation kind, required
         * @return this
         */
        public Builder operation(String v) {
            this.operation = v;
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
         * @param v position from 1
         * @return this
         */
        public Builder stageIndex(int v) {
            this.stageIndex = v;
            return this;
        }

        /**
         * @param v stages in the plan
         * @return this
         */
        public Builder stageCount(int v) {
            this.stageCount = v;
            return this;
        }

        /**
         * @param v tasks in the stage
         * @return this
         */
        public Builder taskCount(int v) {
            this.taskCount = v;
            return this;
        }

        /**
         * @param v time since stage start; default zero
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
         * @return the event
         * @throws NullPointerException if a required field is unset
         */
        public StageEvent build() {
            return new StageEvent(this);
        }
    }
}
