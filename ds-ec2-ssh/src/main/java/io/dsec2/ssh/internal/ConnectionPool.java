package io.dsec2.ssh.internal;

import io.dsec2.spi.RemoteHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * One reused connection per host ({@code user@address:port}), opened on first use and replaced when found dead.
 * Connections to different hosts open in parallel; callers for the same host wait for one attempt. When a jump
 * host is set, every other host is reached through the jump host's own pooled connection. Thread-safe.
 */
public final class ConnectionPool implements AutoCloseable {
    private final SshConnector connector;
    private final RemoteHost jumpHost;
    private final ConcurrentHashMap<String, HostConnection> connections = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param settings connection settings
     * @param knownHosts the cluster's known_hosts
     * @param jumpHost the jump host, or null
     * @param threads worker threads for connect attempts
     */
    public ConnectionPool(SshSettings settings, KnownHostsStore knownHosts, RemoteHost jumpHost,
            ExecutorService threads) {
        this.connector = new SshConnector(settings, knownHosts, threads);
        this.jumpHost = jumpHost;
    }

    /**
     * @param host a host
     * @param limit longest time to connect if no live connection exists
     * @return a live connection
     * @throws io.dsec2.exception.RemoteExecutionException if connecting fails
     * @throws IllegalStateException after {@link #close()}
     */
    public HostConnection get(RemoteHost host, Duration limit) {
        String key = key(host);
        HostConnection c = connections.get(key);
        if (c != null && c.alive()) {
            return c;
        }
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            checkOpen();
            c = connections.get(key);
            if (c != null && c.alive()) {
                return c;
            }
            if (c != null) {
                connections.remove(key, c);
                c.close();
            }
            HostConnection via = jumpHost == null || key(jumpHost).equals(key) ? null : get(jumpHost, limit);
            HostConnection fresh = connector.connect(host, via, limit);
            if (closed) {
                fresh.close();
                checkOpen();
            }
            connections.put(key, fresh);
            return fresh;
        }
    }

    /** @param connection a connection found dead; it is closed and forgotten */
    public void invalidate(HostConnection connection) {
        connections.remove(key(connection.host()), connection);
        connection.close();
    }

    /** @param host a host that is gone; its pooled connection, if any, is closed and forgotten */
    public void forget(RemoteHost host) {
        if (jumpHost != null && key(jumpHost).equals(key(host))) {
            return;
        }
        HostConnection c = connections.remove(key(host));
        if (c != null) {
            c.close();
        }
    }

    /** @return number of pooled connections (live or not yet found dead) */
    public int size() {
        return connections.size();
    }

    @Override
    public void close() {
        closed = true;
        List<HostConnection> all = new ArrayList<>(connections.values());
        connections.clear();
        // close tunnelled connections before the jump host's connection that carries them
        String jumpKey = jumpHost == null ? null : key(jumpHost);
        all.stream().filter(c -> !key(c.host()).equals(jumpKey)).forEach(HostConnection::close);
        all.stream().filter(c -> key(c.host()).equals(jumpKey)).forEach(HostConnection::close);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the SSH executor is closed");
        }
    }

    private static String key(RemoteHost host) {
        return host.user() + "@" + host.address() + ":" + host.port();
    }
}
