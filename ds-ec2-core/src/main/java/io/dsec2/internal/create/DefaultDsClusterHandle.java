package io.dsec2.internal.create;

import io.dsec2.DsClusterHandle;
import io.dsec2.internal.ds.Ds320Profile;
import io.dsec2.model.ClusterNode;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.NodeRole;
import io.dsec2.spi.CloudInstance;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** The handle a successful create returns; owns the operation's local resources (SSH, SDK clients). */
final class DefaultDsClusterHandle implements DsClusterHandle {
    private final ClusterSpec spec;
    private final List<ClusterNode> nodes;
    private final String lbDns;
    private final Duration duration;
    private final Wiring wiring;
    private final AtomicBoolean closed = new AtomicBoolean();

    DefaultDsClusterHandle(CreateContext ctx, Duration duration, Wiring wiring) {
        this.spec = ctx.spec;
        this.duration = duration;
        this.wiring = wiring;
        this.lbDns = ctx.loadBalancer == null ? null : ctx.loadBalancer.dnsName();
        List<ClusterNode> list = new ArrayList<>();
        for (PlannedNode n : ctx.nodes) {
            CloudInstance i = ctx.instance(n);
            list.add(ClusterNode.of(n.nodeId(), n.role(), i.instanceId(), i.privateIp(), i.publicIp().orElse(null),
                    i.availabilityZone(), i.instanceType(), "UP"));
        }
        this.nodes = List.copyOf(list);
    }

    @Override
    public String clusterId() {
        return spec.name();
    }

    @Override
    public ClusterSpec spec() {
        return spec;
    }

    @Override
    public List<ClusterNode> nodes() {
        return nodes;
    }

    @Override
    public Optional<String> loadBalancerDns() {
        return Optional.ofNullable(lbDns);
    }

    @Override
    public URI uiUrl() {
        String scheme = spec.loadBalancer().certificateArn().isPresent() ? "https://" : "http://";
        return lbDns != null ? URI.create(scheme + lbDns + Ds320Profile.API_CONTEXT + "/ui/")
                : URI.create(apiUrl() + "/ui/");
    }

    @Override
    public URI apiUrl() {
        ClusterNode api = nodes.stream().filter(n -> n.role() == NodeRole.API).findFirst().orElseThrow();
        return URI.create("http://" + api.privateIp() + ":" + NodeRole.API.httpPort() + Ds320Profile.API_CONTEXT);
    }

    @Override
    public Duration duration() {
        return duration;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            wiring.close();
        }
    }

    @Override
    public String toString() {
        return "DsClusterHandle{" + spec.name() + ", " + nodes.size() + " nodes}";
    }
}
