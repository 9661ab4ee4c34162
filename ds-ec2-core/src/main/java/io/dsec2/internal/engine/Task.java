package io.dsec2.internal.engine;

import io.dsec2.config.RetrySettings;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One idempotent step on (usually) one node: first {@link TaskCheck check} whether the work is done, then
 * {@link TaskAction act}. Ids are unique within a plan and stable across runs (they key the journal), e.g.
 * {@code install-package/worker-2}.
 *
 * <pre>{@code
 * Task t = Task.builder("start-server/master-1")
 *         .nodeId("master-1")
 *         .description("Start the master server on master-1")
 *         .check(ctx -> health.isUp("master-1"))
 *         .action(ctx -> exec.run("master-1", "bin/dolphinscheduler-daemon.sh start master-server"))
 *         .build();
 * }</pre>
 *
 * <p>Immutable; the check and action must be thread-safe if the plan runs more than once at a time.
 */
public final class Task {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/@:-]{0,199}");

    private final String id;
    private final String nodeId;
    private final String description;
    private final Duration timeout;
    private final RetrySettings retry;
    private final TaskCheck check;
    private final TaskAction action;

    private Task(Builder b) {
        if (b.id == null || !ID.matcher(b.id).matches()) {
            throw new IllegalArgumentException("task id must be 1-200 characters of letters, digits and ._/@:-, "
                    + "starting with a letter or digit, was '" + b.id + "'");
        }
        if (b.timeout != null && (b.timeout.isZero() || b.timeout.isNegative())) {
            throw new IllegalArgumentException("timeout of task " + b.id + " must be positive, was " + b.timeout);
        }
        this.id = b.id;
        this.nodeId = b.nodeId;
        this.description = Objects.requireNonNull(b.description, "description must not be null");
        this.timeout = b.timeout;
        this.retry = b.retry;
        this.check = Objects.requireNonNull(b.check, "check must not be null");
        this.action = Objects.requireNonNull(b.action, "action of task " + b.id + " must not be null");
    }

    /**
     * @param id the task id, unique within the plan and stable across runs
     * @return a builder; mutable, not thread-safe
     */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** @return the id */
    public String id() {
        return id;
    }

    /** @return the node the task works on, if any */
    public Optional<String> nodeId() {
        return Optional.ofNullable(nodeId);
    }

    /** @return a human-readable description, printed by {@code plan}; secrets are masked when printed */
    public String description() {
        return description;
    }

    /** @return the task's own timeout per attempt, if set; otherwise the executor's default applies */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** @return the task's own retry settings, if set; otherwise the executor's default applies */
    public Optional<RetrySettings> retry() {
        return Optional.ofNullable(retry);
    }

    TaskCheck check() {
        return check;
    }

    TaskAction action() {
        return action;
    }

    @Override
    public String toString() {
        return "Task{" + id + (nodeId == null ? "" : " on " + nodeId) + ": " + Redaction.mask(description) + "}";
    }

    /** Builder of {@link Task}; mutable, not thread-safe. */
    public static final class Builder {
        private final String id;
        private String nodeId;
        private String description = "";
        private Duration timeout;
        private RetrySettings retry;
        private TaskCheck check = TaskCheck.NEVER_DONE;
        private TaskAction action;

        private Builder(String id) {
            this.id = id;
        }

        /**
         * @param nodeId the node the task works on; default none
         * @return this
         */
        public Builder nodeId(String nodeId) {
            this.nodeId = nodeId;
            return this;
        }

        /**
         * @param description what the task does, for humans; default empty
         * @return this
         */
        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /**
         * @param timeout limit per attempt; default: the executor's task timeout
         * @return this
         */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * @param retry retry settings; default: the executor's
         * @return this
         */
        public Builder retry(RetrySettings retry) {
            this.retry = retry;
            return this;
        }

        /**
         * @param check whether the work is already done; default: never done
         * @return this
         */
        public Builder check(TaskCheck check) {
            this.check = check;
            return this;
        }

        /**
         * @param action the work; required
         * @return this
         */
        public Builder action(TaskAction action) {
            this.action = action;
            return this;
        }

        /**
         * @return the task
         * @throws IllegalArgumentException if the id or timeout is invalid
         */
        public Task build() {
            return new Task(this);
        }
    }
}
