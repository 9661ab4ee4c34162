package io.dsec2.model;

import io.dsec2.internal.spec.Checks;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an {@code update}, {@code restart} or {@code rollback} did, node by node. Immutable and thread-safe.
 */
public final class RolloutResult {
    /** How a rollout ended. */
    public enum Outcome {
        /** Every node targeted is on the desired version (or restarted) and healthy. */
        COMPLETED,
        /** Nothing needed restarting; a new version was recorded if the spec changed. */
        NOTHING_TO_DO,
        /** Completed, but some nodes failed their gate within {@link RollingPolicy#maxFailures()}. */
        COMPLETED_WITH_FAILURES,
        /** Stopped at a failed node; nodes not reached keep the old version. Re-run to resume. */
        PAUSED,
        /** Stopped at a failed node and rolled the changed nodes back to the previous version. */
        ROLLED_BACK
    }

    private final String jobId;
    private final boolean resumed;
    private final Outcome outcome;
    private final ConfigVersion version;
    private final ChangeSet changeSet;
    private final List<String> restarted;
    private final List<String> unchanged;
    private final Map<String, String> failed;
    private final List<String> rolledBack;
    private final Duration duration;

    private RolloutResult(Builder b) {
        jobId = Checks.notNull(b.jobId, "jobId");
        resumed = b.resumed;
        outcome = Checks.notNull(b.outcome, "outcome");
        version = b.version;
        changeSet = Checks.notNull(b.changeSet, "changeSet");
        restarted = List.copyOf(b.restarted);
        unchanged = List.copyOf(b.unchanged);
        failed = Map.copyOf(b.failed);
        rolledBack = List.copyOf(b.rolledBack);
        duration = Checks.notNull(b.duration, "duration");
    }

    /** @return a builder; not thread-safe */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the journaled job id (state store key {@code jobs/<id>.journal}) */
    public String jobId() {
        return jobId;
    }

    /** @return true if this run resumed an unfinished job of the same operation and target */
    public boolean resumed() {
        return resumed;
    }

    /** @return how it ended */
    public Outcome outcome() {
        return outcome;
    }

    /** @return the version rolled out (update, rollback); empty for a plain restart */
    public Optional<ConfigVersion> version() {
        return Optional.ofNullable(version);
    }

    /** @return the change set applied; empty for a plain restart */
    public ChangeSet changeSet() {
        return changeSet;
    }

    /** @return node ids restarted by this run (not by an earlier run of a resumed job), in order */
    public List<String> restarted() {
        return restarted;
    }

    /** @return node ids of the rolled roles that needed nothing (already on the target, or done before a resume) */
    public List<String> unchanged() {
        return unchanged;
    }

    /** @return node id to the cause of its failed health gate */
    public Map<String, String> failed() {
        return failed;
    }

    /** @return node ids returned to the previous version after a failure ({@link FailureAction#ROLL_BACK}) */
    public List<String> rolledBack() {
        return rolledBack;
    }

    /** @return wall-clock time of this run */
    public Duration duration() {
        return duration;
    }

    @Override
    public String toString() {
        return "RolloutResult{job=" + jobId + (resumed ? " (resumed)" : "") + ", " + outcome
                + (version != null ? ", v" + version.number() : "") + ", restarted=" + restarted + ", failed="
                + failed.keySet() + (rolledBack.isEmpty() ? "" : ", rolledBack=" + rolledBack) + ", took " + duration + "}";
    }

    /** Builds a {@link RolloutResult}; not thread-safe. */
    public static final class Builder {
        private String jobId;
        private boolean resumed;
        private Outcome outcome;
        private ConfigVersion version;
        private ChangeSet changeSet = ChangeSet.of(0, List.of());
        private List<String> restarted = List.of();
        private List<String> unchanged = List.of();
        private Map<String, String> failed = Map.of();
        private List<String> rolledBack = List.of();
        private Duration duration = Duration.ZERO;

        private Builder() {
        }

        /** @param v job id @return this */
        public Builder jobId(String v) {
            jobId = v;
            return this;
        }

        /** @param v whether resumed @return this */
        public Builder resumed(boolean v) {
            resumed = v;
            return this;
        }

        /** @param v outcome @return this */
        public Builder outcome(Outcome v) {
            outcome = v;
            return this;
        }

        /** @param v the version, or null @return this */
        public Builder version(ConfigVersion v) {
            version = v;
            return this;
        }

        /** @param v change set @return this */
        public Builder changeSet(ChangeSet v) {
            changeSet = v;
            return this;
        }

        /** @param v node ids @return this */
        public Builder restarted(List<String> v) {
            restarted = v;
            return this;
        }

        /** @param v node ids @return this */
        public Builder unchanged(List<String> v) {
            unchanged = v;
            return this;
        }

        /** @param v node id to cause @return this */
        public Builder failed(Map<String, String> v) {
            failed = v;
            return this;
        }

        /** @param v node ids @return this */
        public Builder rolledBack(List<String> v) {
            rolledBack = v;
            return this;
        }

        /** @param v wall-clock time @return this */
        public Builder duration(Duration v) {
            duration = v;
            return this;
        }

        /** @return the result */
        public RolloutResult build() {
            return new RolloutResult(this);
        }
    }
}
