package io.dsec2.model;

import io.dsec2.internal.spec.Checks;
import io.dsec2.internal.spec.SpecValidator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
    private final String name;
    private final AwsSpec aws;
    private final NodeGroupSpec masters;
    private final List<NodeGroupSpec> workerGroups;
    private final NodeGroupSpec apis;
    private final NodeGroupSpec alerts;
    private final DatabaseSpec database;
    private final RegistrySpec registry;
    private final StorageSpec storage;
    private final LoadBalancerSpec loadBalancer;
    private final DeploymentSpec deployment;
    private final Map<String, String> commonProperties;
    private final boolean pythonGatewayEnabled;
    private final Secret pythonGatewayToken;
    private final Secret adminPassword;
    private final List<Violation> warnings;

    private ClusterSpec(Builder b, List<Violation> warnings) {
        name = b.name;
        aws = b.aws;
        masters = b.masters;
        workerGroups = List.copyOf(b.workerGroups);
        apis = b.apis;
        alerts = b.alerts;
        database = b.database;
        registry = b.registry;
        storage = b.storage;
        loadBalancer = b.loadBalancer;
        deployment = b.deployment;
        commonProperties = b.commonProperties;
        pythonGatewayEnabled = b.pythonGatewayEnabled;
        pythonGatewayToken = b.pythonGatewayToken;
        adminPassword = b.adminPassword;
        this.warnings = List.copyOf(warnings);
    }

    /** @return a builder with defaults: one node per role, MySQL, no storage, no load balancer */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this spec's values */
    public Builder toBuilder() {
        return new Builder(this);
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
        return name;
    }

    /** @return AWS placement and access */
    public AwsSpec aws() {
        return aws;
    }

    /** @return the master group */
    public NodeGroupSpec masters() {
        return masters;
    }

    /** @return the worker groups, at least one; the first is named {@code default} unless renamed */
    public List<NodeGroupSpec> workerGroups() {
        return workerGroups;
    }

    /** @return the api server group */
    public NodeGroupSpec apis() {
        return apis;
    }

    /** @return the alert server group (only one alert server is active at a time; extras stand by) */
    public NodeGroupSpec alerts() {
        return alerts;
    }

    /** @return every node group in start order: masters, worker groups, apis, alerts */
    public List<NodeGroupSpec> nodeGroups() {
        List<NodeGroupSpec> all = new ArrayList<>();
        all.add(masters);
        all.addAll(workerGroups);
        all.add(apis);
        all.add(alerts);
        return List.copyOf(all);
    }

    /**
     * @param role a role
     * @return how many nodes of that role the spec asks for
     */
    public int count(NodeRole role) {
        return nodeGroups().stream().filter(g -> g.role() == role).mapToInt(NodeGroupSpec::count).sum();
    }

    /** @return every node id in start order, for example {@code master-1, master-2, worker-1, ...} */
    public List<String> nodeIds() {
        List<String> ids = new ArrayList<>();
        for (NodeRole role : NodeRole.values()) {
            for (int i = 1; i <= count(role); i++) {
                ids.add(role.id() + "-" + i);
            }
        }
        return List.copyOf(ids);
    }

    /** @return the metadata database */
    public DatabaseSpec database() {
        return database;
    }

    /** @return the ZooKeeper registry */
    public RegistrySpec registry() {
        return registry;
    }

    /** @return the S3 resource storage, if configured (otherwise DS keeps resources on local disk) */
    public Optional<StorageSpec> storage() {
        return Optional.ofNullable(storage);
    }

    /** @return the API load balancer settings (disabled by default) */
    public LoadBalancerSpec loadBalancer() {
        return loadBalancer;
    }

    /** @return deployment settings */
    public DeploymentSpec deployment() {
        return deployment;
    }

    /** @return extra {@code common.properties} keys for every server, insertion-ordered; empty by default */
    public Map<String, String> commonProperties() {
        return commonProperties;
    }

    /** @return whether the api server's python gateway runs; default false (ds-ec2 disables it) */
    public boolean pythonGatewayEnabled() {
        return pythonGatewayEnabled;
    }

    /** @return the python gateway auth token, if set */
    public Optional<Secret> pythonGatewayToken() {
        return Optional.ofNullable(pythonGatewayToken);
    }

    /**
     * @return the password ds-ec2 gives DolphinScheduler's {@code admin} user and logs in with
     *     ({@code service_config.api.admin_password}), if set; unset, the user keeps DolphinScheduler's public
     *     default ({@code dolphinscheduler123}, from {@code dolphinscheduler-dao/src/main/resources/sql/
     *     dolphinscheduler_mysql.sql} at tag 3.2.0)
     */
    public Optional<Secret> adminPassword() {
        return Optional.ofNullable(adminPassword);
    }

    /** @return warnings found when the spec was built (for example a literal secret or a single master) */
    public List<Violation> warnings() {
        return warnings;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ClusterSpec)) {
            return false;
        }
        ClusterSpec c = (ClusterSpec) o;
        return name.equals(c.name) && aws.equals(c.aws) && masters.equals(c.masters)
                && workerGroups.equals(c.workerGroups) && apis.equals(c.apis) && alerts.equals(c.alerts)
                && database.equals(c.database) && registry.equals(c.registry) && Objects.equals(storage, c.storage)
                && loadBalancer.equals(c.loadBalancer) && deployment.equals(c.deployment)
                && commonProperties.equals(c.commonProperties) && pythonGatewayEnabled == c.pythonGatewayEnabled
                && Objects.equals(pythonGatewayToken, c.pythonGatewayToken)
                && Objects.equals(adminPassword, c.adminPassword);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, aws, masters, workerGroups, apis, alerts, database, registry, storage,
                loadBalancer, deployment, commonProperties, pythonGatewayEnabled, pythonGatewayToken, adminPassword);
    }

    @Override
    public String toString() {
        return "ClusterSpec{name=" + name + ", aws=" + aws + ", masters=" + masters + ", workerGroups=" + workerGroups
                + ", apis=" + apis + ", alerts=" + alerts + ", database=" + database + ", registry=" + registry
                + ", storage=" + storage + ", loadBalancer=" + loadBalancer + ", deployment=" + deployment
                + ", commonProperties=" + Checks.redacted(commonProperties) + ", pythonGateway="
                + (pythonGatewayEnabled ? "enabled, token=" + pythonGatewayToken : "disabled")
                + (adminPassword != null ? ", adminPassword=" + adminPassword : "") + "}";
    }

    /**
     * Mutable, not thread-safe builder for {@link ClusterSpec}. Setters reject null at once
     * ({@link NullPointerException}); every other check runs in {@link #build()} (or {@link #validate()}) so that
     * one report lists every problem. Consumer overloads edit the current nested value.
     */
    public static final class Builder {
        private String name = "";
        private AwsSpec aws = AwsSpec.builder().build();
        private NodeGroupSpec masters = NodeGroupSpec.builder(NodeRole.MASTER).build();
        private List<NodeGroupSpec> workerGroups = List.of(NodeGroupSpec.builder(NodeRole.WORKER).build());
        private NodeGroupSpec apis = NodeGroupSpec.builder(NodeRole.API).build();
        private NodeGroupSpec alerts = NodeGroupSpec.builder(NodeRole.ALERT).build();
        private DatabaseSpec database = DatabaseSpec.builder().build();
        private RegistrySpec registry = RegistrySpec.builder().build();
        private StorageSpec storage;
        private LoadBalancerSpec loadBalancer = LoadBalancerSpec.disabled();
        private DeploymentSpec deployment = DeploymentSpec.defaults();
        private Map<String, String> commonProperties = Map.of();
        private boolean pythonGatewayEnabled;
        private Secret pythonGatewayToken;
        private Secret adminPassword;

        private Builder() {
        }

        private Builder(ClusterSpec s) {
            name = s.name;
            aws = s.aws;
            masters = s.masters;
            workerGroups = s.workerGroups;
            apis = s.apis;
            alerts = s.alerts;
            database = s.database;
            registry = s.registry;
            storage = s.storage;
            loadBalancer = s.loadBalancer;
            deployment = s.deployment;
            commonProperties = s.commonProperties;
            pythonGatewayEnabled = s.pythonGatewayEnabled;
            pythonGatewayToken = s.pythonGatewayToken;
            adminPassword = s.adminPassword;
        }

        /**
         * @param name cluster name, {@code ^[a-z][a-z0-9-]{0,23}$}; required
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Checks.notNull(name, "name");
            return this;
        }

        /**
         * @param region AWS region; shortcut for {@code aws(a -> a.region(region))}
         * @return this builder
         */
        public Builder region(String region) {
            return aws(a -> a.region(region));
        }

        /**
         * @param subnetIds subnets (AZs unknown), nodes spread round-robin
         * @return this builder
         */
        public Builder subnets(String... subnetIds) {
            return aws(a -> a.subnets(subnetIds));
        }

        /**
         * @param subnets subnets with AZs, nodes spread round-robin
         * @return this builder
         */
        public Builder subnets(SubnetSpec... subnets) {
            return aws(a -> a.subnets(subnets));
        }

        /**
         * @param aws AWS settings, replacing the current ones
         * @return this builder
         */
        public Builder aws(AwsSpec aws) {
            this.aws = Checks.notNull(aws, "aws");
            return this;
        }

        /**
         * @param change edits the current AWS settings
         * @return this builder
         */
        public Builder aws(Consumer<AwsSpec.Builder> change) {
            return aws(aws.copy(Checks.notNull(change, "change")));
        }

        /**
         * @param count number of masters; at least 1, 2+ for HA (spread over 2+ AZs)
         * @return this builder
         */
        public Builder masters(int count) {
            return masters(g -> g.count(count));
        }

        /**
         * @param change edits the master group
         * @return this builder
         */
        public Builder masters(Consumer<NodeGroupSpec.Builder> change) {
            this.masters = masters.copy(Checks.notNull(change, "change"));
            return this;
        }

        /**
         * @param count nodes in the first (default) worker group; at least 1
         * @return this builder
         */
        public Builder workers(int count) {
            return workers(g -> g.count(count));
        }

        /**
         * @param change edits the first (default) worker group
         * @return this builder
         */
        public Builder workers(Consumer<NodeGroupSpec.Builder> change) {
            List<NodeGroupSpec> list = new ArrayList<>(workerGroups);
            list.set(0, list.get(0).copy(Checks.notNull(change, "change")));
            this.workerGroups = List.copyOf(list);
            return this;
        }

        /**
         * @param group a further worker group (role WORKER, a distinct name)
         * @return this builder
         */
        public Builder addWorkerGroup(NodeGroupSpec group) {
            List<NodeGroupSpec> list = new ArrayList<>(workerGroups);
            list.add(Checks.notNull(group, "group"));
            this.workerGroups = List.copyOf(list);
            return this;
        }

        /**
         * @param groups every worker group, replacing the current ones; at least one
         * @return this builder
         */
        public Builder workerGroups(Collection<NodeGroupSpec> groups) {
            this.workerGroups = Checks.copy(groups, "workerGroups");
            return this;
        }

        /**
         * @param count api servers; at least 1, 2+ behind a load balancer for HA
         * @return this builder
         */
        public Builder apis(int count) {
            return apis(g -> g.count(count));
        }

        /**
         * @param change edits the api group
         * @return this builder
         */
        public Builder apis(Consumer<NodeGroupSpec.Builder> change) {
            this.apis = apis.copy(Checks.notNull(change, "change"));
            return this;
        }

        /**
         * @param count alert servers; 0 or more, only one is active at a time
         * @return this builder
         */
        public Builder alerts(int count) {
            return alerts(g -> g.count(count));
        }

        /**
         * @param change edits the alert group
         * @return this builder
         */
        public Builder alerts(Consumer<NodeGroupSpec.Builder> change) {
            this.alerts = alerts.copy(Checks.notNull(change, "change"));
            return this;
        }

        /**
         * @param database the metadata database
         * @return this builder
         */
        public Builder database(DatabaseSpec database) {
            this.database = Checks.notNull(database, "database");
            return this;
        }

        /**
         * @param change edits the database settings
         * @return this builder
         */
        public Builder database(Consumer<DatabaseSpec.Builder> change) {
            return database(database.copy(Checks.notNull(change, "change")));
        }

        /**
         * @param registry the ZooKeeper registry
         * @return this builder
         */
        public Builder registry(RegistrySpec registry) {
            this.registry = Checks.notNull(registry, "registry");
            return this;
        }

        /**
         * @param change edits the registry settings
         * @return this builder
         */
        public Builder registry(Consumer<RegistrySpec.Builder> change) {
            return registry(registry.copy(Checks.notNull(change, "change")));
        }

        /**
         * @param storage the S3 resource storage
         * @return this builder
         */
        public Builder storage(StorageSpec storage) {
            this.storage = Checks.notNull(storage, "storage");
            return this;
        }

        /**
         * @param change edits the S3 storage, starting from defaults if none is set
         * @return this builder
         */
        public Builder storage(Consumer<StorageSpec.Builder> change) {
            StorageSpec current = storage == null ? StorageSpec.builder().build() : storage;
            return storage(current.copy(Checks.notNull(change, "change")));
        }

        /** @return this builder, with S3 storage removed (DS then keeps resources on local disk) */
        public Builder noStorage() {
            this.storage = null;
            return this;
        }

        /**
         * @param loadBalancer the API load balancer
         * @return this builder
         */
        public Builder loadBalancer(LoadBalancerSpec loadBalancer) {
            this.loadBalancer = Checks.notNull(loadBalancer, "loadBalancer");
            return this;
        }

        /**
         * @param change edits the load balancer settings
         * @return this builder
         */
        public Builder loadBalancer(Consumer<LoadBalancerSpec.Builder> change) {
            return loadBalancer(loadBalancer.copy(Checks.notNull(change, "change")));
        }

        /**
         * @param deployment deployment settings
         * @return this builder
         */
        public Builder deployment(DeploymentSpec deployment) {
            this.deployment = Checks.notNull(deployment, "deployment");
            return this;
        }

        /**
         * @param change edits the deployment settings
         * @return this builder
         */
        public Builder deployment(Consumer<DeploymentSpec.Builder> change) {
            return deployment(deployment.copy(Checks.notNull(change, "change")));
        }

        /**
         * @param properties extra {@code common.properties} keys, replacing any set before
         * @return this builder
         */
        public Builder commonProperties(Map<String, String> properties) {
            this.commonProperties = Checks.copy(properties, "commonProperties");
            return this;
        }

        /**
         * @param enabled run the api's python gateway; default false
         * @return this builder
         */
        public Builder pythonGatewayEnabled(boolean enabled) {
            this.pythonGatewayEnabled = enabled;
            return this;
        }

        /**
         * @param token the python gateway auth token (replaces DS's public default)
         * @return this builder
         */
        public Builder pythonGatewayToken(Secret token) {
            this.pythonGatewayToken = Checks.notNull(token, "pythonGatewayToken");
            return this;
        }

        /**
         * @param password the password of DolphinScheduler's {@code admin} user: {@code create} sets it (in
         *     {@code t_ds_user}, as DolphinScheduler stores it) and logs in with it, a configuration update rotates
         *     it; at least 8 characters once resolved; default: unset (DolphinScheduler's public default stays, with
         *     a warning)
         * @return this builder
         */
        public Builder adminPassword(Secret password) {
            this.adminPassword = Checks.notNull(password, "adminPassword");
            return this;
        }

        /** @return this builder, with no admin password (DolphinScheduler's public default stays, with a warning) */
        public Builder noAdminPassword() {
            this.adminPassword = null;
            return this;
        }

        /**
         * Checks the spec without building it.
         *
         * @return every error and warning, in report order; paths are YAML-form, lines -1
         */
        public List<Violation> validate() {
            return SpecValidator.validate(new ClusterSpec(this, List.of()));
        }

        /**
         * @return the valid, immutable spec; its {@link ClusterSpec#warnings()} hold what was found
         * @throws io.dsec2.exception.InvalidClusterSpecException listing every error (and the warnings)
         */
        public ClusterSpec build() {
            List<Violation> all = validate();
            SpecValidator.throwIfErrors("builder", all);
            return new ClusterSpec(this, all);
        }
    }
}
