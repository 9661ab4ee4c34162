package io.dsec2.model;

import io.dsec2.internal.spec.Checks;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How an {@code update} or {@code rollback} is recorded and rolled out.
 *
 * <pre>{@code
 * UpdateOptions o = UpdateOptions.builder().note("more worker threads")
 *         .policy(p -> p.batchSize(2).failureAction(FailureAction.ROLL_BACK)).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class UpdateOptions {
    private final String note;
    private final RollingPolicy policy;

    private UpdateOptions(Builder b) {
        note = b.note;
        policy = b.policy;
    }

    /** @return a builder with no note and the default {@link RollingPolicy} */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the defaults */
    public static UpdateOptions defaults() {
        return builder().build();
    }

    /** @return the note recorded with the new version; empty by default */
    public String note() {
        return note;
    }

    /** @return the rolling policy; {@link RollingPolicy#defaults()} by default */
    public RollingPolicy policy() {
        return policy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UpdateOptions u && note.equals(u.note) && policy.equals(u.policy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(note, policy);
    }

    @Override
    public String toString() {
        return "UpdateOptions{note='" + note + "', policy=" + policy + "}";
    }

    /** Builds {@link UpdateOptions}; not thread-safe. */
    public static final class Builder {
        private String note = "";
        private RollingPolicy policy = RollingPolicy.defaults();

        private Builder() {
        }

        /** @param v a note for the version history; at most 500 characters, one line @return this */
        public Builder note(String v) {
            Checks.notNull(v, "note");
            if (v.length() > 500 || v.contains("\n")) {
                throw new IllegalArgumentException("note must be one line of at most 500 characters");
            }
            note = v;
            return this;
        }

        /** @param v the rolling policy @return this */
        public Builder policy(RollingPolicy v) {
            policy = Checks.notNull(v, "policy");
            return this;
        }

        /** @param change edits the current policy @return this */
        public Builder policy(Consumer<RollingPolicy.Builder> change) {
            policy = policy.copy(change);
            return this;
        }

        /** @return the options */
        public UpdateOptions build() {
            return new UpdateOptions(this);
        }
    }
}
