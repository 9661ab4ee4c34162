package io.dsec2;

import io.dsec2.model.ClusterSpec;

/**
 * The versioned configuration of a {@link DsCluster}: {@link #planUpdate planning} and applying an
 * {@link #update(ClusterSpec, io.dsec2.model.UpdateOptions) update}, rolling {@link #restart(java.util.Collection,
 * io.dsec2.model.RollingPolicy) restarts}, the recorded {@link #history()}, {@link #diff diffs} and
 * {@link #rollback rollbacks}. Every {@link DsCluster} is one; use them through {@link DsCluster}, which is the
 * type to obtain, hold and mock. Versions live in the cluster's state store. Thread-safe.
 */
public interface ConfigurationOperations {
    /**
     * Compares {@code desired} with the cluster's applied configuration version (the newest one in the state
     * store) and says what an {@link #update} would change: each key with old and new value (literal secrets
     * masked), the roles it affects and its {@link io.dsec2.model.UpdatePolicy}. Changes nothing and opens no SSH
     * connection; when a node count differs from the version it describes the cluster's instances (read-only), since
     * a count that matches the running nodes (after a {@code scale}) is no change.
     *
     * @param desired the spec to apply; must name this cluster
     * @return the change set ({@code fromVersion() == 0} when the cluster has no recorded version)
     * @throws IllegalArgumentException if {@code desired} names another cluster
     */
    io.dsec2.model.ChangeSet planUpdate(ClusterSpec desired);

    /**
     * Applies a new configuration: computes the change set, refuses (before touching anything) if it holds an
     * unsupported change, records a new {@link io.dsec2.model.ConfigVersion}, writes every node's new
     * configuration and restarts only the servers whose configuration changed, role by role (workers, masters,
     * api, alert unless the policy orders otherwise), batch by batch, each node gated on health UP, a fresh
     * ZooKeeper registration and, for api nodes behind the load balancer, a healthy target. Workers drain and api
     * nodes leave the target group before they stop. Holds the cluster's lock throughout; journaled, so running
     * the same update again after a crash resumes it without restarting a node twice.
     *
     * @param desired the spec to apply; must name this cluster
     * @param options note and rolling policy
     * @return what was restarted, the new version
     * @throws io.dsec2.exception.InvalidClusterSpecException if the change set holds an unsupported change
     * @throws io.dsec2.exception.StateLockedException if another operator holds the cluster's lock, naming them
     * @throws io.dsec2.exception.StateLockLostException if the cluster's lock was lost while it ran (a lease that
     *     lapsed and was taken over): it stopped before its next change, and running it again resumes
     * @throws io.dsec2.exception.RolloutException if a node failed its gate (paused, rolled back, or too many
     *     failures); its {@code result()} says what was done
     */
    io.dsec2.model.RolloutResult update(ClusterSpec desired, io.dsec2.model.UpdateOptions options);

    /**
     * {@link #update(ClusterSpec, io.dsec2.model.UpdateOptions)} with no note and the default policy.
     *
     * @param desired the spec to apply
     * @return what was restarted
     */
    default io.dsec2.model.RolloutResult update(ClusterSpec desired) {
        return update(desired, io.dsec2.model.UpdateOptions.defaults());
    }

    /**
     * Restarts every running server of the given roles without changing configuration, with the same gates,
     * drains and invariants as an update. Journaled and resumable: re-running after a crash skips nodes this job
     * already restarted.
     *
     * @param roles the roles to restart, rolled in {@code policy.roleOrder()}
     * @param policy batch size, pauses, gates, failure action
     * @return the nodes restarted
     * @throws io.dsec2.exception.StateLockedException if another operator holds the cluster's lock
     * @throws io.dsec2.exception.StateLockLostException if the cluster's lock was lost while it ran (a lease that
     *     lapsed and was taken over): it stopped before its next change, and running it again resumes
     * @throws io.dsec2.exception.RolloutException if a node failed its gate
     */
    io.dsec2.model.RolloutResult restart(java.util.Collection<io.dsec2.model.NodeRole> roles,
                                         io.dsec2.model.RollingPolicy policy);

    /**
     * @param role the role to restart
     * @param policy the rolling policy
     * @return the nodes restarted
     * @see #restart(java.util.Collection, io.dsec2.model.RollingPolicy)
     */
    default io.dsec2.model.RolloutResult restart(io.dsec2.model.NodeRole role, io.dsec2.model.RollingPolicy policy) {
        return restart(java.util.List.of(role), policy);
    }

    /**
     * @return every recorded configuration version of this cluster, oldest first (empty if none); reads the state
     *     store only
     */
    java.util.List<io.dsec2.model.ConfigVersion> history();

    /**
     * @param from a version number
     * @param to another version number
     * @return the changes from version {@code from} to version {@code to}, with policies as an update would apply
     * @throws IllegalArgumentException if a version does not exist, naming the versions that do
     */
    io.dsec2.model.ChangeSet diff(int from, int to);

    /**
     * Returns the cluster to version {@code version}: records a new version equal to it (history only moves
     * forward) and rolls it out like {@link #update}.
     *
     * @param version the version to return to
     * @param options note and rolling policy
     * @return what was restarted and the new version, whose rendered digest equals that of {@code version} when
     *     the nodes are the same
     * @throws IllegalArgumentException if the version does not exist
     * @throws io.dsec2.exception.StateLockedException if another operator holds the cluster's lock
     * @throws io.dsec2.exception.StateLockLostException if the cluster's lock was lost while it ran (a lease that
     *     lapsed and was taken over): it stopped before its next change, and running it again resumes
     * @throws io.dsec2.exception.RolloutException if a node failed its gate
     */
    io.dsec2.model.RolloutResult rollback(int version, io.dsec2.model.UpdateOptions options);
}
