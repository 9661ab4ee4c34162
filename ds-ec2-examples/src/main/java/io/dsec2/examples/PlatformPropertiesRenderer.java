package io.dsec2.examples;

import io.dsec2.DsCluster;
import io.dsec2.DsClusterHandle;
import io.dsec2.model.Secret;
import io.dsec2.spi.ConfigRenderer;
import io.dsec2.spi.RenderRequest;
import io.dsec2.spi.RenderedFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A decorating {@link ConfigRenderer}: every file of the renderer it wraps (by default
 * {@link ConfigRenderer#dolphinScheduler320()}), plus {@code <server>/conf/platform.properties} holding the spec's
 * {@code service_config.common} keys that start with {@code platform.}, sorted, one {@code key=value} per line.
 * Because ds-ec2 renders, digests and rolls out every file through the configured renderer, changing
 * {@code platform.team} in the spec and running {@code config update} rewrites the file on every node and restarts
 * the servers in a rolling way, and the new version records the new digests.
 *
 * <pre>{@code
 * DsCluster cluster = DsCluster.builder()
 *         .spec(spec -> spec.commonProperties(Map.of("platform.team", "data-eng")))
 *         ...
 *         .configRenderer(new PlatformPropertiesRenderer())
 *         .build();
 * }</pre>
 *
 * <p>To use it from the CLI instead, put the class on the class path with a
 * {@code META-INF/services/io.dsec2.spi.ConfigRenderer} file naming it (its public no-argument constructor is
 * used). Stateless and thread-safe, as the SPI requires; deterministic, so an unchanged spec renders
 * byte-identical files and restarts nothing.
 */
public final class PlatformPropertiesRenderer implements ConfigRenderer {
    /** The prefix of the {@code service_config.common} keys written to the file. */
    public static final String PREFIX = "platform.";
    private final ConfigRenderer delegate;

    /** Decorates the DolphinScheduler 3.2.0 default renderer (the constructor the ServiceLoader uses). */
    public PlatformPropertiesRenderer() {
        this(ConfigRenderer.dolphinScheduler320());
    }

    /**
     * @param delegate the renderer whose files are kept
     * @throws NullPointerException if {@code delegate} is null
     */
    public PlatformPropertiesRenderer(ConfigRenderer delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate must not be null");
    }

    /**
     * @param request the node's role decides the directory: {@code master-server/conf/platform.properties}, ...
     * @return the file's path for the node
     */
    public static String path(RenderRequest request) {
        return request.role().serverDir() + "/conf/platform.properties";
    }

    @Override
    public List<RenderedFile> render(RenderRequest request) {
        StringBuilder text = new StringBuilder("# platform settings of cluster ").append(request.spec().name())
                .append(" (service_config.common ").append(PREFIX).append("*)\n");
        Map<String, String> sorted = new TreeMap<>(request.spec().commonProperties());
        sorted.forEach((key, value) -> {
            if (key.startsWith(PREFIX)) {
                text.append(key).append('=').append(value).append('\n');
            }
        });
        List<RenderedFile> files = new ArrayList<>(delegate.render(request));
        files.add(RenderedFile.builder().path(path(request)).content(text.toString()).mode(0644).build());
        return files;
    }

    @Override
    public String toString() {
        return "PlatformPropertiesRenderer(" + delegate + ")";
    }

    /**
     * Creates a cluster whose nodes carry {@code platform.team}. Run with AWS credentials in the environment;
     * arguments: subnet id, ZooKeeper connect string, RDS host, SSH key file.
     *
     * @param args the four arguments above
     */
    public static void main(String[] args) {
        if (args.length < 4) {
            System.err.println("usage: PlatformPropertiesRenderer <subnet> <zk-connect> <rds-host> <key-file>");
            System.exit(2);
        }
        DsCluster cluster = DsCluster.builder()
                .name("analytics").region("us-east-1").subnets(args[0])
                .masters(1).workers(2).apis(1).alerts(1)
                .database(db -> db.mysql(args[2], 3306, "dolphinscheduler")
                                  .username("ds").password(Secret.fromSecretsManager("ds/db")))
                .registry(zk -> zk.connectString(args[1]))
                .deployment(d -> d.sshPrivateKeyFile(Path.of(args[3])))
                .spec(s -> s.commonProperties(Map.of("platform.team", "data-eng")))
                .configRenderer(new PlatformPropertiesRenderer())
                .build();
        try (DsClusterHandle h = cluster.create()) {
            h.nodes().forEach(n -> System.out.println(n.nodeId() + " " + n.privateIp()));
        }
    }
}
