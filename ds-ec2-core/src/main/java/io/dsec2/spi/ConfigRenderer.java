package io.dsec2.spi;

import io.dsec2.internal.ds.Ds320ConfigRenderer;
import java.util.List;

/**
 * Renders the configuration files ds-ec2 places on one DolphinScheduler node. Create writes them before a
 * server first starts; {@code config update}, {@code config rollback} and the running-config digests that tell
 * whether a node is up to date all render through the same renderer, so the files of a custom renderer are
 * rolled out (a node whose files render differently gets them rewritten and its server restarted, in batches)
 * and versioned ({@link io.dsec2.model.ConfigVersion#nodeDigests()}) exactly like the default's.
 *
 * <p>The default is {@link #dolphinScheduler320()}. Another renderer is chosen like the other SPIs: the one set
 * with {@link io.dsec2.DsCluster.Builder#configRenderer(ConfigRenderer)}; else exactly one implementation
 * registered for {@link java.util.ServiceLoader} in {@code META-INF/services/io.dsec2.spi.ConfigRenderer} (a
 * public no-argument constructor); else the default. Two registered implementations fail the operation with an
 * {@link IllegalStateException} naming them.
 *
 * <p>A renderer usually decorates the default one, adding a file or changing one:
 * <pre>{@code
 * ConfigRenderer defaults = ConfigRenderer.dolphinScheduler320();
 * ConfigRenderer withTeam = request -> {
 *     List<RenderedFile> files = new ArrayList<>(defaults.render(request));
 *     files.add(RenderedFile.builder().path(request.role().serverDir() + "/conf/platform.properties")
 *             .content("platform.team=" + request.spec().commonProperties().getOrDefault("platform.team", "none")
 *                     + "\n").build());
 *     return files;
 * };
 * DsCluster cluster = DsCluster.builder().spec(spec).configRenderer(withTeam).build();
 * }</pre>
 *
 * <p>Contract: implementations must be safe for concurrent use across nodes (ds-ec2 renders nodes in parallel),
 * and deterministic: the same request gives byte-identical files, or every run would see a change and restart
 * the node. They must do no I/O on the node (ds-ec2 places the files) and must not log a request's secrets.
 * Within one result, paths are unique (else ds-ec2 throws {@link IllegalStateException}), and each file's
 * directory must exist in the unpacked distribution (for example {@code <server>/conf}; ds-ec2 creates only
 * {@code .ds-ec2}). A renderer that throws fails the operation before the node's files change.
 */
@FunctionalInterface
public interface ConfigRenderer {
    /**
     * @param request the node to render for
     * @return the files to place on the node, paths unique; may be empty
     * @throws RuntimeException to refuse the request; ds-ec2 stops the operation with the exception as cause
     */
    List<RenderedFile> render(RenderRequest request);

    /**
     * The default renderer, for DolphinScheduler 3.2.0. For each node it renders, in this order:
     * <ul>
     *   <li>{@code bin/env/dolphinscheduler_env.sh} (0644): JAVA_HOME, the datasource URL and user, the registry
     *       settings and the node's {@code service_config} keys as environment variables; it sources the secrets
     *       file and holds no secret itself;</li>
     *   <li>{@code .ds-ec2/secrets.env} (0600, secret): the database password, the S3 secret key and the python
     *       gateway token, each only where the node's server reads it;</li>
     *   <li>{@code <server>/bin/jvm_args_env.sh} (0644): the role's heap and JVM options.</li>
     * </ul>
     *
     * @return the DolphinScheduler 3.2.0 renderer; stateless and thread-safe
     */
    static ConfigRenderer dolphinScheduler320() {
        return Ds320ConfigRenderer.create();
    }
}
