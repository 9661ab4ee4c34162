package io.dsec2.ssh;

import io.dsec2.exception.HostKeyVerificationException;
import io.dsec2.exception.HostUnreachableException;
import io.dsec2.exception.RemoteExecutionException;
import io.dsec2.spi.ExecRequest;
import io.dsec2.spi.ExecResult;
import io.dsec2.spi.RemoteExecutor;
import io.dsec2.spi.RemoteHost;
import io.dsec2.spi.ServiceTunnels;
import io.dsec2.spi.UploadRequest;
import io.dsec2.spi.UploadResult;
import io.dsec2.ssh.internal.CommandRunner;
import io.dsec2.ssh.internal.ConnectionPool;
import io.dsec2.ssh.internal.HostConnection;
import io.dsec2.ssh.internal.KnownHostsStore;
import io.dsec2.ssh.internal.StreamUploader;
import io.dsec2.ssh.internal.SshSettings;
import io.dsec2.ssh.internal.SshTunnels;
import io.dsec2.ssh.internal.StaleConnectionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RemoteExecutor} over SSH with sshj: one reused, kept-alive connection per host, key authentication,
 * an optional jump host, host keys pinned in a per-cluster known_hosts file, remote timeouts that end the
 * remote process group, and uploads streamed over a session channel and verified with SHA-256.
 *
 * <p><b>Host keys</b> are pinned, never accepted blindly: a host without an entry in
 * {@link Builder#knownHostsFile(Path)} is accepted and recorded only if {@link RemoteHost#trustOnFirstUse()} is
 * true, otherwise refused with
 * {@link HostKeyVerificationException}; a host whose key differs from its entry is refused with
 * {@link io.dsec2.exception.HostKeyMismatchException}, whose message names both fingerprints and the fix. The
 * jump host is never trusted on first use: its key must match {@link Builder#jumpHostFingerprint(String)} or,
 * when that is not set, its line in the known_hosts file; otherwise it is refused with a message that gives the
 * fingerprint it offered and the exact line to add.
 *
 * <p><b>Secrets</b>: commands travel on the channel's stdin, never in the SSH exec request, so neither sshj's
 * debug log nor the host's process list shows them; logs, events and exceptions show
 * {@link ExecRequest#redactedCommand()} only. Uploads go to 0600 temporary files; their content travels on the
 * channel's stdin too, and the exec request holds only the temporary file's path.
 *
 * <p><b>Threads</b>: safe for concurrent use across hosts and on one host; at most
 * {@link Builder#maxSessionsPerHost(int)} channels are open per connection, further calls wait. {@link #close()}
 * closes connections and the executor's daemon threads (named {@code ds-ec2-ssh-N}); it never touches hosts.
 *
 * <p><b>Tunnels</b>: {@link #newTunnels()} forwards local ports to services that a host reaches (SSH local port
 * forwarding over the same pooled connections); closing the executor closes them.
 *
 * <pre>{@code
 * RemoteHost host = RemoteHost.builder().nodeId("master-1").address("10.0.1.4").user("ec2-user")
 *         .trustOnFirstUse(true).build();
 * try (SshjRemoteExecutor ssh = SshjRemoteExecutor.builder()
 *         .privateKeyFile(Path.of("cluster-key.pem"))
 *         .knownHostsFile(Path.of("state/prod/known_hosts"))
 *         .build()) {
 *     ssh.awaitReachable(host, Duration.ofMinutes(3));
 *     ExecResult r = ssh.execute(ExecRequest.builder().host(host).command("systemctl is-active ds-master")
 *             .sudo(true).timeout(Duration.ofSeconds(30)).failOnNonZeroExit(false).build());
 *     ssh.upload(UploadRequest.builder().host(host).localFile(Path.of("app.conf"))
 *             .remotePath("/opt/ds/conf/app.conf").mode(0640).owner("dolphinscheduler").sudo(true).build());
 * }
 * }</pre>
 */
public final class SshjRemoteExecutor implements RemoteExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(SshjRemoteExecutor.class);

    private final SshSettings settings;
    private final Path knownHostsFile;
    private final RemoteHost jumpHost;
    private final SshEventListener listener;
    private final ExecutorService threads;
    private final KnownHostsStore knownHosts;
    private final ConnectionPool pool;
    private final CommandRunner runner;
    private final StreamUploader uploader = new StreamUploader();
    private final Set<SshTunnels> tunnels = ConcurrentHashMap.newKeySet();

    private SshjRemoteExecutor(Builder b) {
        this.settings = new SshSettings(b.privateKeyFile, b.connectTimeout, b.keepAliveInterval, b.maxSessionsPerHost,
                b.initialBackoff, b.maxBackoff);
        this.knownHostsFile = b.knownHostsFile;
        this.jumpHost = b.jumpHost;
        this.listener = b.listener;
        this.threads = Executors.newCachedThreadPool(daemonThreads());
        this.knownHosts = new KnownHostsStore(b.knownHostsFile, b.jumpHost, b.jumpHostFingerprint);
        this.pool = new ConnectionPool(settings, knownHosts, b.jumpHost, threads);
        this.runner = new CommandRunner(threads);
    }

    /**
     * @return a new builder; privateKeyFile and knownHostsFile are required
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ExecResult execute(ExecRequest request) {
        Objects.requireNonNull(request, "request must not be null");
        try {
            ExecResult result = withConnection(request.host(), c -> runner.run(c, request));
            notify(l -> l.commandEnded(result));
            return result;
        } catch (RemoteExecutionException e) {
            notify(l -> l.commandFailed(request.host(), request.redactedCommand(), e));
            throw e;
        }
    }

    /**
     * Streams the content into a 0600 temporary file next to the target (or in {@code /tmp} with sudo), compares
     * its SHA-256 with the file read back on the host, then puts it in place with mode and owner.
     * {@link UploadResult#bytes()} is also the payload the client sent: the content crosses the connection once
     * (the reconnect after a dead pooled connection happens before the first byte), and
     * {@link SshEventListener#uploadEnded(UploadResult)} reports it.
     */
    @Override
    public UploadResult upload(UploadRequest request) {
        Objects.requireNonNull(request, "request must not be null");
        UploadResult result = withConnection(request.host(), c -> uploader.upload(c, request, this::execute));
        notify(l -> l.uploadEnded(result));
        return result;
    }

    @Override
    public void awaitReachable(RemoteHost host, Duration timeout) {
        Objects.requireNonNull(host, "host must not be null");
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Duration backoff = settings.initialBackoff();
        int attempts = 0;
        while (true) {
            attempts++;
            long remaining = deadline - System.nanoTime();
            Duration limit = Duration.ofNanos(Math.max(remaining, 1_000_000L));
            try {
                pool.get(host, limit.compareTo(settings.connectTimeout()) < 0 ? limit : settings.connectTimeout());
                Duration waited = Duration.ofNanos(System.nanoTime() - start);
                int n = attempts;
                LOG.debug("{} reachable after {} ms and {} attempts", host, waited.toMillis(), n);
                notify(l -> l.hostReachable(host, waited, n));
                return;
            } catch (HostKeyVerificationException e) {
                throw e;
            } catch (RemoteExecutionException e) {
                int n = attempts;
                notify(l -> l.connectAttemptFailed(host, n, e));
                remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new HostUnreachableException(host.toString(), Duration.ofNanos(System.nanoTime() - start),
                            attempts, e.getMessage(), e);
                }
                LOG.debug("{} not reachable yet (attempt {}): {}", host, attempts, e.getMessage());
                sleep(Duration.ofNanos(Math.min(backoff.toNanos(), remaining)), host);
                backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff()
                        : backoff.multipliedBy(2);
            }
        }
    }

    /**
     * Drops the lines of the known_hosts file recorded for {@link RemoteHost#instanceId()} and the lines for its
     * address that name no instance, and closes a pooled connection to it. A host without an instance id, or the
     * jump host, leaves the file as it is.
     *
     * @param host the terminated host
     * @throws java.io.UncheckedIOException if the file cannot be rewritten
     */
    @Override
    public void forgetHost(RemoteHost host) {
        Objects.requireNonNull(host, "host must not be null");
        pool.forget(host);
        knownHosts.forget(host);
    }

    /**
     * @return the known_hosts file this executor pins host keys in
     */
    public Path knownHostsFile() {
        return knownHostsFile;
    }

    /**
     * @return the jump host, if one is configured
     */
    public Optional<RemoteHost> jumpHost() {
        return Optional.ofNullable(jumpHost);
    }

    /**
     * @return the interval of keepalive@openssh.com requests on every connection; zero means off
     */
    public Duration keepAliveInterval() {
        return settings.keepAliveInterval();
    }

    /**
     * @return number of pooled connections (one per host, plus the jump host's)
     */
    public int openConnections() {
        return pool.size();
    }

    /**
     * Tunnels over this executor's pooled connections: a tunnel through a host rides on the connection commands on
     * that host use (through the jump host when one is set), one direct-tcpip channel per TCP connection made to its
     * local address, which does not count against {@link Builder#maxSessionsPerHost(int)}. Closing this executor
     * closes them.
     */
    @Override
    public ServiceTunnels newTunnels() {
        SshTunnels t = new SshTunnels(pool, threads, settings.connectTimeout(), tunnels::remove);
        tunnels.add(t);
        return t;
    }

    @Override
    public void close() {
        new java.util.ArrayList<>(tunnels).forEach(SshTunnels::close);
        pool.close();
        threads.shutdownNow();
    }

    private <T> T withConnection(RemoteHost host, Function<HostConnection, T> action) {
        HostConnection c = pool.get(host, settings.connectTimeout());
        try {
            return action.apply(c);
        } catch (StaleConnectionException e) {
            LOG.debug("connection to {} was dead; reconnecting once", host);
            pool.invalidate(c);
            try {
                return action.apply(pool.get(host, settings.connectTimeout()));
            } catch (StaleConnectionException again) {
                throw new RemoteExecutionException("SSH connection lost", host.toString(), null, null, null,
                        again.getCause(), true);
            }
        }
    }

    private void notify(Consumer<SshEventListener> event) {
        try {
            event.accept(listener);
        } catch (RuntimeException e) {
            LOG.warn("SSH event listener threw; ignored", e);
        }
    }

    private static void sleep(Duration d, RemoteHost host) {
        try {
            Thread.sleep(Math.max(1, d.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteExecutionException("interrupted while waiting for SSH", host.toString(), null, null, null,
                    e, false);
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "ds-ec2-ssh-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Mutable, not thread-safe builder of {@link SshjRemoteExecutor}. */
    public static final class Builder {
        private Path privateKeyFile;
        private Path knownHostsFile;
        private RemoteHost jumpHost;
        private String jumpHostFingerprint;
        private Duration connectTimeout = Duration.ofSeconds(20);
        private Duration keepAliveInterval = Duration.ofSeconds(15);
        private int maxSessionsPerHost = 8;
        private Duration initialBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofSeconds(10);
        private SshEventListener listener = SshEventListener.NONE;

        private Builder() {
        }

        /**
         * @param file OpenSSH private key (ed25519, ECDSA or RSA; unencrypted), used for every host; required
         * @return this builder
         */
        public Builder privateKeyFile(Path file) {
            this.privateKeyFile = Objects.requireNonNull(file, "privateKeyFile must not be null");
            return this;
        }

        /**
         * @param file the cluster's own known_hosts file (OpenSSH format); created with mode 0600 when the first
         *        key is recorded; required. Keep one file per cluster.
         * @return this builder
         */
        public Builder knownHostsFile(Path file) {
            this.knownHostsFile = Objects.requireNonNull(file, "knownHostsFile must not be null");
            return this;
        }

        /**
         * @param host bastion through which every other host is reached (like OpenSSH ProxyJump); its key is
         *        never trusted on first use (so {@link RemoteHost#trustOnFirstUse()} must be false): it must match
         *        {@link #jumpHostFingerprint(String)} or a line of the known_hosts file; default none
         * @return this builder
         */
        public Builder jumpHost(RemoteHost host) {
            this.jumpHost = Objects.requireNonNull(host, "jumpHost must not be null");
            return this;
        }

        /**
         * @param fingerprint the SHA-256 fingerprint the jump host's key must have, {@code SHA256:} and 43 base64
         *        characters as {@code ssh-keygen -l -E sha256} prints it (of the key type the server offers first,
         *        ssh-ed25519 on current OpenSSH); when set, the known_hosts file is not consulted for the jump
         *        host; default none
         * @return this builder
         */
        public Builder jumpHostFingerprint(String fingerprint) {
            this.jumpHostFingerprint = Objects.requireNonNull(fingerprint, "jumpHostFingerprint must not be null");
            return this;
        }

        /**
         * @param timeout limit for TCP connect, key exchange and login together, per attempt; default 20 s
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * @param interval interval of keepalive@openssh.com requests (a connection is dropped after 5 unanswered
         *        ones, and re-opened on next use); whole seconds, default 15 s; {@link Duration#ZERO} disables
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder keepAliveInterval(Duration interval) {
            Objects.requireNonNull(interval, "keepAliveInterval must not be null");
            if (interval.isNegative()) {
                throw new IllegalArgumentException("keepAliveInterval must not be negative");
            }
            this.keepAliveInterval = interval;
            return this;
        }

        /**
         * @param max most channels (commands, uploads) open at once on one connection, 1..10 (sshd's
         *        MaxSessions defaults to 10; one is left for the kill of a timed-out command); default 8
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxSessionsPerHost(int max) {
            if (max < 1 || max > 10) {
                throw new IllegalArgumentException("maxSessionsPerHost must be 1..10, was " + max);
            }
            this.maxSessionsPerHost = max;
            return this;
        }

        /**
         * @param initial first pause between connection attempts in awaitReachable; doubles up to
         *        {@code max}; defaults 1 s and 10 s
         * @param max longest pause
         * @return this builder
         * @throws IllegalArgumentException if not positive or initial exceeds max
         */
        public Builder reachableBackoff(Duration initial, Duration max) {
            positive(initial, "initial backoff");
            positive(max, "max backoff");
            if (initial.compareTo(max) > 0) {
                throw new IllegalArgumentException("initial backoff must not exceed max backoff");
            }
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /**
         * @param listener receives events; default {@link SshEventListener#NONE}
         * @return this builder
         */
        public Builder listener(SshEventListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener must not be null");
            return this;
        }

        /**
         * @return a new executor; connections are opened lazily
         * @throws IllegalStateException if privateKeyFile or knownHostsFile is missing, or the key is unreadable
         * @throws IllegalArgumentException if the jump host is marked trust-on-first-use, or a jump host fingerprint
         *         is set without a jump host or is not {@code SHA256:} and 43 base64 characters
         */
        public SshjRemoteExecutor build() {
            if (privateKeyFile == null || knownHostsFile == null) {
                throw new IllegalStateException("privateKeyFile and knownHostsFile are required");
            }
            if (jumpHost != null && jumpHost.trustOnFirstUse()) {
                throw new IllegalArgumentException("the jump host " + jumpHost + " must not be trusted on first use:"
                        + " give its key's fingerprint (jumpHostFingerprint) or pin it in the known_hosts file");
            }
            if (jumpHostFingerprint != null && (jumpHost == null
                    || !jumpHostFingerprint.matches("SHA256:[A-Za-z0-9+/]{43}"))) {
                throw new IllegalArgumentException(jumpHost == null ? "jumpHostFingerprint is set without a jumpHost"
                        : "jumpHostFingerprint must be SHA256: and 43 base64 characters, was '"
                        + jumpHostFingerprint + "'");
            }
            if (!Files.isReadable(privateKeyFile)) {
                throw new IllegalStateException("privateKeyFile is not a readable file: " + privateKeyFile);
            }
            return new SshjRemoteExecutor(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name + " must not be null");
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }
    }
}
