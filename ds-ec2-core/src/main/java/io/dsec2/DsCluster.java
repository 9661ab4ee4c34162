package io.dsec2;

import io.dsec2.internal.spec.DefaultDsCluster;
import io.dsec2.internal.spec.yaml.YamlSpecReader;
import io.dsec2.model.AwsSpec;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.DatabaseSpec;
import io.dsec2.model.DeploymentSpec;
import io.dsec2.model.LoadBalancerSpec;
import io.dsec2.model.NodeGroupSpec;
import io.dsec2.model.RegistrySpec;
import io.dsec2.model.StorageSpec;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Entry point: a DolphinScheduler 3.2.0 cluster on EC2, described by a valid {@link ClusterSpec} and wired
 * to its providers. Obtain one from the fluent {@link #builder()} or from a YAML file ({@link #fromYaml(Path)}).
 * Building checks the whole spec and never calls AWS.
 *
 * <pre>{@code
 * DsCluster cluster = DsCluster.builder()
 *         .name("analytics").region("us-east-1")
 *         .subnets("subnet-a", "subnet-b")                 // round-robin across AZs
 *         .masters(3).workers(w -> w.count(6).instanceType("m6i.xlarge")).apis(2).alerts(1)
 *         .database(db -> db.mysql("analytics.cluster-x.rds.amazonaws.com", 3306, "dolphinscheduler")
 *                           .username("ds").password(Secret.fromSecretsManager("ds/db")))
 *         .registry(zk -> zk.connectString("10.0.1.10:2181,10.0.2.10:2181,10.0.3.10:2181"))
 *         .storage(s3 -> s3.bucket("ds-resources").prefix("/dolphinscheduler")
 *                          .accessKeyId(Secret.fromSsmParameter("/ds/s3/key-id"))
 *                          .secretAccessKey(Secret.fromSsmParameter("/ds/s3/secret")))
 *         .loadBalancer(alb -> alb.enabled(true))
 *         .build();
 *
 * DsCluster same = DsCluster.fromYaml(Path.of("cluster.yaml"));   // the config.yaml shape of package io.dsec2
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public interface DsCluster {
    /** @return a new builder; mutable and not thread-safe */
    static Builder builder() {
        return DefaultDsCluster.builder();
    }

    /**
     * Loads a cluster from a YAML file in the {@code config.yaml} shape (snake_case sections {@code aws},
     * {@code cluster}, {@code database}, {@code registry}, {@code storage}, {@code deployment},
     * {@code service_config}, {@code jvm}). Unknown keys are errors. The file is only read, never written.
     *
     * @param file the YAML file
     * @return the cluster
     * @throws io.dsec2.exception.InvalidClusterSpecException listing every problem with its path and line,
     *     including unknown keys, wrong types and a file that cannot be read
     */
    static DsCluster fromYaml(Path file) {
        return DefaultDsCluster.of(YamlSpecReader.read(file));
    }

    /**
     * @param yaml YAML text in the {@code config.yaml} shape
     * @param sourceName a name for messages, for example a file name
     * @return the cluster
     * @throws io.dsec2.exception.InvalidClusterSpecException listing every problem with its path and line
     */
    static DsCluster fromYaml(String yaml, String sourceName) {
        return DefaultDsCluster.of(YamlSpecReader.read(yaml, sourceName));
    }

    /**
     * The spec ds-ec2 recorded the last time it applied a configuration to the cluster (by {@link #create()}, a
     * configuration update or a rollback), read from the cluster's state store: for an operator whose spec file
     * is lost. Secret references come back as recorded; literal secrets are never recorded, so a spec that had
     * one cannot be recovered this way. Only reads the store; thread-safe as far as the store is.
     *
     * <pre>{@code
     * ClusterSpec spec = DsCluster.recordedSpec("analytics", StateStore.defaultDirectory(Path.of(home)));
     * DsCluster.builder().spec(spec).build().delete(DeleteOptions.builder().confirmed(true).build());
     * }</pre>
     *
     * @param clusterName the cluster's name ({@code cluster.name}, its {@code ds-ec2:cluster} tag)
     * @param store the state store the cluster's operations used
     * @return the spec of the newest version whose rollout finished ({@code APPLIED})
     * @throws IllegalArgumentException if the store holds no applied version of that cluster
     * @throws io.dsec2.exception.InvalidClusterSpecException if that version had a literal secret (naming its
     *     path) or is not a valid spec
     */
    static ClusterSpec recordedSpec(String clusterName, io.dsec2.spi.StateStore store) {
        java.util.Objects.requireNonNull(clusterName, "clusterName");
        java.util.Objects.requireNonNull(store, "store");
        return io.dsec2.internal.config.ConfigHistory.lastAppliedSpec(store, clusterName).orElseThrow(() ->
                new IllegalArgumentException("cluster " + clusterName + " has no applied configuration version in "
                        + store + ": it was not created from this state store (check --state-dir/--state-s3 and"
                        + " the name), so give its spec file with -f"));
    }

    /** @return the valid, immutable specification */
    ClusterSpec spec();

    /**
     * Creates the cluster, or completes and adopts one that exists (resources are found by the
     * {@code ds-ec2:cluster} tag): instances, security groups, load balancer, DolphinScheduler installed,
     * configured, schema initialised, servers started in dependency order and verified (health UP, masters and
     * workers registered in ZooKeeper, admin login). Re-running it on a healthy cluster launches and restarts
     * nothing. Blocks until done.
     *
     * <p>On failure, resources this run created are removed unless {@code deployment.rollback_on_failure} is
     * false, and the exception names every failed node and step.
     *
     * @return a handle to the running cluster; closing it releases local resources only
     * @throws io.dsec2.exception.ClusterOperationException if a step failed (per-node causes, rollback summary)
     * @throws io.dsec2.exception.StateLockedException if another operator holds the cluster's lock
     * @throws io.dsec2.exception.StateLockLostException if the cluster's lock was lost while it ran (a lease that
     *     lapsed and was taken over): it stopped before its next change, and running it again resumes
     * @throws IllegalStateException if no provisioner or remote executor is configured or on the class path
     */
    DsClusterHandle create();

    /**
     * Describes what {@link #create()} would do, from the spec alone: no credentials needed, no AWS call.
     * Secrets appear only as references.
     *
     * @return a human-readable plan
     */
    default String plan() {
        return io.dsec2.internal.create.PlanPreview.render(spec());
    }

    /**
     * The estimated on-demand cost of the spec's instances, root volumes and load balancer, per node group and in
     * total, per hour and per month, from the price table shipped with ds-ec2 (no network call, no credentials).
     * {@link #plan()} prints the same. Types or regions missing from the table are reported, not priced.
     *
     * @return the estimate
     */
    default io.dsec2.model.CostEstimate estimateCost() {
        return io.dsec2.model.CostEstimate.of(spec());
    }

    /**
     * {@link #create()} on the configured executor (or a daemon thread ds-ec2 owns).
     *
     * @return a future completed with the handle, or exceptionally with what {@link #create()} throws
     */
    java.util.concurrent.CompletableFuture<DsClusterHandle> createAsync();

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
     * cluster id. Database and S3 data are kept unless {@link DeleteOptions#purgeData()} (then DolphinScheduler's
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
     * Checks the cluster before anything is created: the spec's own rules, then (online, in parallel, each bounded
     * by {@link io.dsec2.validate.ValidateOptions#checkTimeout()}) AWS identity, region, subnets and security
     * groups (exist, one VPC), AMI, instance type offerings per zone, key pair, instance profile, a RunInstances dry
     * run, the database (reachable, credentials, schema version; needs the engine's JDBC driver on the class path:
     * {@code com.mysql:mysql-connector-j} or {@code org.postgresql:postgresql}), ZooKeeper,
     * the S3 bucket (a probe object is put and deleted), secrets and package URLs. Launches nothing. A check the
     * endpoint cannot answer is an INFO "not checked". Messages name the field and the fix, never a secret value.
     *
     * @param options suppressed check ids, online on/off, timeout
     * @return the findings; {@link io.dsec2.validate.ValidationReport#passed()} is true when there is no error
     */
    io.dsec2.validate.ValidationReport validate(io.dsec2.validate.ValidateOptions options);

    /**
     * {@link #validate(io.dsec2.validate.ValidateOptions)} with the defaults (all checks, online, 10 s each).
     *
     * @return the findings
     */
    default io.dsec2.validate.ValidationReport validate() {
        return validate(io.dsec2.validate.ValidateOptions.defaults());
    }

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
     * holding the fewest nodes of the role, are installed exactly as by {@link #create()} (the same plan, which
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

    /**
     * Fluent builder for a {@link DsCluster}. Each method edits the underlying {@link ClusterSpec.Builder};
     * see there for units, defaults and ranges. Mutable, not thread-safe.
     */
    interface Builder {
        /**
         * @param spec replaces everything set so far
         * @return this builder
         */
        Builder spec(ClusterSpec spec);

        /**
         * @param change edits the underlying spec builder
         * @return this builder
         */
        Builder spec(Consumer<ClusterSpec.Builder> change);

        /**
         * @param name cluster name, {@code ^[a-z][a-z0-9-]{0,23}$}
         * @return this builder
         */
        Builder name(String name);

        /**
         * @param region AWS region
         * @return this builder
         */
        Builder region(String region);

        /**
         * @param subnetIds subnets, nodes spread round-robin across them
         * @return this builder
         */
        Builder subnets(String... subnetIds);

        /**
         * @param change edits the AWS settings
         * @return this builder
         */
        Builder aws(Consumer<AwsSpec.Builder> change);

        /**
         * @param count masters (at least 1)
         * @return this builder
         */
        Builder masters(int count);

        /**
         * @param change edits the master group
         * @return this builder
         */
        Builder masters(Consumer<NodeGroupSpec.Builder> change);

        /**
         * @param count workers in the default group (at least 1)
         * @return this builder
         */
        Builder workers(int count);

        /**
         * @param change edits the default worker group
         * @return this builder
         */
        Builder workers(Consumer<NodeGroupSpec.Builder> change);

        /**
         * @param group a further worker group
         * @return this builder
         */
        Builder addWorkerGroup(NodeGroupSpec group);

        /**
         * @param count api servers (at least 1)
         * @return this builder
         */
        Builder apis(int count);

        /**
         * @param change edits the api group
         * @return this builder
         */
        Builder apis(Consumer<NodeGroupSpec.Builder> change);

        /**
         * @param count alert servers (0 or more; one is active)
         * @return this builder
         */
        Builder alerts(int count);

        /**
         * @param change edits the alert group
         * @return this builder
         */
        Builder alerts(Consumer<NodeGroupSpec.Builder> change);

        /**
         * @param change edits the database settings
         * @return this builder
         */
        Builder database(Consumer<DatabaseSpec.Builder> change);

        /**
         * @param change edits the ZooKeeper settings
         * @return this builder
         */
        Builder registry(Consumer<RegistrySpec.Builder> change);

        /**
         * @param change edits the S3 storage settings
         * @return this builder
         */
        Builder storage(Consumer<StorageSpec.Builder> change);

        /**
         * @param change edits the load balancer settings
         * @return this builder
         */
        Builder loadBalancer(Consumer<LoadBalancerSpec.Builder> change);

        /**
         * @param change edits the deployment settings
         * @return this builder
         */
        Builder deployment(Consumer<DeploymentSpec.Builder> change);

        /**
         * @return the cluster; makes no AWS call
         * @throws io.dsec2.exception.InvalidClusterSpecException listing every problem at once
         */
        /**
         * Uses this provisioner instead of the one a {@link io.dsec2.spi.CloudFactory} on the class path makes.
         * ds-ec2 does not close an instance given here.
         */
        Builder provisioner(io.dsec2.spi.Provisioner provisioner);

        /** Uses this load balancer SPI instead of the class path's; not closed by ds-ec2. */
        Builder loadBalancerService(io.dsec2.spi.LoadBalancer loadBalancer);

        /** Uses this remote executor instead of the class path's SSH one; not closed by ds-ec2. */
        Builder remoteExecutor(io.dsec2.spi.RemoteExecutor executor);

        /** Resolves secrets with this resolver instead of the default chain (environment, file, literal, AWS). */
        Builder secretResolver(io.dsec2.spi.SecretResolver resolver);

        /**
         * Renders each node's configuration files with this renderer: create, {@code config update}, rollbacks and
         * the running-config digests all use it, so its files are rolled out and versioned like the default's.
         * Default: the one {@link io.dsec2.spi.ConfigRenderer} registered for {@link java.util.ServiceLoader}, else
         * {@link io.dsec2.spi.ConfigRenderer#dolphinScheduler320()}. To add or change a file, wrap the default:
         * <pre>{@code
         * ConfigRenderer defaults = ConfigRenderer.dolphinScheduler320();
         * builder.configRenderer(request -> {
         *     List<RenderedFile> files = new ArrayList<>(defaults.render(request));
         *     files.add(RenderedFile.builder().path(request.role().serverDir() + "/conf/extra.properties")
         *             .content("a=b\n").build());
         *     return files;
         * });
         * }</pre>
         *
         * @param renderer the renderer; must be thread-safe and deterministic
         * @return this builder
         * @throws NullPointerException if {@code renderer} is null
         */
        Builder configRenderer(io.dsec2.spi.ConfigRenderer renderer);

        /** Keeps journals, locks and pinned host keys in this store. Default: a directory per cluster. */
        Builder stateStore(io.dsec2.spi.StateStore store);

        /**
         * The directory that holds one sub-directory per cluster (journal, lock, known_hosts). Default
         * {@code ~/.ds-ec2/clusters}.
         */
        Builder stateDirectory(Path directory);

        /** Adds a listener for stage and task events. Listeners must be quick and must not throw. */
        Builder addListener(io.dsec2.event.ClusterListener listener);

        /** Runs tasks on this executor (not shut down by ds-ec2). Default: daemon threads ds-ec2 owns. */
        Builder executor(java.util.concurrent.ExecutorService executor);

        /** Overrides the default timeouts. */
        Builder timeouts(io.dsec2.config.Timeouts timeouts);

        /** Overrides the default retry settings for transient AWS and SSH errors. */
        Builder retry(io.dsec2.config.RetrySettings retry);

        /**
         * Whether {@link DsCluster#create()} first runs {@link DsCluster#validate()} (online checks; about a second
         * or two) and fails with an {@link io.dsec2.exception.InvalidClusterSpecException} listing the errors before
         * anything is created. A database that only cannot be reached from this machine does not fail create.
         * Default true.
         */
        Builder validateBeforeCreate(boolean validate);

        DsCluster build();
    }
}
