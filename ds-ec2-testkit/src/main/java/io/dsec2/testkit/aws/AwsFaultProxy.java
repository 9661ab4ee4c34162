package io.dsec2.testkit.aws;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP/1.1 reverse proxy in front of moto that answers a configurable fraction of requests with a fault
 * instead of forwarding them, so the SDK's retry paths get real exercise: moto itself never throttles.
 *
 * <p>Forwarded requests pass through byte for byte: any method, target, header (including {@code Host}, so
 * SigV4 signatures and presigned URLs stay valid) and body, streamed without buffering whatever the size, with
 * Content-Length or chunked framing. {@code Expect: 100-continue} is answered by the proxy itself (the header
 * still goes upstream; upstream interim answers are dropped), because moto's Werkzeug server sends its own
 * 100 answers unreliably.
 *
 * <p>Faults ({@link Fault}):
 * <ul>
 *   <li>{@link Fault#THROTTLING}: the throttling error in the called service's wire format: EC2
 *       {@code RequestLimitExceeded} (HTTP 503), ELBv2 and other query services {@code Throttling} (400), S3
 *       {@code SlowDown} (503), JSON services {@code ThrottlingException} (400). SDK v2 classifies all of them
 *       as throttling. The service is read from the SigV4 credential scope (Authorization header or
 *       {@code X-Amz-Credential} query parameter).</li>
 *   <li>{@link Fault#HTTP_503}: a 503 service-unavailable error in the same format.</li>
 *   <li>{@link Fault#CONNECTION_RESET}: the client connection is reset (SO_LINGER 0) without an answer.</li>
 *   <li>{@link Fault#UNAUTHORIZED}: the permission error (403) in the same format, which SDK v2 does not
 *       retry; only when chosen.</li>
 * </ul>
 * Requests under {@code /moto-api/} are never faulted. Each request is an independent draw: with probability
 * {@link #faultRate(double)} it gets a fault, of a kind drawn uniformly from {@link #faults(Set)}, provided
 * {@link #faultFilter(Predicate)} accepts it.
 *
 * <pre>{@code
 * try (MotoServer moto = MotoServer.start("127.0.0.1", 0, log);
 *      AwsFaultProxy proxy = AwsFaultProxy.start("127.0.0.1", 0, moto.endpoint())) {
 *     proxy.faultRate(0.2);
 *     Ec2Client ec2 = LocalAws.ec2(proxy.endpoint(), "us-east-1");  // SDK retries absorb the faults
 * }
 * }</pre>
 *
 * <p>Thread-safe: one daemon thread per client connection; the settings may change at any time.
 */
public final class AwsFaultProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AwsFaultProxy.class);
    private static final Pattern SCOPE = Pattern.compile("Credential=[^/,\\s]+/\\d{8}/([^/]+)/([^/]+)/aws4_request");
    private static final Pattern QUERY_SCOPE = Pattern.compile("^[^/]+/\\d{8}/([^/]+)/([^/]+)/aws4_request$");
    /** Largest form body read ahead to learn the Action before deciding on a fault. */
    private static final int MAX_INSPECTED_BODY = 1024 * 1024;
    private static final int IO_TIMEOUT_MS = 300_000;
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    /** A kind of injected fault. */
    public enum Fault {
        /** HTTP 503 service-unavailable error in the service's format. */
        HTTP_503,
        /** The service's throttling error (RequestLimitExceeded, Throttling, SlowDown, ThrottlingException). */
        THROTTLING,
        /** The connection is reset without an answer. */
        CONNECTION_RESET,
        /**
         * The service's permission error, which is not transient (EC2 {@code UnauthorizedOperation}, others
         * {@code AccessDenied}/{@code AccessDeniedException}, HTTP 403); never drawn unless chosen with
         * {@link #faults(Set)}.
         */
        UNAUTHORIZED;

        /** The transient kinds, the default of {@link #faults(Set)}. */
        public static final Set<Fault> TRANSIENT = Collections.unmodifiableSet(EnumSet.of(HTTP_503, THROTTLING,
                CONNECTION_RESET));
    }

    /**
     * What the proxy knows about a request when it decides on a fault, for {@link #faultFilter(Predicate)}.
     *
     * @param method the HTTP method
     * @param path the request path without the query string
     * @param service the SigV4 service name (for example {@code ec2}, {@code elasticloadbalancing}, {@code s3}),
     *        or null if the request is unsigned
     * @param region the SigV4 region, or null
     * @param action the API action (query protocol {@code Action}, JSON {@code X-Amz-Target} operation), or null
     *        if not known (S3, or a form body over 1 MiB)
     */
    public record Request(String method, String path, String service, String region, String action) {
    }

    /**
     * A snapshot of the counters.
     *
     * @param forwarded requests forwarded to the target (including moto-api ones)
     * @param injected faults injected, per kind (every kind present)
     */
    public record Stats(long forwarded, Map<Fault, Long> injected) {
        public Stats {
            injected = Collections.unmodifiableMap(new EnumMap<>(injected));
        }

        /** @return faults of that kind injected */
        public long injected(Fault kind) {
            return injected.getOrDefault(kind, 0L);
        }

        /** @return faults of all kinds injected */
        public long injectedTotal() {
            return injected.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final ServerSocket server;
    private final URI endpoint;
    private final InetSocketAddress target;
    private final ExecutorService threads;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong forwarded = new AtomicLong();
    private final Map<Fault, AtomicLong> injected = new EnumMap<>(Fault.class);
    private volatile double rate;
    private volatile Fault[] kinds = Fault.TRANSIENT.toArray(new Fault[0]);
    /** Cumulative probabilities per kind when set by {@link #faultRates(Map)}; null: uniform over {@link #kinds}. */
    private volatile double[] weights;
    private volatile Predicate<Request> filter = r -> true;
    private volatile Random random = new Random();
    private volatile boolean closed;

    private AwsFaultProxy(ServerSocket server, URI endpoint, InetSocketAddress target) {
        this.server = server;
        this.endpoint = endpoint;
        this.target = target;
        for (Fault f : Fault.values()) {
            injected.put(f, new AtomicLong());
        }
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "aws-fault-proxy-" + server.getLocalPort() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the proxy; it accepts connections at once.
     *
     * @param bindHost the address to listen on (loopback or a LocalCloud bridge address)
     * @param port the port, or 0 for a free one
     * @param target the upstream, {@code http://host:port} (for example {@link MotoServer#endpoint()})
     * @return the running proxy, with fault rate 0 and all fault kinds enabled
     * @throws UncheckedIOException if the port cannot be bound
     * @throws IllegalArgumentException if the target is not an http URI with host and port
     */
    public static AwsFaultProxy start(String bindHost, int port, URI target) {
        Objects.requireNonNull(target, "target");
        if (!"http".equalsIgnoreCase(target.getScheme()) || target.getHost() == null || target.getPort() <= 0) {
            throw new IllegalArgumentException("target must be http://host:port, got " + target);
        }
        ServerSocket ss;
        try {
            ss = new ServerSocket(port, 200, InetAddress.getByName(bindHost));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + bindHost + ":" + port, e);
        }
        String host = bindHost.contains(":") ? "[" + bindHost + "]" : bindHost;
        AwsFaultProxy proxy = new AwsFaultProxy(ss, URI.create("http://" + host + ":" + ss.getLocalPort()),
                new InetSocketAddress(target.getHost(), target.getPort()));
        Thread acceptor = new Thread(proxy::acceptLoop, "aws-fault-proxy-accept-" + ss.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.info("AWS fault proxy at {} -> {}", proxy.endpoint, target);
        return proxy;
    }

    /** @return where clients connect, {@code http://host:port} */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * Sets the fraction of requests answered with a fault instead of being forwarded.
     *
     * @param rate 0 (default: forward everything) to 1 (fault everything)
     * @throws IllegalArgumentException if outside 0..1
     */
    public void faultRate(double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("fault rate must be within 0..1, got " + rate);
        }
        this.rate = rate;
        this.weights = null;
    }

    /**
     * Sets a rate per fault kind, for production-like mixes such as 10 % throttling, 2 % 5xx and 1 % resets:
     * {@code faultRates(Map.of(THROTTLING, 0.10, HTTP_503, 0.02, CONNECTION_RESET, 0.01))}. Replaces
     * {@link #faultRate(double)} and {@link #faults(Set)}; either of those returns to one rate drawn uniformly.
     *
     * @param rates fraction of requests per kind; each at least 0, their sum at most 1
     * @throws IllegalArgumentException if a rate is negative, the sum exceeds 1, or the map is empty
     */
    public void faultRates(Map<Fault, Double> rates) {
        double sum = 0;
        for (double r : rates.values()) {
            if (!(r >= 0)) {
                throw new IllegalArgumentException("fault rates must be >= 0, got " + rates);
            }
            sum += r;
        }
        if (rates.isEmpty() || sum > 1) {
            throw new IllegalArgumentException("fault rates must name a kind and sum to at most 1, got " + rates);
        }
        Fault[] k = new EnumMap<>(rates).keySet().toArray(new Fault[0]);
        double[] cumulative = new double[k.length];
        double acc = 0;
        for (int i = 0; i < k.length; i++) {
            acc += rates.get(k[i]);
            cumulative[i] = acc;
        }
        synchronized (this) {
            this.kinds = k;
            this.weights = cumulative;
            this.rate = sum;
        }
    }

    /**
     * Sets the fault kinds drawn from (uniformly). Default: {@link Fault#TRANSIENT}.
     *
     * @throws IllegalArgumentException if empty
     */
    public void faults(Set<Fault> kinds) {
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("at least one fault kind is needed; use faultRate(0) for none");
        }
        this.kinds = EnumSet.copyOf(kinds).toArray(new Fault[0]);
        this.weights = null;
    }

    /**
     * Restricts faults to requests the predicate accepts, for example
     * {@code r -> "ec2".equals(r.service())} or {@code r -> "RunInstances".equals(r.action())}. Default: all.
     * The predicate runs on proxy threads and must be thread-safe and fast.
     */
    public void faultFilter(Predicate<Request> filter) {
        this.filter = Objects.requireNonNull(filter, "filter");
    }

    /** Re-seeds the random source, making the sequence of fault decisions reproducible for sequential use. */
    public void seed(long seed) {
        this.random = new Random(seed);
    }

    /** @return a snapshot of the counters */
    public Stats stats() {
        Map<Fault, Long> m = new EnumMap<>(Fault.class);
        injected.forEach((k, v) -> m.put(k, v.get()));
        return new Stats(forwarded.get(), m);
    }

    /** Sets all counters to zero. */
    public void resetStats() {
        forwarded.set(0);
        injected.values().forEach(v -> v.set(0));
    }

    /** Stops listening and closes every open connection. Idempotent. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing proxy listener", e);
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
        threads.shutdownNow();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("fault proxy accept failed; stopping", e);
                }
                return;
            }
            open.add(client);
            try {
                threads.execute(() -> serve(client));
            } catch (RuntimeException e) {
                open.remove(client);
                closeQuietly(client);
            }
        }
    }

    private void serve(Socket client) {
        Socket upstream = null;
        try {
            client.setSoTimeout(IO_TIMEOUT_MS);
            client.setTcpNoDelay(true);
            InputStream cin = new BufferedInputStream(client.getInputStream(), 65536);
            OutputStream cout = new BufferedOutputStream(client.getOutputStream(), 65536);
            InputStream uin = null;
            OutputStream uout = null;
            while (!closed) {
                HttpHead req = HttpHead.read(cin);
                if (req == null) {
                    return;
                }
                byte[] inspected = inspectBody(req, cin);
                Fault fault = decide(req, inspected);
                if (fault != null) {
                    injectFault(fault, req, inspected, client, cin, cout);
                    return;
                }
                if (upstream == null) {
                    upstream = new Socket();
                    open.add(upstream);
                    upstream.connect(target, 10_000);
                    upstream.setSoTimeout(IO_TIMEOUT_MS);
                    upstream.setTcpNoDelay(true);
                    uin = new BufferedInputStream(upstream.getInputStream(), 65536);
                    uout = new BufferedOutputStream(upstream.getOutputStream(), 65536);
                }
                forwarded.incrementAndGet();
                boolean keepUpstream = forward(req, inspected, cin, cout, uin, uout);
                if (!keepUpstream) {
                    open.remove(upstream);
                    closeQuietly(upstream);
                    upstream = null;
                }
                if (req.connectionClose() || req.http10()) {
                    return;
                }
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.debug("fault proxy connection ended: {}", e.toString());
            }
        } finally {
            if (upstream != null) {
                open.remove(upstream);
                closeQuietly(upstream);
            }
            open.remove(client);
            closeQuietly(client);
        }
    }

    /**
     * Forwards one request and relays its answer.
     *
     * @return true if the upstream connection may carry another request
     */
    private boolean forward(HttpHead req, byte[] inspected, InputStream cin, OutputStream cout, InputStream uin,
            OutputStream uout) throws IOException {
        uout.write(req.raw());
        boolean sentContinue = false;
        if (inspected != null) {
            uout.write(inspected);
        } else {
            if (req.expectsContinue()) {
                cout.write(CONTINUE);
                cout.flush();
                sentContinue = true;
            }
            uout.flush();
            req.copyRequestBody(cin, uout);
        }
        uout.flush();
        HttpHead resp;
        do {
            resp = HttpHead.read(uin);
            if (resp == null) {
                throw new IOException("upstream closed without answering " + req.startLine());
            }
            if (resp.status() >= 100 && resp.status() < 200 && resp.status() != 101) {
                if (!sentContinue) {
                    cout.write(resp.raw());
                }
                continue;
            }
            break;
        } while (true);
        cout.write(resp.raw());
        int status = resp.status();
        boolean noBody = "HEAD".equals(req.method()) || status == 204 || status == 304;
        boolean reusable = !resp.connectionClose() && !resp.http10();
        if (!noBody) {
            if (resp.chunked()) {
                HttpHead.copyChunked(uin, cout);
            } else if (resp.contentLength() >= 0) {
                HttpHead.copyExactly(uin, cout, resp.contentLength());
            } else {
                HttpHead.copyUntilEof(uin, cout);
                cout.flush();
                throw new IOException("close-delimited answer relayed; closing"); // client must see EOF
            }
        }
        cout.flush();
        if (resp.connectionClose()) {
            throw new IOException("upstream asked to close; closing client connection too");
        }
        return reusable;
    }

    /** Reads a small form body ahead (to learn its Action); returns null if the body stays in the stream. */
    private static byte[] inspectBody(HttpHead req, InputStream cin) throws IOException {
        String ct = req.header("Content-Type");
        long len = req.contentLength();
        if (ct == null || !ct.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")
                || req.chunked() || req.expectsContinue() || len <= 0 || len > MAX_INSPECTED_BODY) {
            return null;
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream((int) len);
        HttpHead.copyExactly(cin, buf, len);
        return buf.toByteArray();
    }

    private Fault decide(HttpHead req, byte[] inspected) {
        String target = req.target();
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        if (path.startsWith("/moto-api")) {
            return null;
        }
        double r;
        Fault[] k;
        double[] w;
        synchronized (this) {
            r = rate;
            k = kinds;
            w = weights;
        }
        if (r <= 0) {
            return null;
        }
        Random rnd = random;
        double draw;
        int which;
        synchronized (rnd) {
            draw = rnd.nextDouble();
            which = rnd.nextInt(k.length);
        }
        if (draw >= r) {
            return null;
        }
        if (w != null) {
            which = 0;
            while (which < w.length - 1 && draw >= w[which]) {
                which++;
            }
        }
        String[] scope = scope(req, q < 0 ? "" : target.substring(q + 1));
        Request info = new Request(req.method(), path, scope[0], scope[1],
                action(req, q < 0 ? "" : target.substring(q + 1), inspected));
        return filter.test(info) ? k[which] : null;
    }

    private void injectFault(Fault fault, HttpHead req, byte[] inspected, Socket client, InputStream cin,
            OutputStream cout) throws IOException {
        injected.get(fault).incrementAndGet();
        if (fault == Fault.CONNECTION_RESET) {
            LOG.debug("fault proxy: resetting connection for {}", req.startLine());
            client.setSoLinger(true, 0);
            client.close();
            return;
        }
        if (inspected == null && !req.expectsContinue()) {
            req.copyRequestBody(cin, null); // read the body so closing does not turn into a reset
        }
        String query = req.target().contains("?") ? req.target().substring(req.target().indexOf('?') + 1) : "";
        FaultAnswers.Protocol protocol = FaultAnswers.protocolOf(scope(req, query)[0], req);
        LOG.debug("fault proxy: answering {} with {} ({})", req.startLine(), fault, protocol);
        cout.write(FaultAnswers.answer(fault, protocol));
        cout.flush();
        client.shutdownOutput();
    }

    /** @return {service, region} from the SigV4 credential scope, elements null if unsigned */
    static String[] scope(HttpHead req, String query) {
        String auth = req.header("Authorization");
        if (auth != null) {
            Matcher m = SCOPE.matcher(auth);
            if (m.find()) {
                return new String[] {m.group(2), m.group(1)};
            }
        }
        String cred = queryParam(query, "X-Amz-Credential");
        if (cred != null) {
            Matcher m = QUERY_SCOPE.matcher(cred);
            if (m.find()) {
                return new String[] {m.group(2), m.group(1)};
            }
        }
        return new String[] {null, null};
    }

    private static String action(HttpHead req, String query, byte[] inspected) {
        String target = req.header("X-Amz-Target");
        if (target != null) {
            int dot = target.lastIndexOf('.');
            return dot < 0 ? target : target.substring(dot + 1);
        }
        String a = queryParam(query, "Action");
        if (a == null && inspected != null) {
            a = queryParam(new String(inspected, StandardCharsets.UTF_8), "Action");
        }
        return a;
    }

    private static String queryParam(String query, String name) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (String part : query.split("&")) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public String toString() {
        return "AwsFaultProxy[" + endpoint + " -> " + target + ", rate=" + rate + "]";
    }
}
