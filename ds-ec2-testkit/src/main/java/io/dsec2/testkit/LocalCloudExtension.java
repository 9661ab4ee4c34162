package io.dsec2.testkit;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives tests a {@link LocalCloud}: one per JVM, started on first use, shared by every test
 * class that uses the extension, and closed when the test plan ends (it lives in the root extension store).
 * Test methods, constructors and lifecycle methods may declare {@link LocalCloud} or {@link LocalCloudEndpoints}
 * parameters.
 *
 * <pre>{@code
 * @ExtendWith(LocalCloudExtension.class)
 * class MyIT {
 *     @Test
 *     void launches(LocalCloud cloud) { ... }
 * }
 * }</pre>
 *
 * <p>Options come from system properties: {@code ds-ec2.localcloud.base-dir} (run dirs; default
 * {@code <project root>/target/localcloud}), {@code ds-ec2.localcloud.services} ({@code false} skips ZooKeeper,
 * MariaDB and the file server), {@code ds-ec2.localcloud.package-padding-bytes}. Tests that need a clean region call
 * {@link LocalCloud#reset()}.
 */
public final class LocalCloudExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LocalCloudExtension.class);

    /**
     * @return the JVM's LocalCloud, started on first call and closed at the end of the test plan
     */
    public static LocalCloud localCloud(ExtensionContext context) {
        return context.getRoot().getStore(NS).getOrComputeIfAbsent(LocalCloud.class,
                k -> new Resource(LocalCloud.start(optionsFromSystemProperties())), Resource.class).cloud;
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Class<?> t = p.getParameter().getType();
        return t == LocalCloud.class || t == LocalCloudEndpoints.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        LocalCloud cloud = localCloud(e);
        return p.getParameter().getType() == LocalCloud.class ? cloud : cloud.endpoints();
    }

    static LocalCloudOptions optionsFromSystemProperties() {
        LocalCloudOptions.Builder b = LocalCloudOptions.builder();
        String dir = System.getProperty("ds-ec2.localcloud.base-dir");
        if (dir != null && !dir.isBlank()) {
            b.baseDir(Path.of(dir));
        }
        String services = System.getProperty("ds-ec2.localcloud.services");
        if (services != null && !services.isBlank()) {
            b.services(Boolean.parseBoolean(services));
        }
        String padding = System.getProperty("ds-ec2.localcloud.package-padding-bytes");
        if (padding != null && !padding.isBlank()) {
            b.packagePaddingBytes(Long.parseLong(padding.strip()));
        }
        return b.build();
    }

    private static final class Resource implements ExtensionContext.Store.CloseableResource {
        private final LocalCloud cloud;

        Resource(LocalCloud cloud) {
            this.cloud = cloud;
        }

        @Override
        public void close() {
            cloud.close();
        }
    }
}
