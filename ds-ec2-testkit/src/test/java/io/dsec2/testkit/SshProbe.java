package io.dsec2.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.IOUtils;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.verification.PromiscuousVerifier;
import net.schmizz.sshj.xfer.FileSystemFile;

/** A plain sshj client for tests: connects as a user with a private key file, runs commands, uploads files. */
final class SshProbe implements AutoCloseable {
    private final SSHClient ssh = new SSHClient();

    private SshProbe() {
    }

    /** Connects and authenticates (test hosts are fresh, so the host key is accepted without pinning). */
    static SshProbe connect(String host, String user, Path privateKey, Duration timeout) {
        SshProbe p = new SshProbe();
        try {
            p.ssh.addHostKeyVerifier(new PromiscuousVerifier());
            p.ssh.setConnectTimeout((int) timeout.toMillis());
            p.ssh.setTimeout((int) timeout.toMillis());
            p.ssh.connect(host, 22);
            p.ssh.authPublickey(user, p.ssh.loadKeys(privateKey.toString()));
            return p;
        } catch (IOException e) {
            p.close();
            throw new UncheckedIOException("ssh " + user + "@" + host + ": " + e.getMessage(), e);
        }
    }

    /** Runs a command and returns its stdout; throws if it exits non-zero. */
    String run(String command) {
        try (Session s = ssh.startSession()) {
            Session.Command c = s.exec(command);
            String out = IOUtils.readFully(c.getInputStream()).toString(StandardCharsets.UTF_8);
            String err = IOUtils.readFully(c.getErrorStream()).toString(StandardCharsets.UTF_8);
            c.join(60, TimeUnit.SECONDS);
            if (c.getExitStatus() == null || c.getExitStatus() != 0) {
                throw new IllegalStateException("'" + command + "' exited " + c.getExitStatus() + ": " + err);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Uploads a local file with SCP. */
    void upload(Path local, String remote) {
        try {
            ssh.newSCPFileTransfer().upload(new FileSystemFile(local.toFile()), remote);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            ssh.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    /** Nanoseconds of wall time taken by {@code r}. */
    static long nanos(Runnable r) {
        long t = System.nanoTime();
        r.run();
        return System.nanoTime() - t;
    }
}
