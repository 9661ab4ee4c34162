package io.dsec2.ssh.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One local port forward: a listener on 127.0.0.1 and an ephemeral port, and for every TCP connection accepted
 * there, a direct-tcpip channel (RFC 4254 section 7.2) opened by {@link ChannelOpener} and two pumps copying bytes
 * both ways. Half-closes pass through (end of input on one side becomes EOF on the other); the pair is closed when
 * both directions have ended or either fails. The listener does not depend on any one SSH connection: each
 * accepted connection asks the opener for a channel, so it keeps its port across reconnects. Thread-safe.
 */
final class ForwardedPort implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(ForwardedPort.class);
    private static final int BUFFER_BYTES = 32 * 1024;

    /** Opens a channel to the target on a live SSH connection. */
    interface ChannelOpener {
        /**
         * @return an open direct-tcpip channel to the target
         * @throws IOException if the channel cannot be opened (the target refused, or the connection is gone)
         */
        DirectConnection open() throws IOException;
    }

    private final String name;
    private final ChannelOpener opener;
    private final ExecutorService threads;
    private final ServerSocket server;
    private final Set<Closeable> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean warned = new AtomicBoolean();
    private volatile boolean accepting = true;

    /**
     * Binds the listener and starts accepting on one of {@code threads}.
     *
     * @param name what the port forwards to, for logs (no secrets)
     * @param opener opens a channel per accepted connection
     * @param threads runs the acceptor and two pumps per connection
     * @throws IOException if no loopback port can be bound
     */
    ForwardedPort(String name, ChannelOpener opener, ExecutorService threads) throws IOException {
        this.name = name;
        this.opener = opener;
        this.threads = threads;
        this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        try {
            threads.execute(this::acceptLoop);
        } catch (RejectedExecutionException e) {
            server.close();
            throw new IOException("the SSH executor's threads are shut down", e);
        }
    }

    /** @return 127.0.0.1 and the listener's port */
    InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    /** @return true while the listener accepts connections */
    boolean accepting() {
        return accepting && !server.isClosed();
    }

    /** Stops listening and ends every forwarded connection; safe to call more than once. */
    @Override
    public void close() {
        accepting = false;
        closeQuietly(server);
        open.forEach(ForwardedPort::closeQuietly);
        open.clear();
    }

    private void acceptLoop() {
        try {
            while (!server.isClosed()) {
                Socket socket = server.accept();
                try {
                    threads.execute(() -> forward(socket));
                } catch (RejectedExecutionException e) {
                    closeQuietly(socket);
                    break;
                }
            }
        } catch (IOException e) {
            if (!server.isClosed()) {
                LOG.debug("tunnel to {}: listener {} failed: {}", name, address(), e.toString());
            }
        } finally {
            accepting = false;
            closeQuietly(server);
        }
    }

    private void forward(Socket socket) {
        DirectConnection channel;
        try {
            socket.setTcpNoDelay(true);
            channel = opener.open();
        } catch (IOException | RuntimeException e) {
            if (warned.compareAndSet(false, true)) {
                LOG.warn("tunnel to {}: a connection on {} was closed, no channel could be opened ({}): the target"
                        + " may be down or unreachable from the SSH host, or its sshd may forbid forwarding"
                        + " (AllowTcpForwarding); later failures of this tunnel are logged at debug level", name,
                        address(), e.toString());
            } else {
                LOG.debug("tunnel to {}: no channel for a connection on {}: {}", name, address(), e.toString());
            }
            closeQuietly(socket);
            return;
        }
        open.add(socket);
        open.add(channel);
        if (!accepting) {
            end(socket, channel);
            return;
        }
        AtomicInteger directions = new AtomicInteger(2);
        try {
            threads.execute(() -> pump(socket, channel, true, directions));
        } catch (RejectedExecutionException e) {
            end(socket, channel);
            return;
        }
        pump(socket, channel, false, directions);
    }

    private void pump(Socket socket, DirectConnection channel, boolean outbound, AtomicInteger directions) {
        boolean failed = false;
        try {
            InputStream in = outbound ? socket.getInputStream() : channel.getInputStream();
            OutputStream out = outbound ? channel.getOutputStream() : socket.getOutputStream();
            byte[] buffer = new byte[BUFFER_BYTES];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
            if (outbound) {
                out.close(); // sends SSH_MSG_CHANNEL_EOF
            } else {
                socket.shutdownOutput();
            }
        } catch (IOException | RuntimeException e) {
            failed = true;
            LOG.trace("tunnel to {}: {} ended: {}", name, outbound ? "outbound" : "inbound", e.toString());
        }
        if (failed || directions.decrementAndGet() == 0) {
            end(socket, channel);
        }
    }

    private void end(Socket socket, DirectConnection channel) {
        open.remove(socket);
        open.remove(channel);
        closeQuietly(socket);
        closeQuietly(channel);
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            LOG.trace("close: {}", e.toString());
        }
    }
}
