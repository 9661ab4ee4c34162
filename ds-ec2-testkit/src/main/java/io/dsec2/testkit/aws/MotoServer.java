package io.dsec2.testkit.aws;

import io.dsec2.testkit.internal.ProjectPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A moto server ({@code moto_server}, installed by {@code scripts/setup.sh} into the project's {@code .venv})
 * running as a child process: the LocalCloud's AWS APIs, spoken to with the ordinary SDK and an endpoint
 * override.
 *
 * <p>Key-pair and AMI validation are switched on ({@code MOTO_ENABLE_KEYPAIR_VALIDATION},
 * {@code MOTO_ENABLE_AMI_VALIDATION}), so a RunInstances with an unknown key or image fails as on AWS.
 *
 * <pre>{@code
 * try (MotoServer moto = MotoServer.start("127.0.0.1", 0, Path.of("target/moto.log"))) {
 *     Ec2Client ec2 = Ec2Client.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)...build();
 *     moto.reset();   // empty every backend
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class MotoServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MotoServer.class);
    private final Process process;
    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /**
     * Starts moto and waits (up to 60 s) until it answers.
     *
     * @param bindHost the address to listen on, for example {@code 127.0.0.1} or the LocalCloud bridge address
     * @param port the port, or 0 for a free one
     * @param logFile where moto's output goes
     * @return the running server
     * @throws IllegalStateException if moto is not installed or does not come up
     */
    public static MotoServer start(String bindHost, int port, Path logFile) {
        Path venv = ProjectPaths.venv();
        int p = port == 0 ? freePort(bindHost) : port;
        ProcessBuilder pb = new ProcessBuilder(venv.resolve("bin/moto_server").toString(), "-H", bindHost,
                "-p", Integer.toString(p));
        pb.environment().putAll(Map.of(
                "MOTO_ENABLE_KEYPAIR_VALIDATION", "true",
                "MOTO_ENABLE_AMI_VALIDATION", "true",
                "AWS_DEFAULT_REGION", "us-east-1"));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Process proc;
        try {
            logFile.toAbsolutePath().getParent().toFile().mkdirs();
            proc = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start moto_server (run scripts/setup.sh)", e);
        }
        MotoServer server = new MotoServer(proc, URI.create("http://" + bindHost + ":" + p));
        server.awaitReady(Duration.ofSeconds(60), logFile);
        LOG.info("moto server listening at {}", server.endpoint);
        return server;
    }

    /** @return the moto endpoint, {@code http://host:port} */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * Empties every moto backend ({@code POST /moto-api/reset}).
     *
     * @throws IllegalStateException if moto does not confirm
     */
    public void reset() {
        post("/moto-api/reset", "reset");
    }

    private void post(String path, String what) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint.resolve(path))
                    .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("moto " + what + " answered " + r.statusCode() + ": " + r.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("moto " + what + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Seeds moto's random generator ({@code POST /moto-api/seed?a=N}), making the ids and random addresses it
     * hands out from now on reproducible. Call it right after {@link #reset()} and before any other request:
     * a backend's first use (for example EC2's default VPC) also draws random numbers.
     *
     * @param seed any integer
     * @throws IllegalStateException if moto does not confirm
     */
    public void seed(int seed) {
        post("/moto-api/seed?a=" + seed, "seed");
    }

    /** @return true while the moto process runs */
    public boolean running() {
        return process.isAlive();
    }

    /** Stops the moto process (SIGTERM, then SIGKILL after 5 s). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady(Duration timeout, Path logFile) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with " + process.exitValue() + "; see " + logFile);
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while waiting for moto", e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while waiting for moto", e);
            }
        }
        close();
        throw new IllegalStateException("moto_server did not answer within " + timeout + "; see " + logFile);
    }

    static int freePort(String host) {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host, e);
        }
    }
}
