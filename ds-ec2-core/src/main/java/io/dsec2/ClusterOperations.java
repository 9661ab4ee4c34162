package io.dsec2;

/**
 * The operations of a {@link DsCluster} on its running instances: {@link #status()}, {@link #delete delete} and
 * {@link #scale(io.dsec2.model.NodeRole, int, io.dsec2.model.ScaleOptions) scale}. Every {@link DsCluster} is one;
 * use them through {@link DsCluster}, which is the type to obtain, hold and mock. Each finds the cluster's
 * instances by the {@code ds-ec2:cluster} tag; the ones that change the cluster run under its lock. Thread-safe.
 */
public interface ClusterOperations {
    /**
     * Checks the running cluster, read-only: takes no lock and changes nothing. Per node (instances found by the
     * {@code ds-ec2:cluster} tag): instance state, AZ and IPs; SSH reachability (host keys must already be pinned
     * in the state directory's known_hosts, never trusted on first use); the DolphinScheduler server's JVM and its
     * actuator health, probed on the node; its ZooKeeper registration, heartbeat age and {@code serverStatus};
     * for api nodes with the load balancer enabled, the target health. Probes run in parallel: a node whose SSH
     * port does not answer within 3 s is reported unreachable, each probe command is bounded by 15 s and the
     * whole check by about 30 s, however large the cluster. Blocks until done. Thread-safe.
     *
     * @return the verdict (healthy, degraded or down, see {@link io.dsec2.model.ClusterStatus}), its reasons and
     *     every node's details; {@link io.dsec2.model.ClusterStatus#toTable()} and
     *     {@link io.dsec2.model.ClusterStatus#toJson()} render it
     * @throws io.dsec2.exception.DsEc2Exception if the cloud cannot be asked for the cluster's instances
     * @throws IllegalStateException if no provisioner or remote executor is configured or on the class path
     */
    io.dsec2.model.ClusterStatus status();

    /**
     * Deletes the cluster: finds its instances by the {@code ds-ec2:cluster} tag (only this cluster's id), removes
     * api nodes from the target group, waits for tasks running on workers (up to the drain timeout), stops the
     * servers (workers first, masters last), terminates the instances and waits, deletes the listener, ALB and
     * target group, then the security groups ds-ec2 created, and finally sweeps for anything still tagged with the
     * cluster id. Database and S3 data are kept unless {@link io.dsec2.model.DeleteOptions#purgeData()} (then DolphinScheduler's
     * tables ({@code t_ds_*}, {@code qrtz_*}) in the spec's database are dropped, and the objects under
     * {@code storage.prefix} in {@code storage.bucket}; nothing else). Runs under the cluster's lock.
     *
     * <p>Idempotent: re-running an interrupted delete finishes it; deleting a deleted cluster succeeds and
     * reports nothing.
     *
     * @param options confirmation, drain timeout, purge
     * @return what was stopped, terminated, deregistered and purged, tasks killed, leftovers (empty)
     * @throws io.dsec2.exception.ClusterOperationException if a step fails (re-run to finish)
     * @throws io.dsec2.exception.DsEc2Exception if the sweep still finds resources tagged with the cluster id
     * @throws io.dsec2.exception.StateLockedException if another operation holds the cluster's lock
     * @throws io.dsec2.exception.StateLockLostException if the cluster's lock was lost while it ran (a lease that
     *     lapsed and was taken over): it stopped before its next change, and running it again resumes
     */
    io.dsec2.model.DeleteResult delete(io.dsec2.model.DeleteOptions options);

    /**
     * Scales one role to {@code count} running nodes with the default {@link io.dsec2.model.ScaleOptions} (5 min
     * drain, not forced, newest nodes removed). See {@link #scale(io.dsec2.model.NodeRole, int,
     * io.dsec2.model.ScaleOptions)}.
     *
     * @param role the role to scale
     * @param count the number of running nodes wanted, 0 or more
     * @return what was added or removed
     */
    default io.dsec2.model.ScaleResult scale(io.dsec2.model.NodeRole role, int count) {
        return scale(role, count, io.dsec2.model.ScaleOptions.defaults());
    }

    /**
     * Scales one role of the running cluster (found by its {@code ds-ec2:cluster} tag) to {@code count} nodes.
     *
     * <p><b>Out:</b> new nodes ({@code <role>-<n>}, numbered on from the highest) go to the availability zones
     * holding the fewest nodes of the role, are installed exactly as by {@link DsCluster#create()} (the same plan, which
     * adopts existing instances and restarts no healthy server), started and verified joined (ZooKeeper; api
     * nodes registered and healthy in the target group). The spec's counts of the other roles are ignored: they
     * stay as running.
     *
     * <p><b>In:</b> removes {@link io.dsec2.model.ScaleOptions#remove()} or else the newest nodes, keeping zones
     * balanced. Workers are drained first: DolphinScheduler 3.2.0 has no drain (a stopping worker kills its running
     * tasks, see
     * https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-worker/src/main/java/org/apache/dolphinscheduler/server/worker/WorkerServer.java),
     * so ds-ec2 writes an
     * explicit {@code default} worker group without them through the REST API (admin login on an api node),
     * waits one master refresh interval (10 s), then waits until no task instance runs on their hosts (read
     * over JDBC from this machine, so the engine's JDBC driver must be on the class path) or the drain timeout passes;
     * then stops and terminates them and restores the default group. API nodes leave the target group and the
     * deregistration delay passes before they stop. Journaled under the cluster's state lock.
     *
     * <p>Blocks for minutes. Thread-safe; concurrent operations on one cluster exclude each other by the lock.
     *
     * @param role the role to scale
     * @param count the number of running nodes wanted, 0 or more
     * @param options drain timeout, force, named nodes to remove
     * @return nodes added or removed, tasks finished and killed during the drain, warnings (below two masters)
     * @throws IllegalStateException below one master without {@code force} (the CLI's {@code --force})
     * @throws IllegalArgumentException for a negative count, or named nodes that do not match the change
     * @throws io.dsec2.exception.ClusterOperationException if a step fails (scale-out rolls back what it launched)
     * @throws io.dsec2.exception.StateLockedException if another operation holds the cluster's lock
     * @throws io.dsec2.exception.StateLockLostException if the cluster's lock was lost while it ran (a lease that
     *     lapsed and was taken over): it stopped before its next change, and running it again resumes
     */
    io.dsec2.model.ScaleResult scale(io.dsec2.model.NodeRole role, int count, io.dsec2.model.ScaleOptions options);
}
