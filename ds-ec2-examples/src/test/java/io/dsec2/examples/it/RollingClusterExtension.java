package io.dsec2.examples.it;

import io.dsec2.testkit.LocalCloud;
import io.dsec2.testkit.LocalCloudExtension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives test classes the JVM's one {@link RollingCluster} (2 masters, 3 workers, 2 api, 1 alert, ALB), created on the
 * LocalCloud on first use and shared by {@code RollingRestartIT}, {@code ConfigUpdateIT}, {@code ConfigRollbackIT}
 * and {@code ResumeIT}. It lives in the root extension store, so it is closed (instances terminated, clients
 * closed) when the test plan ends.
 */
final class RollingClusterExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RollingClusterExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == RollingCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return shared(e);
    }

    /** @return the JVM's stand-in rolling cluster, created on first use */
    static RollingCluster shared(ExtensionContext e) {
        LocalCloud cloud = LocalCloudExtension.localCloud(e);
        return e.getRoot().getStore(NS).getOrComputeIfAbsent(RollingCluster.class, k -> RollingCluster.create(cloud),
                RollingCluster.class);
    }
}
