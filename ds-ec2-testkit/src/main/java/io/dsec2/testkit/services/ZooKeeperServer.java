package io.dsec2.testkit.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/**
 * A ZooKeeper server for the LocalCloud, built on Curator's {@link TestingServer} (embedded ZooKeeper 3.8),
 * listening on a chosen address so that hosts in network namespaces can reach it over the bridge.
 *
 * <p>Not thread-safe for concurrent lifecycle calls; {@link #connectString()} may be read from any thread.
 * The data directory is kept by {@link #stop()} and {@link #restart()}, and left in place by {@link #close()}
 * (it belongs to the caller).
 */
public final class ZooKeeperServer implements AutoCloseable {
    private final TestingServer server;
    private final String bindHost;
    private final int port;

    private ZooKeeperServer(TestingServer server, String bindHost, int port) {
        this.server = server;
        this.bindHost = bindHost;
        this.port = port;
    }

    /**
     * Starts a server.
     *
     * @param dataDir the snapshot/log directory (created if missing)
     * @param bindHost the address to listen on, e.g. {@code 127.0.0.1} or a bridge IP such as {@code 10.77.0.1}
     * @param port the client port, 0 for a free one
     * @return the running server
     * @throws IllegalStateException if it cannot start
     */
    public static ZooKeeperServer start(Path dataDir, String bindHost, int port) {
        try {
            Files.createDirectories(dataDir);
            int p = port == 0 ? freePort(bindHost) : port;
            // InstanceSpec(dataDir, port, electionPort, quorumPort, deleteDataDirectoryOnClose, serverId,
            //              tickTime, maxClientCnxns, customProperties, hostname)
            InstanceSpec spec = new InstanceSpec(dataDir.toFile(), p, -1, -1, false, 1, 2000, 1000,
                    java.util.Map.of("clientPortAddress", bindHost, "admin.enableServer", "false"), bindHost);
            TestingServer s = new TestingServer(spec, true);
            return new ZooKeeperServer(s, bindHost, p);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start ZooKeeper on " + bindHost + ":" + port + ": " + e, e);
        }
    }

    /** @return {@code host:port} using the bind address */
    public String connectString() {
        return bindHost + ":" + port;
    }

    /** @return the client port */
    public int port() {
        return port;
    }

    /** @return the bind address */
    public String host() {
        return bindHost;
    }

    /** Stops the server, keeping its data; sessions expire as clients notice. */
    public void stop() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Restarts a stopped server on the same address and port with the same data. */
    public void restart() {
        try {
            server.restart();
        } catch (Exception e) {
            throw new IllegalStateException("cannot restart ZooKeeper on " + connectString() + ": " + e, e);
        }
    }

    /** Stops the server for good. The data directory is left to its owner. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort(String bindHost) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(bindHost, 0));
            return s.getLocalPort();
        }
    }
}
