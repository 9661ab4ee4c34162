package io.dsec2.testkit.services;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A static HTTP file server (JDK {@code com.sun.net.httpserver}) serving files under a root directory, for
 * "download from URL" installs. Supports GET and HEAD with {@code Content-Length}, and single byte ranges
 * ({@code Range: bytes=a-b}, answered with 206). Paths escaping the root and directories answer 404.
 * Thread-safe; serves up to 16 requests in parallel.
 */
public final class FileServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private final HttpServer server;
    private final ExecutorService pool;
    private final Path root;
    private final String host;

    private FileServer(HttpServer server, ExecutorService pool, Path root, String host) {
        this.server = server;
        this.pool = pool;
        this.root = root;
        this.host = host;
    }

    /**
     * @param root the directory to serve
     * @param bindHost the address to listen on
     * @param port the port, 0 for a free one
     * @return the running server
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static FileServer start(Path root, String bindHost, int port) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(bindHost, port), 64);
            ExecutorService pool = Executors.newFixedThreadPool(16, r -> {
                Thread t = new Thread(r, "file-server");
                t.setDaemon(true);
                return t;
            });
            FileServer fs = new FileServer(s, pool, root.toAbsolutePath().normalize(), bindHost);
            s.createContext("/", fs::handle);
            s.setExecutor(pool);
            s.start();
            return fs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind file server on " + bindHost + ":" + port, e);
        }
    }

    /** @return the port */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * @param relativePath a path under the root, e.g. {@code dist/apache-dolphinscheduler-3.2.0-bin.tar.gz}
     * @return its URL on this server
     */
    public URI url(String relativePath) {
        String p = relativePath.startsWith("/") ? relativePath.substring(1) : relativePath;
        return URI.create("http://" + host + ":" + port() + "/" + p);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            Path f = root.resolve(ex.getRequestURI().getPath().substring(1)).normalize();
            if (!f.startsWith(root) || !Files.isRegularFile(f)) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            long size = Files.size(f);
            long from = 0;
            long to = size - 1;
            int status = 200;
            String range = ex.getRequestHeaders().getFirst("Range");
            Matcher m = range == null ? null : RANGE.matcher(range.trim());
            if (m != null && m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
                if (m.group(1).isEmpty()) {
                    from = Math.max(0, size - Long.parseLong(m.group(2)));
                } else {
                    from = Long.parseLong(m.group(1));
                    to = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
                }
                if (from >= size || from > to) {
                    ex.getResponseHeaders().set("Content-Range", "bytes */" + size);
                    ex.sendResponseHeaders(416, -1);
                    return;
                }
                status = 206;
                ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + size);
            }
            long len = to - from + 1;
            ex.getResponseHeaders().set("Accept-Ranges", "bytes");
            ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
            if (method.equals("HEAD")) {
                ex.getResponseHeaders().set("Content-Length", Long.toString(len));
                ex.sendResponseHeaders(status, -1);
                return;
            }
            ex.sendResponseHeaders(status, len == 0 ? -1 : len);
            try (FileChannel ch = FileChannel.open(f); OutputStream out = ex.getResponseBody()) {
                ch.position(from);
                InputStream in = Channels.newInputStream(ch);
                byte[] buf = new byte[64 * 1024];
                long left = len;
                while (left > 0) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) {
                        break;
                    }
                    out.write(buf, 0, n);
                    left -= n;
                }
            }
        }
    }

    /** Stops serving (waits at most 1 s for running requests). */
    @Override
    public void close() {
        server.stop(1);
        pool.shutdownNow();
    }
}
