package io.dsec2.examples.it;

import io.dsec2.testkit.LocalCloud;
import io.dsec2.testkit.LocalCloudExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives test classes the JVM's one cluster of the <b>real</b> DolphinScheduler 3.2.0 distribution
 * ({@code ../shared/fixtures/dolphinscheduler-3.2.0/assemble}, served by the LocalCloud): 2 masters, 2 workers,
 * 1 api behind the ALB, 1 alert, its own database ({@value #DATABASE}) and registry namespace, heaps sized so that six
 * real servers fit beside the stand-in clusters on a 2-core, 24 GiB machine. Created on first use; closed (instances
 * terminated) when the test plan ends unless a test deleted it.
 */
final class RealClusterExtension implements ParameterResolver {
    static final String DATABASE = "ds_real";
    static final Path STATE = Path.of("target/it-state-real");
    static final List<String> NODES = List.of("master-1", "master-2", "worker-1", "worker-2", "api-1", "alert-1");
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RealClusterExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == RollingCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        LocalCloud cloud = LocalCloudExtension.localCloud(e);
        return e.getRoot().getStore(NS).getOrComputeIfAbsent(RollingCluster.class, k -> create(cloud),
                RollingCluster.class);
    }

    static RollingCluster create(LocalCloud cloud) {
        LocalCloud.ServedPackage real = cloud.realPackage();
        cloud.createDatabase(DATABASE);
        String standIn = cloud.endpoints().packageUrl();
        String standInSha = cloud.endpoints().packageSha512();
        return RollingCluster.create(cloud, "real", STATE, NODES, yaml -> {
            String y = yaml.replace("worker: {count: 3,", "worker: {count: 2,")
                    .replace("api: {count: 2,", "api: {count: 1,")
                    .replace("  database: dolphinscheduler\n", "  database: " + DATABASE + "\n")
                    .replace("package_url: " + standIn, "package_url: " + real.url())
                    .replace("package_sha512: " + standInSha, "package_sha512: " + real.sha512());
            if (y.equals(yaml) || !y.contains(real.sha512()) || !y.contains("database: " + DATABASE)) {
                throw new IllegalStateException("the seeds-shaped YAML changed shape; cannot make the real cluster:\n"
                        + yaml);
            }
            // heaps for six real servers on one 2-core machine (DS's defaults: 4g master/worker, 1g api/alert)
            return y + """
                jvm:
                  master: {heap: 768m, xmn: 256m}
                  worker: {heap: 768m, xmn: 256m}
                  api: {heap: 768m, xmn: 256m}
                  alert: {heap: 384m, xmn: 128m}
                """;
        });
    }
}
