package io.dsec2.spi;

import java.util.Objects;

/**
 * A TCP service to reach through an SSH host: the host the tunnel goes through ({@link #via()}, a cluster node or
 * the jump host) and the service's {@code host:port} as that SSH host sees it (a private address, or a name that
 * host resolves).
 *
 * <pre>{@code
 * TunnelRequest zk = TunnelRequest.of(jumpHost, "10.0.1.10", 2181);
 * InetSocketAddress local = tunnels.open(zk);   // 127.0.0.1:<ephemeral port>
 * }</pre>
 *
 * <p>Two requests are equal when they name the same SSH endpoint ({@link RemoteHost#equals}) and the same target;
 * a {@link ServiceTunnels} keeps one tunnel per SSH login ({@code user@address:port}) and target. Immutable and
 * thread-safe.
 */
public final class TunnelRequest {
    private final RemoteHost via;
    private final String targetHost;
    private final int targetPort;

    private TunnelRequest(RemoteHost via, String targetHost, int targetPort) {
        this.via = Objects.requireNonNull(via, "via must not be null");
        this.targetHost = Objects.requireNonNull(targetHost, "targetHost must not be null");
        if (targetHost.isBlank() || !targetHost.equals(targetHost.strip())) {
            throw new IllegalArgumentException("targetHost must be a host name or address without blanks, was '"
                    + targetHost + "'");
        }
        if (targetPort < 1 || targetPort > 65535) {
            throw new IllegalArgumentException("targetPort must be 1..65535, was " + targetPort);
        }
        this.targetPort = targetPort;
    }

    /**
     * @param via the SSH host the tunnel goes through; it must reach {@code targetHost:targetPort}
     * @param targetHost the service's host name or address, as {@code via} resolves and reaches it
     * @param targetPort the service's TCP port, 1..65535
     * @return the request
     * @throws IllegalArgumentException if the host is blank or the port out of range
     */
    public static TunnelRequest of(RemoteHost via, String targetHost, int targetPort) {
        return new TunnelRequest(via, targetHost, targetPort);
    }

    /** @return the SSH host the tunnel goes through */
    public RemoteHost via() {
        return via;
    }

    /** @return the service's host name or address, as {@link #via()} sees it */
    public String targetHost() {
        return targetHost;
    }

    /** @return the service's TCP port, 1..65535 */
    public int targetPort() {
        return targetPort;
    }

    /** @return {@code targetHost:targetPort}, with an IPv6 address in brackets */
    public String target() {
        return (targetHost.contains(":") ? "[" + targetHost + "]" : targetHost) + ":" + targetPort;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TunnelRequest)) {
            return false;
        }
        TunnelRequest r = (TunnelRequest) o;
        return targetPort == r.targetPort && via.equals(r.via) && targetHost.equals(r.targetHost);
    }

    @Override
    public int hashCode() {
        return Objects.hash(via, targetHost, targetPort);
    }

    @Override
    public String toString() {
        return target() + " via " + via;
    }
}
