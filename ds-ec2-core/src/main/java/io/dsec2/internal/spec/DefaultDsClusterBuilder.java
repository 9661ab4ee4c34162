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
        return DefaultDsCluster.of(spec.build());
    }
}
