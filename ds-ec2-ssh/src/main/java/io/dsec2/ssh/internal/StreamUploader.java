package io.dsec2.ssh.internal;

import io.dsec2.exception.RemoteExecutionException;
import io.dsec2.spi.ExecRequest;
import io.dsec2.spi.ExecResult;
import io.dsec2.spi.UploadProgressListener;
import io.dsec2.spi.UploadRequest;
import io.dsec2.spi.UploadResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Function;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.connection.channel.direct.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads by streaming the file into {@code cat} on a session channel (the way {@code ssh host 'cat > f'} does;
 * sshj's SFTP client, with one request, one reply and three buffer copies per 32 KiB, was the slower path) to a
 * temporary file created with mode 0600, computes SHA-256 while streaming, compares it with the SHA-256 of the
 * file read back on the host ({@link #checksumCommand}), then puts the file in place: {@code chmod}/{@code chown}/
 * {@code mv} next to the target, or {@code sudo -n install -m MODE -o OWNER} from {@code /tmp}. The temporary file
 * is removed on failure. Thread-safe.
 */
public final class StreamUploader {
    private static final Logger LOG = LoggerFactory.getLogger(StreamUploader.class);
    private static final int CHUNK = 64 * 1024;
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(10);

    /**
     * @param c the connection
     * @param req the request
     * @param exec runs helper commands (checksum, placement) on the same host
     * @return the result
     * @throws StaleConnectionException if the session channel could not be opened because the connection is dead
     */
    public UploadResult upload(HostConnection c, UploadRequest req, Function<ExecRequest, ExecResult> exec) {
        long start = System.nanoTime();
        String host = req.host().toString();
        String target = req.remotePath();
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String tmp = req.sudo() ? "/tmp/.ds-ec2-upload-" + id
                : target.substring(0, target.lastIndexOf('/') + 1) + ".ds-ec2-upload-" + id;
        long total = size(req);
        LOG.debug("upload to {}:{} ({} bytes) via {}", host, target, total, tmp);
        String sha256 = transfer(c, req, tmp, total);
        boolean placed = false;
        try {
            if (req.verifySha256()) {
                String remote = exec.apply(helper(req, checksumCommand(tmp))).stdout().strip();
                String remoteSha = remote.isEmpty() ? "" : remote.split("\\s+")[0];
                if (!remoteSha.equalsIgnoreCase(sha256)) {
                    throw new RemoteExecutionException("checksum mismatch after upload to " + target + ": local sha256 "
                            + sha256 + ", remote " + remoteSha, host, null, null, null, null, true);
                }
            }
            exec.apply(helper(req, placeCommand(req, tmp)));
            placed = true;
        } finally {
            if (!placed) {
                removeQuietly(req, tmp, exec);
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        LOG.debug("upload to {}:{} done: {} bytes, sha256 {}, {} ms", host, target, total, sha256, took.toMillis());
        return UploadResult.builder().host(req.host()).remotePath(target).bytes(total).sha256(sha256).duration(took)
                .build();
    }

    private String transfer(HostConnection c, UploadRequest req, String tmp, long total) {
        if (!c.acquire(STEP_TIMEOUT)) {
            throw new RemoteExecutionException("no free SSH channel for the upload", req.host().toString(), null, null,
                    null, null, true);
        }
        InputStream source = open(req);
        Session session;
        try {
            session = c.client().startSession();
        } catch (IOException e) {
            c.release();
            closeQuietly(source);
            if (c.deadAfter(e)) {
                throw new StaleConnectionException(e);
            }
            throw new RemoteExecutionException("cannot open SSH session channel for the upload", req.host().toString(),
                    null, null, null, e, true);
        }
        Session.Command cmd = null;
        try (source) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            cmd = session.exec(receiveCommand(tmp));
            WriterGuard guard = new WriterGuard(cmd);
            try (OutputStream os = cmd.getOutputStream()) {
                copy(source, os, digest, total, req.progressListener());
            } finally {
                guard.writingDone();
            }
            cmd.join(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Integer status = cmd.getExitStatus();
            if (status == null || status != 0) {
                throw new IOException(ended(cmd));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            Integer status = cmd == null ? null : cmd.getExitStatus();
            String why = e.getMessage() != null && e.getMessage().startsWith("receiving command") ? e.getMessage()
                    : status != null && status != 0 ? ended(cmd) : e + stderr(cmd);
            closeQuietly(session);
            removeTmpQuietly(c, tmp);
            throw new RemoteExecutionException("transfer to " + tmp + " failed: " + why, req.host().toString(), null,
                    null, null, e, true);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        } finally {
            closeQuietly(session);
            c.release();
        }
    }

    /**
     * The remote side of the transfer: the data arrives on stdin. {@code umask 077} creates the file with mode
     * 0600 and {@code set -C} (noclobber) refuses an existing file, as an exclusive create.
     */
    static String receiveCommand(String tmp) {
        return "umask 077 && set -C && exec cat > " + ShellQuote.quote(tmp);
    }

    private static String ended(Session.Command cmd) {
        Integer status = cmd.getExitStatus();
        return "receiving command ended with " + (status == null ? "no exit status" : "status " + status)
                + stderr(cmd);
    }

    /**
     * Wakes the writing thread when the receiving command ends while it still writes (e.g. a missing directory) or
     * the channel goes away. sshj's writer then waits for window space the server never grants, holding the
     * stream's lock, so sshj's reader thread, which takes that lock to handle the server's channel close, stalls
     * too (and with it every channel of the connection) until sshj's 30 s window timeout. Only an interrupt ends
     * that wait; the guard polls the exit status every 50 ms and clears the interrupt it caused.
     */
    private static final class WriterGuard {
        private final Thread writer = Thread.currentThread();
        private boolean writing = true;
        private boolean interrupted;

        WriterGuard(Session.Command cmd) {
            Thread watcher = new Thread(() -> watch(cmd), "ds-ec2-upload-watch");
            watcher.setDaemon(true);
            watcher.start();
        }

        private synchronized void watch(Session.Command cmd) {
            try {
                while (writing) {
                    if (cmd.getExitStatus() != null || cmd.getExitSignal() != null || !cmd.isOpen()) {
                        LOG.debug("receiving command ended while the upload was still writing");
                        interrupted = true;
                        writer.interrupt();
                        return;
                    }
                    wait(50);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        synchronized void writingDone() {
            writing = false;
            notifyAll();
            if (interrupted) {
                Thread.interrupted();
            }
        }
    }

    /** @return ": " and what the receiving command wrote to stderr, or "" */
    private static String stderr(Session.Command cmd) {
        if (cmd == null) {
            return "";
        }
        try {
            InputStream err = cmd.getErrorStream();
            byte[] b = err.available() > 0 ? err.readNBytes(Math.min(err.available(), 4096)) : new byte[0];
            String text = new String(b, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "" : ": " + text;
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static void copy(InputStream in, OutputStream out, MessageDigest digest, long total,
            UploadProgressListener listener) throws IOException {
        byte[] buf = new byte[CHUNK];
        long sent = 0;
        long lastReported = 0;
        long step = Math.max(256 * 1024, total / 100);
        int n;
        while ((n = in.read(buf)) >= 0) {
            if (n == 0) {
                continue;
            }
            out.write(buf, 0, n);
            digest.update(buf, 0, n);
            sent += n;
            if (sent - lastReported >= step && sent < total) {
                report(listener, sent, total);
                lastReported = sent;
            }
        }
        out.flush();
        if (sent != total) {
            throw new IOException("source changed size during upload: expected " + total + " bytes, read " + sent);
        }
        report(listener, sent, total);
    }

    private static void report(UploadProgressListener listener, long sent, long total) {
        try {
            listener.progress(sent, total);
        } catch (RuntimeException e) {
            LOG.warn("upload progress listener threw; ignored", e);
        }
    }

    /**
     * Reads the temporary file back and prints its SHA-256 first on the line. {@code openssl dgst} uses the CPU's
     * SHA extensions (about 2 GB/s here) where coreutils' {@code sha256sum} does not (about 0.3 GB/s, 3 s for the
     * 880 MB DolphinScheduler package); sha256sum stays as the fallback for hosts without the openssl tool.
     */
    static String checksumCommand(String tmp) {
        String q = ShellQuote.quote(tmp);
        return "if command -v openssl >/dev/null 2>&1; then openssl dgst -sha256 -r " + q + "; else sha256sum -- "
                + q + "; fi";
    }

    private static ExecRequest helper(UploadRequest req, String command) {
        return ExecRequest.builder().host(req.host()).command(command).timeout(STEP_TIMEOUT).build();
    }

    static String placeCommand(UploadRequest req, String tmp) {
        String mode = "0" + Integer.toOctalString(req.mode());
        String qt = ShellQuote.quote(tmp);
        String target = ShellQuote.quote(req.remotePath());
        if (req.sudo()) {
            StringBuilder install = new StringBuilder("sudo -n install -m ").append(mode);
            req.owner().ifPresent(o -> {
                String[] ug = o.split(":", 2);
                install.append(" -o ").append(ug[0]);
                if (ug.length == 2) {
                    install.append(" -g ").append(ug[1]);
                }
            });
            return install + " -- " + qt + " " + target + "; rc=$?; rm -f -- " + qt + "; exit $rc";
        }
        String chown = req.owner().map(o -> "chown " + o + " -- " + qt + " && ").orElse("");
        return "chmod " + mode + " -- " + qt + " && " + chown + "mv -f -- " + qt + " " + target;
    }

    private static void removeQuietly(UploadRequest req, String tmp, Function<ExecRequest, ExecResult> exec) {
        try {
            exec.apply(ExecRequest.builder().host(req.host()).command("rm -f -- " + ShellQuote.quote(tmp))
                    .timeout(Duration.ofMinutes(1)).failOnNonZeroExit(false).build());
        } catch (RuntimeException e) {
            LOG.warn("could not remove temporary upload file {} on {}: {}", tmp, req.host(), e.toString());
        }
    }

    /** Removes the temporary file on the same connection while the transfer's channel permit is still held. */
    private static void removeTmpQuietly(HostConnection c, String tmp) {
        try (Session s = c.client().startSession(); Session.Command rm = s.exec("rm -f -- " + ShellQuote.quote(tmp))) {
            rm.join(1, TimeUnit.MINUTES);
        } catch (IOException | RuntimeException e) {
            LOG.trace("temporary file {} not removed: {}", tmp, e.toString());
        }
    }

    private static long size(UploadRequest req) {
        if (req.localFile().isPresent()) {
            try {
                return Files.size(req.localFile().get());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read upload source " + req.localFile().get(), e);
            }
        }
        return req.content().map(b -> (long) b.length).orElse(0L);
    }

    private static InputStream open(UploadRequest req) {
        if (req.localFile().isPresent()) {
            try {
                return Files.newInputStream(req.localFile().get());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read upload source " + req.localFile().get(), e);
            }
        }
        return new ByteArrayInputStream(req.content().orElseThrow());
    }

    private static void closeQuietly(Session session) {
        try {
            session.close();
        } catch (IOException | RuntimeException e) {
            LOG.trace("close of upload session: {}", e.toString());
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            LOG.trace("close of upload source: {}", e.toString());
        }
    }
}
