package io.dsec2.model;

import io.dsec2.internal.spec.ClusterSpecValues;
import io.dsec2.internal.spec.DefaultClusterSpecBuilder;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The complete, immutable description of one DolphinScheduler 3.2.0 cluster on EC2: its name, AWS
 * placement, node groups, external services (database, ZooKeeper, S3), load balancer and deployment
 * settings. A {@code ClusterSpec} exists only once it is valid: {@link Builder#build()} checks everything
 * and throws one {@link io.dsec2.exception.InvalidClusterSpecException} listing every problem. Building
 * never calls AWS.
 *
 * <pre>{@code
 * ClusterSpec spec = ClusterSpec.builder()
 *         .name("analytics").region("us-east-1").subnets("subnet-a", "subnet-b")
 *         .masters(3).workers(w -> w.count(6).instanceType("m6i.xlarge")).apis(2).alerts(1)
 *         .database(db -> db.mysql("db.example.internal", 3306, "dolphinscheduler")
 *                 .username("ds").password(Secret.fromSecretsManager("ds/db")))
 *         .registry(zk -> zk.connectString("10.0.1.10:2181,10.0.2.10:2181,10.0.3.10:2181"))
 *         .build();
 * ClusterSpec bigger = spec.toBuilder().workers(w -> w.count(10)).build();
 * }</pre>
 *
 * <p>Node ids are {@code <role>-<ordinal>} with ordinals from 1 ({@code master-1}, {@code worker-3});
 * worker ordinals run on across worker groups in order. Immutable and thread-safe; {@link #toString()}
 * shows secret references only, never values.
 */
public final class ClusterSpec {
    private final ClusterSpecValues values;
    private final List<Violation> warnings;

    private ClusterSpec(ClusterSpecValues values, List<Violation> warnings) {
        this.values = values;
        this.warnings = List.copyOf(warnings);
    }

    /** @return a builder with defaults: one node per role, MySQL, no storage, no load balancer */
    public static Builder builder() {
        return new DefaultClusterSpecBuilder(ClusterSpec::new);
    }

    /** @return a builder holding this spec's values */
    public Builder toBuilder() {
        return new DefaultClusterSpecBuilder(ClusterSpec::new, values);
    }

    /**
     * @param change applied to a copy of this spec's builder
     * @return the changed, re-validated copy
     * @throws io.dsec2.exception.InvalidClusterSpecException if the change makes the spec invalid
     */
    public ClusterSpec copy(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /** @return the cluster name: used in tags and AWS resource names; {@code ^[a-z][a-z0-9-]{0,23}$} */
    public String name() {
        return values.name();
    }

    /** @return AWS placement and access */
    public AwsSpec aws() {
        return values.aws();
    }

    /** @return the master group */
    public NodeGroupSpec masters() {
        return values.masters();
    }

    /** @return the worker groups, at least one; the first is named {@code default} unless renamed */
    public List<NodeGroupSpec> workerGroups() {
        return values.workerGroups();
    }

    /** @return the api server group */
    public NodeGroupSpec apis() {
        return values.apis();
    }

    /** @return the alert server group (only one alert server is active at a time; extras stand by) */
    public NodeGroupSpec alerts() {
        return values.alerts();
    }

    /** @return every node group in start order: masters, worker groups, apis, alerts */
    public List<NodeGroupSpec> nodeGroups() {
        return values.nodeGroups();
    }

    /**
     * @param role a role
     * @return how many nodes of that role the spec asks for
     */
    public int count(NodeRole role) {
        return values.count(role);
    }

    /** @return every node id in start order, for example {@code master-1, master-2, worker-1, ...} */
    public List<String> nodeIds() {
        return values.nodeIds();
    }

    /** @return the metadata database */
    public DatabaseSpec database() {
        return values.database();
    }

    /** @return the ZooKeeper registry */
    public RegistrySpec registry() {
        return values.registry();
    }

    /** @return the S3 resource storage, if configured (otherwise DS keeps resources on local disk) */
    public Optional<StorageSpec> storage() {
        return Optional.ofNullable(values.storage());
    }

    /** @return the API load balancer settings (disabled by default) */
    public LoadBalancerSpec loadBalancer() {
        return values.loadBalancer();
    }

    /** @return deployment settings */
    public DeploymentSpec deployment() {
        return values.deployment();
    }

    /** @return extra {@code common.properties} keys for every server, insertion-ordered; empty by default */
    public Map<String, String> commonProperties() {
        return values.commonProperties();
    }

    /** @return whether the api server's python gateway runs; default false (ds-ec2 disables it) */
    public boolean pythonGatewayEnabled() {
        return values.pythonGatewayEnabled();
    }

    /** @return the python gateway auth token, if set */
    public Optional<Secret> pythonGatewayToken() {
        return Optional.ofNullable(values.pythonGatewayToken());
    }

    /**
     * @return the password ds-ec2 gives DolphinScheduler's {@code admin} user and logs in with
     *     ({@code service_config.api.admin_password}), if set; unset, the user keeps DolphinScheduler's public
     *     default ({@code dolphinscheduler123}, from {@code dolphinscheduler-dao/src/main/resources/sql/
     *     dolphinscheduler_mysql.sql} at tag 3.2.0)
     */
    public Optional<Secret> adminPassword() {
        return Optional.ofNullable(values.adminPassword());
    }

    /** @return warnings found when the spec was built (for example a literal secret or a single master) */
    public List<Violation> warnings() {
        return warnings;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterSpec && values.equals(((ClusterSpec) o).values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** @return the spec as text: secret references only, never values; sensitive-looking properties masked */
    @Override
    public String toString() {
        return values.toString();
    }

    /**
     * Mutable, not thread-safe builder for {@link ClusterSpec}. Setters reject null at once
     * ({@link NullPointerException}); every other check runs in {@link #build()} (or {@link #validate()}) so that
     * one report lists every problem. Consumer overloads edit the current nested value. Obtain one from
     * {@link ClusterSpec#builder()} or {@link ClusterSpec#toBuilder()}; ds-ec2 may add methods, so do not implement it.
     */
    public interface Builder {
        /**
         * @param name cluster name, {@code ^[a-z][a-z0-9-]{0,23}$}; required
         * @return this builder
         */
        Builder name(String name);

        /**
         * @param region AWS region; shortcut for {@code aws(a -> a.region(region))}
         * @return this builder
         */
        Builder region(String region);

        /**
         * @param subnetIds subnets (AZs unknown), nodes spread round-robin
         * @return this builder
         */
        Builder subnets(String... subnetIds);

        /**
         * @param subnets subnets with AZs, nodes spread round-robin
         * @return this builder
         */
        Builder subnets(SubnetSpec... subnets);

        /**
         * @param aws AWS settings, replacing the current ones
         * @return this builder
         */
        Builder aws(AwsSpec aws);

        /**
         * @param change edits the current AWS settings
         * @return this builder
         */
        Builder aws(Consumer<AwsSpec.Builder> change);

        /**
         * @param count number of masters; at least 1, 2+ for HA (spread over 2+ AZs)
         * @return this builder
         */
        Builder masters(int count);

        /**
         * @param change edits the master group
         * @return this builder
         */
        Builder masters(Consumer<NodeGroupSpec.Builder> change);

        /**
         * @param count nodes in the first (default) worker group; at least 1
         * @return this builder
         */
        Builder workers(int count);

        /**
         * @param change edits the first (default) worker group
         * @return this builder
         */
        Builder workers(Consumer<NodeGroupSpec.Builder> change);

        /**
         * @param group a further worker group (role WORKER, a distinct name)
         * @return this builder
         */
        Builder addWorkerGroup(NodeGroupSpec group);

        /**
         * @param groups every worker group, replacing the current ones; at least one
         * @return this builder
         */
        Builder workerGroups(Collection<NodeGroupSpec> groups);

        /**
         * @param count api servers; at least 1, 2+ behind a load balancer for HA
         * @return this builder
         */
        Builder apis(int count);

        /**
         * @param change edits the api group
         * @return this builder
         */
        Builder apis(Consumer<NodeGroupSpec.Builder> change);

        /**
         * @param count alert servers; 0 or more, only one is active at a time
         * @return this builder
         */
        Builder alerts(int count);

        /**
         * @param change edits the alert group
         * @return this builder
         */
        Builder alerts(Consumer<NodeGroupSpec.Builder> change);

        /**
         * @param database the metadata database
         * @return this builder
         */
        Builder database(DatabaseSpec database);

        /**
         * @param change edits the database settings
         * @return this builder
         */
        Builder database(Consumer<DatabaseSpec.Builder> change);

        /**
         * @param registry the ZooKeeper registry
         * @return this builder
         */
        Builder registry(RegistrySpec registry);

        /**
         * @param change edits the registry settings
         * @return this builder
         */
        Builder registry(Consumer<RegistrySpec.Builder> change);

        /**
         * @param storage the S3 resource storage
         * @return this builder
         */
        Builder storage(StorageSpec storage);

        /**
         * @param change edits the S3 storage, starting from defaults if none is set
         * @return this builder
         */
        Builder storage(Consumer<StorageSpec.Builder> change);

        /** @return this builder, with S3 storage removed (DS then keeps resources on local disk) */
        Builder noStorage();

        /**
         * @param loadBalancer the API load balancer
         * @return this builder
         */
        Builder loadBalancer(LoadBalancerSpec loadBalancer);

        /**
         * @param change edits the load balancer settings
         * @return this builder
         */
        Builder loadBalancer(Consumer<LoadBalancerSpec.Builder> change);

        /**
         * @param deployment deployment settings
         * @return this builder
         */
        Builder deployment(DeploymentSpec deployment);

        /**
         * @param change edits the deployment settings
         * @return this builder
         */
        Builder deployment(Consumer<DeploymentSpec.Builder> change);

        /**
         * @param properties extra {@code common.properties} keys, replacing any set before
         * @return this builder
         */
        Builder commonProperties(Map<String, String> properties);

        /**
         * @param enabled run the api's python gateway; default false
         * @return this builder
         */
        Builder pythonGatewayEnabled(boolean enabled);

        /**
         * @param token the python gateway auth token (replaces DS's public default)
         * @return this builder
         */
        Builder pythonGatewayToken(Secret token);

        /**
         * @param password the password of DolphinScheduler's {@code admin} user: {@code create} sets it (in
         *     {@code t_ds_user}, as DolphinScheduler stores it) and logs in with it, a configuration update rotates
         *     it; at least 8 characters once resolved; default: unset (DolphinScheduler's public default stays, with
         *     a warning)
         * @return this builder
         */
        Builder adminPassword(Secret password);

        /** @return this builder, with no admin password (DolphinScheduler's public default stays, with a warning) */
        Builder noAdminPassword();

        /**
         * Checks the spec without building it.
         *
         * @return every error and warning, in report order; paths are YAML-form, lines -1
         */
        List<Violation> validate();

        /**
         * @return the valid, immutable spec; its {@link ClusterSpec#warnings()} hold what was found
         * @throws io.dsec2.exception.InvalidClusterSpecException listing every error (and the warnings)
         */
        ClusterSpec build();
    }
}
