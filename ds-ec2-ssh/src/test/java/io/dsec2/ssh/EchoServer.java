package io.dsec2.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP echo server on 127.0.0.1 and an ephemeral port, for tunnel tests: every accepted connection gets back what
 * it sends, and its socket is closed once the client ends its output. Records the client port of every accepted
 * connection, so a test can find out which process made it.
 */
final class EchoServer implements AutoCloseable {
    private final ServerSocket server;
    private final List<Integer> clientPorts = new CopyOnWriteArrayList<>();

    EchoServer() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread t = new Thread(this::acceptLoop, "echo-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** @return the client-side ports of the connections accepted so far, in order */
    List<Integer> clientPorts() {
        return List.copyOf(clientPorts);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                clientPorts.add(s.getPort());
                Thread t = new Thread(() -> echo(s), "echo-conn-" + s.getPort());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void echo(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the peer went away; nothing to echo
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
