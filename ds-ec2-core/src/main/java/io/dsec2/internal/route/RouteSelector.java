package io.dsec2.internal.route;

import io.dsec2.model.AccessMode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses, per target {@code host:port}, between a direct connection and an SSH tunnel, following
 * {@code deployment.access}: {@link AccessMode#DIRECT} is always direct and {@link AccessMode#SSH} always a tunnel,
 * without touching the network; {@link AccessMode#AUTO} tries one TCP connect from the client, closed at once, and
 * goes direct if it is accepted within {@link #probeTimeout()}, through a tunnel otherwise (refused, no answer, no
 * route, or a name that does not resolve here). The decision is made once per target and kept for the life of this
 * object, which is meant to be one operation: a later run probes afresh.
 *
 * <p>The probe opens and closes a TCP connection and sends nothing; the name lookup before it is not bounded by the
 * probe timeout (it takes the resolver's own). Thread-safe: concurrent calls for one target probe once, calls for
 * different targets probe in parallel.
 */
public final class RouteSelector {
    /** Default limit of the direct probe: 2 s, well above a round trip inside one region. */
    public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(RouteSelector.class);

    private final AccessMode mode;
    private final Duration probeTimeout;
    private final ConcurrentHashMap<String, ServiceRoute> decided = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    /**
     * @param mode {@code deployment.access}
     * @param probeTimeout limit of the direct TCP connect in {@link AccessMode#AUTO}; positive, whole milliseconds
     *        (see {@link #DEFAULT_PROBE_TIMEOUT})
     * @throws IllegalArgumentException if the timeout is not at least 1 ms
     */
    public RouteSelector(AccessMode mode, Duration probeTimeout) {
        this.mode = Objects.requireNonNull(mode, "mode must not be null");
        this.probeTimeout = Objects.requireNonNull(probeTimeout, "probeTimeout must not be null");
        if (probeTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("probeTimeout must be at least 1 ms, was " + probeTimeout);
        }
    }

    /** @return the access mode */
    public AccessMode mode() {
        return mode;
    }

    /** @return the limit of the direct probe */
    public Duration probeTimeout() {
        return probeTimeout;
    }

    /**
     * @param host the service's host name or address
     * @param port its TCP port, 1..65535
     * @return the route to it, decided by the first call for this target and the same object afterwards
     * @throws IllegalArgumentException if the host is blank or the port out of range
     */
    public ServiceRoute select(String host, int port) {
        Objects.requireNonNull(host, "host must not be null");
        if (host.isBlank() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("a target needs a host and a port 1..65535, was " + host + ":" + port);
        }
        String key = host + ":" + port;
        ServiceRoute known = decided.get(key);
        if (known != null) {
            return known;
        }
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            return decided.computeIfAbsent(key, k -> decide(host, port));
        }
    }

    private ServiceRoute decide(String host, int port) {
        switch (mode) {
            case DIRECT:
                return new ServiceRoute(host, port, ServiceRoute.Kind.DIRECT, "deployment.access is direct");
            case SSH:
                return new ServiceRoute(host, port, ServiceRoute.Kind.TUNNEL, "deployment.access is ssh");
            default:
                ServiceRoute route = probe(host, port);
                LOG.debug("route to {}", route);
                return route;
        }
    }

    private ServiceRoute probe(String host, int port) {
        String auto = "deployment.access is auto; ";
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            return new ServiceRoute(host, port, ServiceRoute.Kind.TUNNEL, auto + "the name does not resolve here");
        }
        long started = System.nanoTime();
        Socket socket = new Socket();
        try {
            socket.connect(address, (int) Math.min(Integer.MAX_VALUE, probeTimeout.toMillis()));
            return new ServiceRoute(host, port, ServiceRoute.Kind.DIRECT, auto + "a direct TCP connect answered in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms");
        } catch (SocketTimeoutException e) {
            return new ServiceRoute(host, port, ServiceRoute.Kind.TUNNEL, auto + "a direct TCP connect got no answer"
                    + " within " + probeTimeout.toMillis() + " ms");
        } catch (IOException e) {
            // ConnectException "Connection refused" (an RST: nothing listens there, or a firewall rejects),
            // NoRouteToHostException, "Network is unreachable"
            return new ServiceRoute(host, port, ServiceRoute.Kind.TUNNEL, auto + "a direct TCP connect failed ("
                    + e.getMessage() + ")");
        } finally {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.trace("closing the probe socket to {}:{}: {}", host, port, e.toString());
            }
        }
    }
}
