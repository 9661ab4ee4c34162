package io.dsec2.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP proxy in front of moto that answers a fixed share of AWS query-protocol calls (EC2, ELBv2) with
 * the throttling error real AWS sends: EC2 {@code RequestLimitExceeded}, ELB {@code Throttling}, both HTTP 400.
 * Of every {@code period} requests, the first {@code period - 1} are throttled and the last is forwarded, so each
 * call succeeds on its {@code period}-th attempt. JSON-protocol calls (SSM) pass untouched. The library under test is pointed at it with an ordinary
 * endpoint override.
 */
final class ThrottlingProxy implements AutoCloseable {
    private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive");
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI target;
    private final int period;
    private final AtomicInteger counter = new AtomicInteger();
    private final Map<String, AtomicInteger> throttled = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> forwarded = new ConcurrentHashMap<>();

    ThrottlingProxy(URI target, int period) throws IOException {
        this.target = target;
        this.period = period;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** @return throttled answers per action */
    int throttled(String action) {
        return throttled.getOrDefault(action, new AtomicInteger()).get();
    }

    /** @return forwarded requests per action */
    int forwarded(String action) {
        return forwarded.getOrDefault(action, new AtomicInteger()).get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            String action = action(new String(body, StandardCharsets.UTF_8));
            boolean elb = new String(body, StandardCharsets.UTF_8).contains("Version=2015-12-01");
            boolean query = !"?".equals(action);   // JSON-protocol services (SSM) pass untouched
            if (query && counter.getAndIncrement() % period != period - 1) {
                throttled.computeIfAbsent(action, a -> new AtomicInteger()).incrementAndGet();
                String xml = elb
                        ? "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded"
                          + "</Message></Error><RequestId>proxy-1</RequestId></ErrorResponse>"
                        : "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded."
                          + "</Message></Error></Errors><RequestID>proxy-1</RequestID></Response>";
                send(ex, 400, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
                return;
            }
            forwarded.computeIfAbsent(action, a -> new AtomicInteger()).incrementAndGet();
            HttpRequest.Builder rb = HttpRequest.newBuilder(target.resolve(ex.getRequestURI().toString()))
                    .timeout(Duration.ofSeconds(30))
                    .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            ex.getRequestHeaders().forEach((k, vs) -> {
                if (!HOP_HEADERS.contains(k.toLowerCase(Locale.ROOT))) {
                    vs.forEach(v -> rb.header(k, v));
                }
            });
            HttpResponse<byte[]> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
            send(ex, r.statusCode(), r.headers().firstValue("content-type").orElse("text/xml"), r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().put("Content-Type", List.of(type));
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static String action(String form) {
        for (String kv : form.split("&")) {
            if (kv.startsWith("Action=")) {
                return URLDecoder.decode(kv.substring(7), StandardCharsets.UTF_8);
            }
        }
        return "?";
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
