package io.dsec2.internal.spec;

import io.dsec2.DsCluster;
import io.dsec2.model.ClusterSpec;

/** The default {@link DsCluster}: for now, a valid spec. Immutable and thread-safe. */
public final class DefaultDsCluster implements DsCluster {
    private final ClusterSpec spec;

    private DefaultDsCluster(ClusterSpec spec) {
        this.spec = Checks.notNull(spec, "spec");
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
        return new DefaultDsCluster(spec);
    }

    @Override
    public ClusterSpec spec() {
        return spec;
    }

    @Override
    public String toString() {
        return "DsCluster{" + spec.name() + "}";
    }
}
