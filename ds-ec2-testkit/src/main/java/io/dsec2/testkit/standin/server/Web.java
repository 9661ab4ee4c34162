package io.dsec2.testkit.standin.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/** HTTP helpers for the stand-in servers (JDK HttpServer and HttpClient). Thread-safe. */
public final class Web {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Web() {
    }

    /** A request handler returning {@code true} when it handled the exchange. */
    @FunctionalInterface
    public interface Route {
        void handle(HttpExchange ex, Map<String, String> params) throws Exception;
    }

    /**
     * Binds an HTTP server on all addresses (as Spring Boot and Netty do by default).
     *
     * @throws IllegalStateException "Port N was already in use" like Spring Boot's message
     */
    public static HttpServer bind(int port, Route route) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(port), 64);
            s.setExecutor(Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "http-" + port);
                t.setDaemon(true);
                return t;
            }));
            s.createContext("/", ex -> {
                try (ex) {
                    route.handle(ex, params(ex));
                } catch (Exception e) {
                    Log.error("org.apache.dolphinscheduler.standin.Web", "request " + ex.getRequestURI() + " failed", e);
                    try {
                        send(ex, 500, Map.of("code", 10000, "msg", "Internal Server Error: " + e.getMessage()));
                    } catch (IOException ignored) {
                        // response already started
                    }
                }
            });
            s.start();
            return s;
        } catch (BindException e) {
            throw new IllegalStateException("Web server failed to start. Port " + port + " was already in use.", e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind port " + port + ": " + e.getMessage(), e);
        }
    }

    /** @return query and form (urlencoded body) parameters */
    public static Map<String, String> params(HttpExchange ex) throws IOException {
        Map<String, String> p = new LinkedHashMap<>();
        decode(ex.getRequestURI().getRawQuery(), p);
        String ct = ex.getRequestHeaders().getFirst("Content-Type");
        if (ct != null && ct.startsWith("application/x-www-form-urlencoded")) {
            try (InputStream in = ex.getRequestBody()) {
                decode(new String(in.readAllBytes(), StandardCharsets.UTF_8), p);
            }
        }
        return p;
    }

    private static void decode(String q, Map<String, String> out) {
        if (q == null || q.isEmpty()) {
            return;
        }
        for (String kv : q.split("&")) {
            int eq = kv.indexOf('=');
            String k = eq < 0 ? kv : kv.substring(0, eq);
            String v = eq < 0 ? "" : kv.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
    }

    /** Sends a JSON response. */
    public static void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] b = Json.write(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    /** Sends raw bytes. */
    public static void sendBytes(HttpExchange ex, int status, String type, byte[] b) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        }
    }

    /**
     * POSTs to another stand-in server.
     *
     * @return the response body
     * @throws IOException if it fails or answers non-2xx
     */
    public static String post(String url) throws IOException {
        try {
            HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IOException(url + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
