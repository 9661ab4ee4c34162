package io.dsec2.ssh;

import io.dsec2.spi.RemoteHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH sshd on 127.0.0.1 for tests: its own temp directory, generated ed25519 host key, an
 * authorized_keys file holding the test client key, root login by key only, and a pid file. Started as a child
 * process with {@code -D -e}; {@link #close()} stops it and every session process it forked, by pid.
 */
final class TestSshd implements AutoCloseable {
    static final String SSHD = "/usr/sbin/sshd";

    private final Path dir;
    private final int port;
    private final String extraConfig;
    private Process process;

    private TestSshd(Path dir, int port, String extraConfig) {
        this.dir = dir;
        this.port = port;
        this.extraConfig = extraConfig;
    }

    /** A client key pair (ed25519, no passphrase) generated with ssh-keygen. */
    static Path generateClientKey(Path dir) {
        Local.requireTool("/usr/bin/ssh-keygen", "openssh-client");
        Path key = dir.resolve("id_ed25519");
        Local.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "ds-ec2-test", "-f", key.toString());
        return key;
    }

    /**
     * Prepares (host key, config, authorized_keys) and starts an sshd.
     *
     * @param dir a fresh directory owned by the test
     * @param clientKey the private key whose {@code .pub} is authorized
     * @param port the port, e.g. from {@link #freePort()}
     * @param extraConfig extra sshd_config lines
     * @return the running sshd
     */
    static TestSshd start(Path dir, Path clientKey, int port, String extraConfig) {
        TestSshd sshd = prepare(dir, clientKey, port, extraConfig);
        sshd.start();
        return sshd;
    }

    /** Like {@link #start} but does not start it yet. */
    static TestSshd prepare(Path dir, Path clientKey, int port, String extraConfig) {
        Local.requireTool(SSHD, "openssh-server");
        try {
            Files.createDirectories(dir);
            // sshd refuses to start without its privilege separation directory
            Files.createDirectories(Path.of("/run/sshd"));
            Files.copy(Path.of(clientKey + ".pub"), dir.resolve("authorized_keys"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestSshd sshd = new TestSshd(dir, port, extraConfig);
        sshd.regenerateHostKey();
        sshd.writeConfig();
        return sshd;
    }

    /** @return a TCP port that was free a moment ago on 127.0.0.1 */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    /** @return pid of the listening sshd process (the one this fixture started) */
    synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("not running");
        }
        return process.pid();
    }

    Path dir() {
        return dir;
    }

    Path log() {
        return dir.resolve("sshd.log");
    }

    String logText() {
        try {
            return Files.exists(log()) ? Files.readString(log(), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a host entry for root on this sshd */
    RemoteHost host(String nodeId, boolean trustOnFirstUse) {
        return RemoteHost.builder().nodeId(nodeId).address("127.0.0.1").port(port).user("root")
                .trustOnFirstUse(trustOnFirstUse).build();
    }

    /** @return the host key's public line, {@code ssh-ed25519 AAAA... comment} */
    String hostPublicKey() {
        try {
            return Files.readString(dir.resolve("host_ed25519.pub"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the host key's fingerprint as ssh-keygen prints it, {@code SHA256:...} */
    String hostFingerprint() {
        String line = Local.run("ssh-keygen", "-l", "-E", "sha256", "-f", dir.resolve("host_ed25519.pub").toString());
        return line.split("\\s+")[1];
    }

    /** Replaces the host key with a new one (takes effect on the next start). */
    void regenerateHostKey() {
        try {
            Files.deleteIfExists(dir.resolve("host_ed25519"));
            Files.deleteIfExists(dir.resolve("host_ed25519.pub"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Local.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test-host", "-f",
                dir.resolve("host_ed25519").toString());
    }

    synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        try {
            ProcessBuilder pb = new ProcessBuilder(SSHD, "-D", "-e", "-f", dir.resolve("sshd_config").toString());
            pb.redirectErrorStream(true);
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
            process = pb.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start sshd", e);
        }
        long deadline = System.nanoTime() + Local.scaled(Duration.ofSeconds(15)).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("sshd exited with " + process.exitValue() + ":\n" + logText());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                sleep(50);
            }
        }
        stop();
        throw new AssertionError("sshd did not listen on port " + port + ":\n" + logText());
    }

    /** Stops sshd and the session processes it forked (by pid); safe to call more than once. */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        ProcessHandle handle = process.toHandle();
        handle.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                handle.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    private void writeConfig() {
        String config = String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + dir.resolve("host_ed25519"),
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PermitRootLogin prohibit-password",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "StrictModes no",
                "MaxSessions 10",
                "Subsystem sftp /usr/lib/openssh/sftp-server",
                extraConfig,
                "");
        try {
            Files.writeString(dir.resolve("sshd_config"), config, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
