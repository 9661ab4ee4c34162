package io.dsec2.model;

import io.dsec2.internal.spec.Checks;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What an update would change: every changed key with its roles and {@link UpdatePolicy}, between version
 * {@link #fromVersion()} (0 when the cluster has no recorded version) and the desired spec. Computing one changes
 * nothing. Immutable and thread-safe.
 */
public final class ChangeSet {
    private final int fromVersion;
    private final List<ConfigChange> changes;

    private ChangeSet(int fromVersion, List<ConfigChange> changes) {
        this.fromVersion = fromVersion;
        this.changes = List.copyOf(Checks.notNull(changes, "changes"));
    }

    /**
     * @param fromVersion the version compared against, 0 if none
     * @param changes the changed keys, in YAML order
     * @return the change set
     */
    public static ChangeSet of(int fromVersion, List<ConfigChange> changes) {
        return new ChangeSet(fromVersion, changes);
    }

    /** @return the applied version this change set starts from; 0 when none was recorded */
    public int fromVersion() {
        return fromVersion;
    }

    /** @return every changed key */
    public List<ConfigChange> changes() {
        return changes;
    }

    /** @return true if nothing changes */
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** @return the changes ds-ec2 cannot apply; an update refuses to start while there are any */
    public List<ConfigChange> unsupported() {
        return changes.stream().filter(c -> c.policy() == UpdatePolicy.UNSUPPORTED).toList();
    }

    /** @return the roles a rollout restarts (rolling restart or replace), in {@link NodeRole} order */
    public Set<NodeRole> rolesToRestart() {
        EnumSet<NodeRole> out = EnumSet.noneOf(NodeRole.class);
        changes.stream().filter(c -> c.policy() == UpdatePolicy.ROLLING_RESTART || c.policy() == UpdatePolicy.REPLACE)
                .forEach(c -> out.addAll(c.roles()));
        return out;
    }

    /** @return the roles whose nodes are replaced (new instance type), in {@link NodeRole} order */
    public Set<NodeRole> rolesToReplace() {
        EnumSet<NodeRole> out = EnumSet.noneOf(NodeRole.class);
        changes.stream().filter(c -> c.policy() == UpdatePolicy.REPLACE).forEach(c -> out.addAll(c.roles()));
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChangeSet c && fromVersion == c.fromVersion && changes.equals(c.changes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fromVersion, changes);
    }

    @Override
    public String toString() {
        return "ChangeSet{from=v" + fromVersion + ", " + changes + "}";
    }
}
