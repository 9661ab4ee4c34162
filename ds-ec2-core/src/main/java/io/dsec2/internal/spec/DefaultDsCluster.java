package io.dsec2.internal.spec;

import io.dsec2.DsCluster;
import io.dsec2.DsClusterHandle;
import io.dsec2.internal.create.CreateOperation;
import io.dsec2.internal.create.Settings;
import io.dsec2.model.ClusterSpec;
import java.util.concurrent.CompletableFuture;

/** The default {@link DsCluster}: for now, a valid spec. Immutable and thread-safe. */
public final class DefaultDsCluster implements DsCluster {
    private final ClusterSpec spec;
    private final Settings settings;

    private DefaultDsCluster(ClusterSpec spec, Settings settings) {
        this.spec = Checks.notNull(spec, "spec");
        this.settings = settings;
    }

    /** @return a new fluent builder */
    public static DsCluster.Builder builder() {
        return new DefaultDsClusterBuilder();
    }

    /**
     * @param spec a valid spec
     * @return a cluster for it
     */
    public static DsCluster of(ClusterSpec spec) {
        return new DefaultDsCluster(spec, new Settings());
    }

    public static DsCluster of(ClusterSpec spec, Settings settings) {
        return new DefaultDsCluster(spec, settings);
    }

    @Override
    public DsClusterHandle create() {
        return new CreateOperation(spec, settings).run();
    }

    @Override
    public CompletableFuture<DsClusterHandle> createAsync() {
        if (settings.executor != null) {
            return CompletableFuture.supplyAsync(this::create, settings.executor);
        }
        CompletableFuture<DsClusterHandle> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(create());
            } catch (RuntimeException | Error e) {
                f.completeExceptionally(e);
            }
        }, "ds-ec2-" + spec.name() + "-create");
        t.setDaemon(true);
        t.start();
        return f;
    }

    @Override
    public ClusterSpec spec() {
        return spec;
    }

    @Override
    public String toString() {
        return "DsCluster{" + spec.name() + "}";
    }

    @Override
    public io.dsec2.model.ClusterStatus status() {
        return new io.dsec2.internal.create.StatusOperation(spec, settings).run();
    }

    @Override
    public io.dsec2.model.DeleteResult delete(io.dsec2.model.DeleteOptions options) {
        java.util.Objects.requireNonNull(options, "options must not be null");
        return new io.dsec2.internal.create.DeleteOperation(spec, settings, options).run();
    }

    @Override
    public io.dsec2.validate.ValidationReport validate(io.dsec2.validate.ValidateOptions options) {
        return new io.dsec2.internal.create.ValidateOperation(spec, settings)
                .run(java.util.Objects.requireNonNull(options, "options must not be null"));
    }

    @Override
    public io.dsec2.model.ScaleResult scale(io.dsec2.model.NodeRole role, int count, io.dsec2.model.ScaleOptions options) {
        return new io.dsec2.internal.create.ScaleOperation(spec, settings, role, count, options).run();
    }

    @Override
    public io.dsec2.model.ChangeSet planUpdate(ClusterSpec desired) {
        return new io.dsec2.internal.create.RolloutOperation(spec, settings).plan(Checks.notNull(desired, "desired"));
    }

    @Override
    public io.dsec2.model.RolloutResult update(ClusterSpec desired, io.dsec2.model.UpdateOptions options) {
        return new io.dsec2.internal.create.RolloutOperation(spec, settings).update(Checks.notNull(desired, "desired"),
                Checks.notNull(options, "options"));
    }

    @Override
    public io.dsec2.model.RolloutResult restart(java.util.Collection<io.dsec2.model.NodeRole> roles,
                                                io.dsec2.model.RollingPolicy policy) {
        return new io.dsec2.internal.create.RolloutOperation(spec, settings).restart(Checks.notNull(roles, "roles"),
                Checks.notNull(policy, "policy"));
    }

    @Override
    public java.util.List<io.dsec2.model.ConfigVersion> history() {
        return new io.dsec2.internal.create.RolloutOperation(spec, settings).history();
    }

    @Override
    public io.dsec2.model.ChangeSet diff(int from, int to) {
        return new io.dsec2.internal.create.RolloutOperation(spec, settings).diff(from, to);
    }

    @Override
    public io.dsec2.model.RolloutResult rollback(int version, io.dsec2.model.UpdateOptions options) {
        return new io.dsec2.internal.create.RolloutOperation(spec, settings).rollback(version,
                Checks.notNull(options, "options"));
    }
}
