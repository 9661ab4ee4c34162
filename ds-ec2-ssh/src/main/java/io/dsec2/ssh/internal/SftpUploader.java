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
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Function;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.SFTPClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads over SFTP to a temporary file created with mode 0600, computes SHA-256 while streaming, compares it
 * with the remote {@code sha256sum}, then puts the file in place: {@code chmod}/{@code chown}/{@code mv} next
 * to the target, or {@code sudo -n install -m MODE -o OWNER} from {@code /tmp}. The temporary file is removed
 * on failure. Thread-safe.
 */
public final class SftpUploader {
    private static final Logger LOG = LoggerFactory.getLogger(SftpUploader.class);
    private static final int CHUNK = 32 * 1024;
    private static final int UNCONFIRMED_WRITES = 16;
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(10);

    /**
     * @param c the connection
     * @param req the request
     * @param exec runs helper commands (checksum, placement) on the same host
     * @return the result
     * @throws StaleConnectionException if the SFTP channel could not be opened because the connection is dead
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
                String remote = exec.apply(helper(req, "sha256sum -- " + ShellQuote.quote(tmp))).stdout().strip();
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
            throw new RemoteExecutionException("no free SSH channel for SFTP", req.host().toString(), null, null, null,
                    null, true);
        }
        InputStream source = open(req);
        SFTPClient sftp;
        try {
            sftp = c.client().newSFTPClient();
        } catch (IOException e) {
            c.release();
            closeQuietly(source);
            if (c.deadAfter(e)) {
                throw new StaleConnectionException(e);
            }
            throw new RemoteExecutionException("cannot open SFTP channel", req.host().toString(), null, null, null, e,
                    true);
        }
        try (sftp; source) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            FileAttributes attrs = new FileAttributes.Builder().withPermissions(0600).build();
            try (RemoteFile file = sftp.open(tmp, EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.EXCL), attrs)) {
                OutputStream os = file.new RemoteFileOutputStream(0, UNCONFIRMED_WRITES);
                copy(source, os, digest, total, req.progressListener());
                os.close();
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            removeTmpQuietly(c, tmp);
            throw new RemoteExecutionException("SFTP transfer to " + tmp + " failed: " + e, req.host().toString(), null,
                    null, null, e, true);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        } finally {
            c.release();
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

    private static void removeTmpQuietly(HostConnection c, String tmp) {
        try (SFTPClient sftp = c.client().newSFTPClient()) {
            sftp.rm(tmp);
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

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            LOG.trace("close of upload source: {}", e.toString());
        }
    }
}
