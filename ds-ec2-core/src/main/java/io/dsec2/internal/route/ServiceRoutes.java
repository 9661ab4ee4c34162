package io.dsec2.internal.route;

import io.dsec2.spi.RemoteHost;
import io.dsec2.spi.ServiceTunnels;
import io.dsec2.spi.TunnelRequest;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where to connect to reach a private service during one operation: the target itself when its
 * {@link RouteSelector route} is direct, otherwise the local end of an SSH tunnel over {@link #via()}. Tunnels come
 * from {@link ServiceTunnels#open} on every call, so one that broke is reopened before the caller connects again;
 * a caller that retries a step after a broken connection asks for the address again. Does not own the tunnels: the
 * operation that made them closes them. Thread-safe.
 *
 * <pre>{@code
 * try (ServiceTunnels tunnels = executor.newTunnels()) {
 *     ServiceRoutes routes = new ServiceRoutes(new RouteSelector(AccessMode.AUTO, RouteSelector.DEFAULT_PROBE_TIMEOUT),
 *             tunnels, jumpHost);
 *     InetSocketAddress zk = routes.address("10.0.1.10", 2181);
 * }
 * }</pre>
 */
public final class ServiceRoutes {
    private final RouteSelector selector;
    private final ServiceTunnels tunnels;
    private final RemoteHost via;

    /**
     * @param selector decides direct or tunnel, once per target
     * @param tunnels opens and reuses the tunnels
     * @param via the SSH host tunnels go through: the jump host, or a cluster node that reaches the services
     */
    public ServiceRoutes(RouteSelector selector, ServiceTunnels tunnels, RemoteHost via) {
        this.selector = Objects.requireNonNull(selector, "selector must not be null");
        this.tunnels = Objects.requireNonNull(tunnels, "tunnels must not be null");
        this.via = Objects.requireNonNull(via, "via must not be null");
    }

    /** @return the SSH host tunnels go through */
    public RemoteHost via() {
        return via;
    }

    /**
     * @param host the service's host name or address, as the spec names it
     * @param port its TCP port
     * @return the route (decided on the first call for the target)
     */
    public ServiceRoute route(String host, int port) {
        return selector.select(host, port);
    }

    /**
     * @param host the service's host name or address, as the spec names it
     * @param port its TCP port
     * @return the address to connect to: {@code host:port} itself (resolved) for a direct route, the tunnel's local
     *         end ({@code 127.0.0.1} and an ephemeral port) otherwise
     * @throws io.dsec2.exception.RemoteExecutionException if the tunnel cannot be opened (its message names the
     *         target and the SSH host)
     */
    public InetSocketAddress address(String host, int port) {
        ServiceRoute route = selector.select(host, port);
        if (route.kind() == ServiceRoute.Kind.DIRECT) {
            return new InetSocketAddress(host, port);
        }
        return tunnels.open(TunnelRequest.of(via, host, port));
    }

    /**
     * @param host the service's host name or address
     * @param port its TCP port
     * @return the route in words for plan and verbose output, naming the SSH host of a tunnel
     */
    public String describe(String host, int port) {
        ServiceRoute route = selector.select(host, port);
        return route.kind() == ServiceRoute.Kind.DIRECT ? route.toString()
                : route.target() + " through an SSH tunnel over " + via + " (" + route.reason() + ")";
    }
}
