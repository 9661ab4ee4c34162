package io.dsec2.ssh.internal;

import io.dsec2.exception.HostKeyVerificationException;
import io.dsec2.exception.RemoteExecutionException;
import io.dsec2.spi.RemoteHost;
import io.dsec2.spi.ServiceTunnels;
import io.dsec2.spi.TunnelRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ServiceTunnels} over the executor's {@link ConnectionPool}: one {@link ForwardedPort} per SSH login and
 * target, whose channels ride on the pooled connection to the {@code via} host (so a tunnel adds no SSH
 * connection, and a host behind the jump host is reached through it). {@link #open} makes sure that connection is
 * alive (the pool reconnects a dead one) and that the listener still accepts (one that stopped is replaced by a new
 * one, on a new port). A channel that fails to open on a connection that turns out dead is opened once more on a
 * fresh connection. Direct-tcpip channels do not count against sshd's MaxSessions, so tunnels take none of the
 * command permits of {@link HostConnection}. Thread-safe.
 */
public final class SshTunnels implements ServiceTunnels {
    private static final Logger LOG = LoggerFactory.getLogger(SshTunnels.class);

    private final ConnectionPool pool;
    private final ExecutorService threads;
    private final Duration connectTimeout;
    private final Consumer<SshTunnels> onClose;
    private final ConcurrentHashMap<String, ForwardedPort> ports = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param pool the executor's connections
     * @param threads the executor's threads: one acceptor per tunnel and two per forwarded connection
     * @param connectTimeout limit for connect and login when a connection has to be (re)opened
     * @param onClose called with these tunnels by the first {@link #close()} (the executor forgets them)
     */
    public SshTunnels(ConnectionPool pool, ExecutorService threads, Duration connectTimeout,
            Consumer<SshTunnels> onClose) {
        this.pool = pool;
        this.threads = threads;
        this.connectTimeout = connectTimeout;
        this.onClose = onClose;
    }

    @Override
    public InetSocketAddress open(TunnelRequest request) {
        Objects.requireNonNull(request, "request must not be null");
        String key = key(request);
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            checkOpen();
            connection(request);
            ForwardedPort port = ports.get(key);
            if (port != null && port.accepting()) {
                return port.address();
            }
            if (port != null) {
                LOG.debug("tunnel to {}: listener {} stopped; opening a new one", request, port.address());
                ports.remove(key, port);
                port.close();
            }
            ForwardedPort fresh;
            try {
                fresh = new ForwardedPort(request.toString(), () -> channel(request), threads);
            } catch (IOException e) {
                throw new RemoteExecutionException("cannot listen on a loopback port for the tunnel to "
                        + request.target() + ": " + e.getMessage(), request.via().toString(), null, null, null, e,
                        false);
            }
            ports.put(key, fresh);
            if (closed) {
                fresh.close();
                checkOpen();
            }
            LOG.debug("tunnel to {} listens on {}", request, fresh.address());
            return fresh.address();
        }
    }

    /** @return number of tunnels whose listener accepts connections */
    public int openTunnels() {
        return (int) ports.values().stream().filter(ForwardedPort::accepting).count();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<ForwardedPort> all = new ArrayList<>(ports.values());
        ports.clear();
        all.forEach(ForwardedPort::close);
        onClose.accept(this);
    }

    private void connection(TunnelRequest request) {
        try {
            pool.get(request.via(), connectTimeout);
        } catch (HostKeyVerificationException e) {
            throw e;
        } catch (RemoteExecutionException e) {
            throw new RemoteExecutionException("cannot open the SSH tunnel to " + request.target() + ": "
                    + e.getMessage(), request.via().toString(), null, null, null, e, e.retryable());
        }
    }

    private DirectConnection channel(TunnelRequest request) throws IOException {
        RemoteHost via = request.via();
        HostConnection c = pool.get(via, connectTimeout);
        try {
            return c.client().newDirectConnection(request.targetHost(), request.targetPort());
        } catch (IOException e) {
            if (!c.deadAfter(e)) {
                throw e;
            }
            LOG.debug("connection to {} was dead when the tunnel to {} needed a channel; reconnecting once", via,
                    request.target());
            pool.invalidate(c);
            return pool.get(via, connectTimeout).client().newDirectConnection(request.targetHost(),
                    request.targetPort());
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the SSH tunnels are closed");
        }
    }

    private static String key(TunnelRequest r) {
        RemoteHost via = r.via();
        return via.user() + "@" + via.address() + ":" + via.port() + "->" + r.target();
    }
}
