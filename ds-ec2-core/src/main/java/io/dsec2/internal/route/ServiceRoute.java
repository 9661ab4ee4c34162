package io.dsec2.internal.route;

import java.util.Objects;

/**
 * The route chosen to one service and why, for plan and verbose output: for example
 * {@code 10.0.1.10:2181 through an SSH tunnel (deployment.access is auto; a direct TCP connect got no answer within
 * 2000 ms)}.
 *
 * @param host the service's host name or address, as the spec names it
 * @param port the service's TCP port
 * @param kind direct or through an SSH tunnel
 * @param reason why, in words: the access mode and, when it probed, what the probe saw
 */
public record ServiceRoute(String host, int port, Kind kind, String reason) {
    /** Which way the bytes go. */
    public enum Kind {
        /** A TCP connection from the client straight to the service. */
        DIRECT,
        /** Through an SSH tunnel (local port forward) over a host that reaches the service. */
        TUNNEL
    }

    /**
     * @throws NullPointerException if a component is null
     */
    public ServiceRoute {
        Objects.requireNonNull(host, "host must not be null");
        Objects.requireNonNull(kind, "kind must not be null");
        Objects.requireNonNull(reason, "reason must not be null");
    }

    /** @return {@code host:port}, with an IPv6 address in brackets */
    public String target() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return target() + (kind == Kind.DIRECT ? " direct" : " through an SSH tunnel") + " (" + reason + ")";
    }
}
