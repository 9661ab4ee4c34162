package io.dsec2.spi;

import java.net.InetSocketAddress;

/**
 * Local ends of SSH tunnels (local port forwarding) to services that only cluster hosts reach, such as ZooKeeper
 * or the metadata database in private subnets. Made by {@link RemoteExecutor#newTunnels()}; the caller owns it and
 * closes it when its operation ends.
 *
 * <p><b>Lifecycle:</b> a tunnel is opened by the first {@link #open} for its {@link TunnelRequest} (the SSH login
 * {@code user@address:port} of {@link TunnelRequest#via()} and the target {@code host:port}) and is then reused by
 * every caller that asks for the same request: they get the same local address. Each TCP connection made to that
 * address is carried by its own channel over the SSH connection to {@code via}. When that SSH connection breaks,
 * connections in flight through it end (the client sees the socket closed); the next {@link #open} (or the next
 * connection to the local address) finds it dead and reconnects, so a caller that retries after calling
 * {@link #open} again gets a working tunnel. {@link #close()} stops listening on every local address and ends the
 * connections through them; it never touches the hosts or the services.
 *
 * <p><b>Thread safety:</b> implementations must be safe for concurrent use; concurrent {@link #open} calls for one
 * request open one tunnel.
 *
 * <p><b>Errors:</b> a host that cannot be reached or logged in to is a
 * {@link io.dsec2.exception.RemoteExecutionException} (retryable for connection problems), a refused host key a
 * {@link io.dsec2.exception.HostKeyVerificationException}. Whether {@code via} reaches the target is known only when
 * a connection to the local address is made: a target that refuses shows up there as a connection closed at once.
 *
 * <pre>{@code
 * try (ServiceTunnels tunnels = executor.newTunnels()) {
 *     InetSocketAddress zk = tunnels.open(TunnelRequest.of(jumpHost, "10.0.1.10", 2181));
 *     // connect a ZooKeeper client to zk.getHostString() + ":" + zk.getPort()
 * }
 * }</pre>
 */
public interface ServiceTunnels extends AutoCloseable {

    /**
     * Returns the local end of the tunnel for the request, opening it (or reopening what broke) first.
     *
     * @param request the SSH host to go through and the target
     * @return a loopback address ({@code 127.0.0.1} and an ephemeral port) that forwards to the target; the same
     *         address for the same request while this object is open
     * @throws io.dsec2.exception.RemoteExecutionException if the SSH host cannot be reached or logged in to
     * @throws io.dsec2.exception.HostKeyVerificationException if its host key is refused
     * @throws IllegalStateException after {@link #close()}
     */
    InetSocketAddress open(TunnelRequest request);

    /** Closes every tunnel (local listeners and forwarded connections); may be called more than once. */
    @Override
    void close();
}
