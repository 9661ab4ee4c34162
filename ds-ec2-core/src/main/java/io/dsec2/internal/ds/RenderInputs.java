package io.dsec2.internal.ds;

import io.dsec2.model.ClusterSpec;
import io.dsec2.model.JvmSpec;
import io.dsec2.model.NodeGroupSpec;
import io.dsec2.model.NodeRole;
import io.dsec2.model.StorageSpec;
import io.dsec2.spi.RenderRequest;

/** Maps a {@link RenderRequest} (spec, node, facts, resolved secrets) to the DS 3.2.0 renderer's input. */
public final class RenderInputs {
    private RenderInputs() {
    }

    /**
     * @param r the node to render for
     * @return the DS 3.2.0 renderer's input for it
     */
    public static NodeRenderInput of(RenderRequest r) {
        ClusterSpec spec = r.spec();
        NodeRenderInput.Storage storage = spec.storage().map(s -> storage(s, r)).orElse(null);
        return new NodeRenderInput(spec.name(), r.nodeId(), r.role(), spec.deployment().installPath(),
                r.javaHome(), r.javaMajor(), spec.database().type().id(), spec.database().jdbcUrl(),
                spec.database().username(), r.databasePassword().orElse(null), spec.registry().connectString(),
                spec.registry().namespace(), spec.registry().blockUntilConnected(), storage,
                heap(r.role(), r.group().jvm(), r.instanceMemoryMib()), r.instanceMemoryMib(), config(spec, r.group()),
                r.pythonGatewayToken().orElse(null), "UTC",
                r.group().jvm().extraOptions());
    }

    /**
     * {@code registry.zookeeper.connection-timeout} and {@code retry-policy.*}, each only when the spec sets another
     * value than DS 3.2.0's default (its {@code conf/application.yaml}), so files rendered before these settings
     * existed stay byte-identical.
     */
    public static void registryTuning(io.dsec2.model.RegistrySpec r, java.util.Map<String, String> out) {
        if (!r.connectionTimeout().equals(io.dsec2.model.RegistrySpec.DEFAULT_CONNECTION_TIMEOUT)) {
            out.put("registry.zookeeper.connection-timeout", r.connectionTimeout().toMillis() + "ms");
        }
        if (!r.retryBaseSleep().equals(io.dsec2.model.RegistrySpec.DEFAULT_RETRY_BASE_SLEEP)) {
            out.put("registry.zookeeper.retry-policy.base-sleep-time", r.retryBaseSleep().toMillis() + "ms");
        }
        if (r.retryMaxRetries() != io.dsec2.model.RegistrySpec.DEFAULT_RETRY_MAX_RETRIES) {
            out.put("registry.zookeeper.retry-policy.max-retries", Integer.toString(r.retryMaxRetries()));
        }
        if (!r.retryMaxSleep().equals(io.dsec2.model.RegistrySpec.DEFAULT_RETRY_MAX_SLEEP)) {
            out.put("registry.zookeeper.retry-policy.max-sleep", r.retryMaxSleep().toMillis() + "ms");
        }
    }

    /**
     * The application.yaml keys a server gets: {@code service_config.common}, then its group's (which win), and
     * {@code registry.zookeeper.session-timeout} when the spec sets another than the 30 s DS default (for example
     * https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-master/src/main/resources/application.yaml).
     */
    public static java.util.Map<String, String> config(ClusterSpec spec, NodeGroupSpec group) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>(spec.commonProperties());
        if (!spec.registry().sessionTimeout().equals(java.time.Duration.ofSeconds(30))) {
            out.put("registry.zookeeper.session-timeout", spec.registry().sessionTimeout().toMillis() + "ms");
        }
        registryTuning(spec.registry(), out);
        out.putAll(group.config());
        return out;
    }

    private static NodeRenderInput.Storage storage(StorageSpec s, RenderRequest r) {
        return new NodeRenderInput.Storage(s.bucket(), s.region(), s.endpoint(), s.prefix(),
                r.s3AccessKeyId().orElse(null), r.s3SecretAccessKey().orElse(null));
    }

    /**
     * The heap a server gets: what the spec says, else sized for the instance (masters and workers a quarter of
     * RAM between 512 MiB and 4 GiB, the DS default; api and alert an eighth between 256 MiB and 1 GiB). The
     * young generation is half the heap, as in the DS defaults.
     */
    public static NodeRenderInput.Heap heap(NodeRole role, JvmSpec jvm, long memoryMib) {
        int xmx = jvm.xmxMib();
        if (xmx <= 0) {
            boolean big = role == NodeRole.MASTER || role == NodeRole.WORKER;
            long share = memoryMib <= 0 ? (big ? 4096 : 1024) : memoryMib / (big ? 4 : 8);
            xmx = (int) Math.max(big ? 512 : 256, Math.min(big ? 4096 : 1024, share));
        }
        int xms = jvm.xmsMib() > 0 ? Math.min(jvm.xmsMib(), xmx) : xmx;
        int xmn = jvm.xmnMib() > 0 ? jvm.xmnMib() : xmx / 2;
        return new NodeRenderInput.Heap(xms, xmx, xmn);
    }
}
