package io.dsec2.internal.spec;

import io.dsec2.model.AwsSpec;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.DatabaseSpec;
import io.dsec2.model.DeploymentSpec;
import io.dsec2.model.LoadBalancerSpec;
import io.dsec2.model.NodeGroupSpec;
import io.dsec2.model.NodeRole;
import io.dsec2.model.RegistrySpec;
import io.dsec2.model.Secret;
import io.dsec2.model.StorageSpec;
import io.dsec2.model.SubnetSpec;
import io.dsec2.model.Violation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The {@link ClusterSpec.Builder} that {@link ClusterSpec#builder()} and {@link ClusterSpec#toBuilder()} return.
 * Setters reject null at once; {@link #validate()} and {@link #build()} run {@link SpecValidator}. The spec itself
 * is made by the factory {@link ClusterSpec} hands in (its private constructor), so this class needs no public
 * way into {@link ClusterSpec}. Mutable, not thread-safe.
 */
public final class DefaultClusterSpecBuilder implements ClusterSpec.Builder {
    private final BiFunction<ClusterSpecValues, List<Violation>, ClusterSpec> factory;
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

    /**
     * A builder with the defaults {@link ClusterSpec#builder()} documents.
     *
     * @param factory makes the spec from the values and the warnings found
     */
    public DefaultClusterSpecBuilder(BiFunction<ClusterSpecValues, List<Violation>, ClusterSpec> factory) {
        this.factory = Checks.notNull(factory, "factory");
    }

    /**
     * A builder holding a spec's values.
     *
     * @param factory makes the spec from the values and the warnings found
     * @param from the values to start from
     */
    public DefaultClusterSpecBuilder(BiFunction<ClusterSpecValues, List<Violation>, ClusterSpec> factory,
                                     ClusterSpecValues from) {
        this(factory);
        name = from.name();
        aws = from.aws();
        masters = from.masters();
        workerGroups = from.workerGroups();
        apis = from.apis();
        alerts = from.alerts();
        database = from.database();
        registry = from.registry();
        storage = from.storage();
        loadBalancer = from.loadBalancer();
        deployment = from.deployment();
        commonProperties = from.commonProperties();
        pythonGatewayEnabled = from.pythonGatewayEnabled();
        pythonGatewayToken = from.pythonGatewayToken();
        adminPassword = from.adminPassword();
    }

    @Override
    public ClusterSpec.Builder name(String name) {
        this.name = Checks.notNull(name, "name");
        return this;
    }

    @Override
    public ClusterSpec.Builder region(String region) {
        return aws(a -> a.region(region));
    }

    @Override
    public ClusterSpec.Builder subnets(String... subnetIds) {
        return aws(a -> a.subnets(subnetIds));
    }

    @Override
    public ClusterSpec.Builder subnets(SubnetSpec... subnets) {
        return aws(a -> a.subnets(subnets));
    }

    @Override
    public ClusterSpec.Builder aws(AwsSpec aws) {
        this.aws = Checks.notNull(aws, "aws");
        return this;
    }

    @Override
    public ClusterSpec.Builder aws(Consumer<AwsSpec.Builder> change) {
        return aws(aws.copy(Checks.notNull(change, "change")));
    }

    @Override
    public ClusterSpec.Builder masters(int count) {
        return masters(g -> g.count(count));
    }

    @Override
    public ClusterSpec.Builder masters(Consumer<NodeGroupSpec.Builder> change) {
        this.masters = masters.copy(Checks.notNull(change, "change"));
        return this;
    }

    @Override
    public ClusterSpec.Builder workers(int count) {
        return workers(g -> g.count(count));
    }

    @Override
    public ClusterSpec.Builder workers(Consumer<NodeGroupSpec.Builder> change) {
        List<NodeGroupSpec> list = new ArrayList<>(workerGroups);
        list.set(0, list.get(0).copy(Checks.notNull(change, "change")));
        this.workerGroups = List.copyOf(list);
        return this;
    }

    @Override
    public ClusterSpec.Builder addWorkerGroup(NodeGroupSpec group) {
        List<NodeGroupSpec> list = new ArrayList<>(workerGroups);
        list.add(Checks.notNull(group, "group"));
        this.workerGroups = List.copyOf(list);
        return this;
    }

    @Override
    public ClusterSpec.Builder workerGroups(Collection<NodeGroupSpec> groups) {
        this.workerGroups = Checks.copy(groups, "workerGroups");
        return this;
    }

    @Override
    public ClusterSpec.Builder apis(int count) {
        return apis(g -> g.count(count));
    }

    @Override
    public ClusterSpec.Builder apis(Consumer<NodeGroupSpec.Builder> change) {
        this.apis = apis.copy(Checks.notNull(change, "change"));
        return this;
    }

    @Override
    public ClusterSpec.Builder alerts(int count) {
        return alerts(g -> g.count(count));
    }

    @Override
    public ClusterSpec.Builder alerts(Consumer<NodeGroupSpec.Builder> change) {
        this.alerts = alerts.copy(Checks.notNull(change, "change"));
        return this;
    }

    @Override
    public ClusterSpec.Builder database(DatabaseSpec database) {
        this.database = Checks.notNull(database, "database");
        return this;
    }

    @Override
    public ClusterSpec.Builder database(Consumer<DatabaseSpec.Builder> change) {
        return database(database.copy(Checks.notNull(change, "change")));
    }

    @Override
    public ClusterSpec.Builder registry(RegistrySpec registry) {
        this.registry = Checks.notNull(registry, "registry");
        return this;
    }

    @Override
    public ClusterSpec.Builder registry(Consumer<RegistrySpec.Builder> change) {
        return registry(registry.copy(Checks.notNull(change, "change")));
    }

    @Override
    public ClusterSpec.Builder storage(StorageSpec storage) {
        this.storage = Checks.notNull(storage, "storage");
        return this;
    }

    @Override
    public ClusterSpec.Builder storage(Consumer<StorageSpec.Builder> change) {
        StorageSpec current = storage == null ? StorageSpec.builder().build() : storage;
        return storage(current.copy(Checks.notNull(change, "change")));
    }

    @Override
    public ClusterSpec.Builder noStorage() {
        this.storage = null;
        return this;
    }

    @Override
    public ClusterSpec.Builder loadBalancer(LoadBalancerSpec loadBalancer) {
        this.loadBalancer = Checks.notNull(loadBalancer, "loadBalancer");
        return this;
    }

    @Override
    public ClusterSpec.Builder loadBalancer(Consumer<LoadBalancerSpec.Builder> change) {
        return loadBalancer(loadBalancer.copy(Checks.notNull(change, "change")));
    }

    @Override
    public ClusterSpec.Builder deployment(DeploymentSpec deployment) {
        this.deployment = Checks.notNull(deployment, "deployment");
        return this;
    }

    @Override
    public ClusterSpec.Builder deployment(Consumer<DeploymentSpec.Builder> change) {
        return deployment(deployment.copy(Checks.notNull(change, "change")));
    }

    @Override
    public ClusterSpec.Builder commonProperties(Map<String, String> properties) {
        this.commonProperties = Checks.copy(properties, "commonProperties");
        return this;
    }

    @Override
    public ClusterSpec.Builder pythonGatewayEnabled(boolean enabled) {
        this.pythonGatewayEnabled = enabled;
        return this;
    }

    @Override
    public ClusterSpec.Builder pythonGatewayToken(Secret token) {
        this.pythonGatewayToken = Checks.notNull(token, "pythonGatewayToken");
        return this;
    }

    @Override
    public ClusterSpec.Builder adminPassword(Secret password) {
        this.adminPassword = Checks.notNull(password, "adminPassword");
        return this;
    }

    @Override
    public ClusterSpec.Builder noAdminPassword() {
        this.adminPassword = null;
        return this;
    }

    @Override
    public List<Violation> validate() {
        return SpecValidator.validate(factory.apply(values(), List.of()));
    }

    @Override
    public ClusterSpec build() {
        List<Violation> all = validate();
        SpecValidator.throwIfErrors("builder", all);
        return factory.apply(values(), all);
    }

    private ClusterSpecValues values() {
        return new ClusterSpecValues(name, aws, masters, workerGroups, apis, alerts, database, registry, storage,
                loadBalancer, deployment, commonProperties, pythonGatewayEnabled, pythonGatewayToken, adminPassword);
    }
}
