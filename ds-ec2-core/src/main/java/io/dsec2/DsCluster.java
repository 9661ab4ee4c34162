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
 * <p>Besides creating, planning and validating, a cluster offers the day-2 operations of the two interfaces it
 * extends: {@link ClusterOperations} (status, scale, delete) and {@link ConfigurationOperations} (update, restart,
 * history, diff, rollback). Instances are immutable and thread-safe.
 */
public interface DsCluster extends ClusterOperations, ConfigurationOperations {
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

        /**
         * @return the cluster; makes no AWS call
         * @throws io.dsec2.exception.InvalidClusterSpecException listing every problem at once
         */
        DsCluster build();
    }
}
