package io.dsec2.internal.spec;

import io.dsec2.DsCluster;
import io.dsec2.model.AwsSpec;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.DatabaseSpec;
import io.dsec2.model.DeploymentSpec;
import io.dsec2.model.LoadBalancerSpec;
import io.dsec2.model.NodeGroupSpec;
import io.dsec2.model.RegistrySpec;
import io.dsec2.model.StorageSpec;
import java.util.function.Consumer;

/** Delegates every setter to a {@link ClusterSpec.Builder}. Mutable, not thread-safe. */
final class DefaultDsClusterBuilder implements DsCluster.Builder {
    private ClusterSpec.Builder spec = ClusterSpec.builder();
    private final io.dsec2.internal.create.Settings settings = new io.dsec2.internal.create.Settings();

    @Override
    public DsCluster.Builder provisioner(io.dsec2.spi.Provisioner provisioner) {
        settings.provisioner = Checks.notNull(provisioner, "provisioner");
        return this;
    }

    @Override
    public DsCluster.Builder loadBalancerService(io.dsec2.spi.LoadBalancer loadBalancer) {
        settings.loadBalancer = Checks.notNull(loadBalancer, "loadBalancer");
        return this;
    }

    @Override
    public DsCluster.Builder remoteExecutor(io.dsec2.spi.RemoteExecutor executor) {
        settings.remoteExecutor = Checks.notNull(executor, "executor");
        return this;
    }

    @Override
    public DsCluster.Builder secretResolver(io.dsec2.spi.SecretResolver resolver) {
        settings.secretResolver = Checks.notNull(resolver, "resolver");
        return this;
    }

    @Override
    public DsCluster.Builder configRenderer(io.dsec2.spi.ConfigRenderer renderer) {
        settings.configRenderer = Checks.notNull(renderer, "renderer");
        return this;
    }

    @Override
    public DsCluster.Builder stateStore(io.dsec2.spi.StateStore store) {
        settings.stateStore = Checks.notNull(store, "store");
        return this;
    }

    @Override
    public DsCluster.Builder stateDirectory(java.nio.file.Path directory) {
        settings.stateDirectory = Checks.notNull(directory, "directory");
        return this;
    }

    @Override
    public DsCluster.Builder addListener(io.dsec2.event.ClusterListener listener) {
        settings.listeners.add(Checks.notNull(listener, "listener"));
        return this;
    }

    @Override
    public DsCluster.Builder executor(java.util.concurrent.ExecutorService executor) {
        settings.executor = Checks.notNull(executor, "executor");
        return this;
    }

    @Override
    public DsCluster.Builder timeouts(io.dsec2.config.Timeouts timeouts) {
        settings.timeouts = Checks.notNull(timeouts, "timeouts");
        return this;
    }

    @Override
    public DsCluster.Builder validateBeforeCreate(boolean validate) {
        settings.validateBeforeCreate = validate;
        return this;
    }

    @Override
    public DsCluster.Builder retry(io.dsec2.config.RetrySettings retry) {
        settings.retry = Checks.notNull(retry, "retry");
        return this;
    }

    @Override
    public DsCluster.Builder spec(ClusterSpec spec) {
        this.spec = Checks.notNull(spec, "spec").toBuilder();
        return this;
    }

    @Override
    public DsCluster.Builder spec(Consumer<ClusterSpec.Builder> change) {
        Checks.notNull(change, "change").accept(spec);
        return this;
    }

    @Override
    public DsCluster.Builder name(String name) {
        spec.name(name);
        return this;
    }

    @Override
    public DsCluster.Builder region(String region) {
        spec.region(region);
        return this;
    }

    @Override
    public DsCluster.Builder subnets(String... subnetIds) {
        spec.subnets(subnetIds);
        return this;
    }

    @Override
    public DsCluster.Builder aws(Consumer<AwsSpec.Builder> change) {
        spec.aws(change);
        return this;
    }

    @Override
    public DsCluster.Builder masters(int count) {
        spec.masters(count);
        return this;
    }

    @Override
    public DsCluster.Builder masters(Consumer<NodeGroupSpec.Builder> change) {
        spec.masters(change);
        return this;
    }

    @Override
    public DsCluster.Builder workers(int count) {
        spec.workers(count);
        return this;
    }

    @Override
    public DsCluster.Builder workers(Consumer<NodeGroupSpec.Builder> change) {
        spec.workers(change);
        return this;
    }

    @Override
    public DsCluster.Builder addWorkerGroup(NodeGroupSpec group) {
        spec.addWorkerGroup(group);
        return this;
    }

    @Override
    public DsCluster.Builder apis(int count) {
        spec.apis(count);
        return this;
    }

    @Override
    public DsCluster.Builder apis(Consumer<NodeGroupSpec.Builder> change) {
        spec.apis(change);
        return this;
    }

    @Override
    public DsCluster.Builder alerts(int count) {
        spec.alerts(count);
        return this;
    }

    @Override
    public DsCluster.Builder alerts(Consumer<NodeGroupSpec.Builder> change) {
        spec.alerts(change);
        return this;
    }

    @Override
    public DsCluster.Builder database(Consumer<DatabaseSpec.Builder> change) {
        spec.database(change);
        return this;
    }

    @Override
    public DsCluster.Builder registry(Consumer<RegistrySpec.Builder> change) {
        spec.registry(change);
        return this;
    }

    @Override
    public DsCluster.Builder storage(Consumer<StorageSpec.Builder> change) {
        spec.storage(change);
        return this;
    }

    @Override
    public DsCluster.Builder loadBalancer(Consumer<LoadBalancerSpec.Builder> change) {
        spec.loadBalancer(change);
        return this;
    }

    @Override
    public DsCluster.Builder deployment(Consumer<DeploymentSpec.Builder> change) {
        spec.deployment(change);
        return this;
    }

    @Override
    public DsCluster build() {
        return DefaultDsCluster.of(spec.build(), settings.copy());
    }
}
