package io.dsec2.examples.it;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link StandIn}: the JVM's shared stand-in {@link RollingCluster}, for a class whose {@code RollingCluster}
 * parameters already resolve to another cluster (the real one).
 */
final class StandInClusterExtension implements ParameterResolver {
    /** @param cluster the shared stand-in cluster */
    record StandIn(RollingCluster cluster) {
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == StandIn.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return new StandIn(RollingClusterExtension.shared(e));
    }
}
