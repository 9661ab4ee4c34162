package io.dsec2.ssh.internal;

import io.dsec2.exception.HostKeyMismatchException;
import io.dsec2.exception.HostKeyVerificationException;
import io.dsec2.spi.RemoteHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A per-cluster known_hosts file in OpenSSH format ({@code host key-type base64}, non-22 ports as
 * {@code [host]:port}), so {@code ssh -o UserKnownHostsFile=...} and {@code ssh-keygen -R} work on it too.
 * Hashed ({@code |1|}) and marker ({@code @revoked}) lines are ignored. A key recorded for an instance carries
 * the comment {@code ds-ec2-instance=<id>} and pins that instance only: another instance that later holds the
 * address is not held to it, and once that instance's key is recorded the old line goes. Lines without the comment
 * pin whatever holds the address. The file is re-read on every check, so
 * edits made between attempts take effect. The jump host, if any, is never trusted on first use: its key must
 * match the fingerprint given for it or, when none is given, a line of the file. Thread-safe within one JVM (all
 * access is synchronized).
 */
public final class KnownHostsStore {
    private static final Logger LOG = LoggerFactory.getLogger(KnownHostsStore.class);
    /** Comment that names the instance a key was recorded for: {@code host type key ds-ec2-instance=i-...}. */
    static final String TAG = "ds-ec2-instance=";
    private final Path file;
    private final RemoteHost jumpHost;
    private final String jumpHostFingerprint;

    /** @param file the known_hosts file; created (mode 0600) when the first key is recorded */
    public KnownHostsStore(Path file) {
        this(file, null, null);
    }

    /**
     * @param file the known_hosts file; created (mode 0600) when the first key is recorded
     * @param jumpHost the jump host, or null
     * @param jumpHostFingerprint the jump host's expected key fingerprint ({@code SHA256:base64}), or null to
     *        look its key up in the file
     */
    public KnownHostsStore(Path file, RemoteHost jumpHost, String jumpHostFingerprint) {
        this.file = file.toAbsolutePath();
        this.jumpHost = jumpHost;
        this.jumpHostFingerprint = jumpHostFingerprint;
    }

    /** @return the file */
    public Path file() {
        return file;
    }

    /**
     * Accepts the key if pinned for the host, records it if the host is unknown and trusted on first use, and
     * otherwise throws.
     *
     * @param host the host being connected to
     * @param key the key it offered
     * @throws HostKeyMismatchException if other keys are pinned for the host
     * @throws HostKeyVerificationException if the host is unknown and not trusted on first use (the jump host
     *         never is)
     */
    public synchronized void verify(RemoteHost host, PublicKey key) {
        String token = hostToken(host);
        String type = KeyType.fromKey(key).toString();
        String blob = Base64.getEncoder().encodeToString(blob(key));
        String offered = type + " " + fingerprint(blob(key));
        boolean jump = isJumpHost(host);
        if (jump && jumpHostFingerprint != null) {
            if (fingerprint(blob(key)).equals(jumpHostFingerprint)) {
                return;
            }
            throw new HostKeyMismatchException("HOST KEY CHANGED for jump host " + host + ": "
                    + "deployment.jump_host_fingerprint expects " + jumpHostFingerprint + " but the host offered "
                    + offered + ". Someone may be intercepting the connection, or the jump host was replaced or offers"
                    + " another key type. If you have verified the offered key out of band, set"
                    + " deployment.jump_host_fingerprint to " + fingerprint(blob(key)) + " and retry",
                    host.toString(), List.of(jumpHostFingerprint), offered, file.toString());
        }
        String instanceId = host.instanceId().orElse(null);
        List<Entry> all = entries(token);
        List<Entry> entries = new ArrayList<>();
        List<Entry> stale = new ArrayList<>();
        for (Entry e : all) {
            (e.pinsFor(instanceId) ? entries : stale).add(e);
        }
        for (Entry e : entries) {
            if (e.type.equals(type) && e.base64.equals(blob)) {
                return;
            }
        }
        String line = token + " " + type + " " + blob + (instanceId == null ? "" : " " + TAG + instanceId);
        if (entries.isEmpty()) {
            if (jump) {
                throw new HostKeyVerificationException("Host key refused: the jump host " + host + " offered "
                        + offered + ", and its key is never trusted on first use: it is neither given by"
                        + " deployment.jump_host_fingerprint nor pinned for " + token + " in known_hosts file " + file
                        + ". Verify this fingerprint out of band (ssh-keygen -l -f /etc/ssh/ssh_host_"
                        + type.replaceFirst("^ssh-", "").replaceFirst("^ecdsa-sha2-nistp\\d+$", "ecdsa")
                        + "_key.pub on the jump host), then either set deployment.jump_host_fingerprint: "
                        + fingerprint(blob(key)) + " in the spec, or add the line '" + token + " " + type + " " + blob
                        + "' to " + file + ", and retry", host.toString(), offered, file.toString());
            }
            String who = instanceId == null ? token : "instance " + instanceId + " at " + token;
            if (!host.trustOnFirstUse()) {
                throw new HostKeyVerificationException("Host key refused: " + who + " is not in known_hosts file "
                        + file + " and trust-on-first-use is off for it (it was not launched by this run, or not"
                        + " pinned when it was). Offered key: " + offered + ". Verify this fingerprint out of band"
                        + " (e.g. the instance's console output), then add the line '" + line + "' to " + file
                        + " and retry", host.toString(), offered, file.toString());
            }
            if (stale.isEmpty()) {
                append(line);
            } else {
                // the instances pinned here before no longer hold the address: this one does now
                rewrite(l -> !stale.contains(l), line);
                LOG.info("Dropped host keys of {} at {} (the address now belongs to {})",
                        stale.stream().map(e -> e.instanceId).distinct().toList(), token, instanceId);
            }
            LOG.info("Recorded host key of {} on first use: {} in {}", host, offered, file);
            return;
        }
        List<String> expected = new ArrayList<>();
        StringBuilder lines = new StringBuilder();
        for (Entry e : entries) {
            expected.add(e.type + " " + fingerprint(Base64.getDecoder().decode(e.base64)));
            lines.append(lines.length() == 0 ? "" : ", ").append(e.lineNumber);
        }
        throw new HostKeyMismatchException("HOST KEY CHANGED for " + (instanceId == null ? "" : instanceId + " at ")
                + token + ": known_hosts file " + file + " (line "
                + lines + ") expects " + String.join(" or ", expected) + " but the host offered " + offered
                + ". The instance may have been replaced, or someone may be intercepting the connection. If you have "
                + "verified the new key, remove the old entry (ssh-keygen -R '" + token + "' -f " + file
                + ") and retry", host.toString(), expected, offered, file.toString());
    }

    /**
     * @param host a host
     * @return key types pinned for it, in file order (lets the client ask the server for a matching key)
     */
    public synchronized List<String> knownKeyTypes(RemoteHost host) {
        List<String> types = new ArrayList<>();
        String instanceId = host.instanceId().orElse(null);
        for (Entry e : entries(hostToken(host))) {
            if (e.pinsFor(instanceId) && !types.contains(e.type)) {
                types.add(e.type);
            }
        }
        return types;
    }

    /**
     * Drops the keys of a host that no longer exists: the lines recorded for its instance id and, when it has
     * one, the lines for its address that name no instance (pins of an older version, or added by hand for it).
     * A host without an instance id changes nothing: its address may already belong to another host.
     *
     * @param host the terminated host
     * @return the number of lines removed
     * @throws UncheckedIOException if the file cannot be rewritten
     */
    public synchronized int forget(RemoteHost host) {
        if (host.instanceId().isEmpty() || isJumpHost(host) || !Files.exists(file)) {
            return 0;
        }
        String id = host.instanceId().get();
        String token = hostToken(host);
        List<Entry> gone = new ArrayList<>();
        for (Entry e : entries(null)) {
            if (id.equals(e.instanceId) || e.instanceId == null && e.tokens.contains(token)) {
                gone.add(e);
            }
        }
        if (!gone.isEmpty()) {
            rewrite(l -> !gone.contains(l), null);
            LOG.info("Dropped {} host key line(s) of terminated {} from {}", gone.size(), host, file);
        }
        return gone.size();
    }

    private boolean isJumpHost(RemoteHost host) {
        return jumpHost != null && jumpHost.address().equals(host.address()) && jumpHost.port() == host.port();
    }

    /** @param host a host @return its known_hosts token: {@code address} for port 22, else {@code [address]:port} */
    public static String hostToken(RemoteHost host) {
        return host.port() == 22 ? host.address() : "[" + host.address() + "]:" + host.port();
    }

    /** @param keyBlob SSH wire encoding of a public key @return {@code SHA256:base64} as ssh-keygen prints it */
    public static String fingerprint(byte[] keyBlob) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(keyBlob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }

    /** @param key a public key @return its SSH wire encoding */
    public static byte[] blob(PublicKey key) {
        return new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    }

    /** @param token a host token, or null for every entry @return the matching entries, in file order */
    private List<Entry> entries(String token) {
        List<Entry> result = new ArrayList<>();
        if (!Files.exists(file)) {
            return result;
        }
        List<String> lines = readLines();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("@") || line.startsWith("|")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length < 3) {
                continue;
            }
            List<String> tokens = List.of(parts[0].split(","));
            String instanceId = parts.length > 3 && parts[3].startsWith(TAG) ? parts[3].substring(TAG.length()) : null;
            if (token == null || tokens.contains(token)) {
                result.add(new Entry(i + 1, tokens, parts[1], parts[2], instanceId));
            }
        }
        return result;
    }

    private List<String> readLines() {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read known_hosts file " + file, e);
        }
    }

    /** Rewrites the file atomically (mode 0600) without the entries {@code keep} rejects, plus {@code added}. */
    private void rewrite(java.util.function.Predicate<Entry> keep, String added) {
        List<String> lines = readLines();
        java.util.Set<Integer> dropped = new java.util.HashSet<>();
        for (Entry e : entries(null)) {
            if (!keep.test(e)) {
                dropped.add(e.lineNumber);
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            if (!dropped.contains(i + 1)) {
                out.append(lines.get(i)).append('\n');
            }
        }
        if (added != null) {
            out.append(added).append('\n');
        }
        try {
            Path tmp = Files.createTempFile(file.getParent(), ".known_hosts", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(tmp, out.toString(), StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite known_hosts file " + file, e);
        }
    }

    private void append(String line) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            byte[] existing = Files.readAllBytes(file);
            String prefix = existing.length > 0 && existing[existing.length - 1] != '\n' ? "\n" : "";
            Files.writeString(file, prefix + line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record host key in " + file, e);
        }
    }

    private static final class Entry {
        final int lineNumber;
        final List<String> tokens;
        final String type;
        final String base64;
        /** The instance the key was recorded for ({@code ds-ec2-instance=} comment), or null. */
        final String instanceId;

        Entry(int lineNumber, List<String> tokens, String type, String base64, String instanceId) {
            this.lineNumber = lineNumber;
            this.tokens = tokens;
            this.type = type;
            this.base64 = base64;
            this.instanceId = instanceId;
        }

        /** @return whether this entry pins the key of that instance (null: of whatever holds the address) */
        boolean pinsFor(String instance) {
            return this.instanceId == null || instance == null || this.instanceId.equals(instance);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry && ((Entry) o).lineNumber == lineNumber;
        }

        @Override
        public int hashCode() {
            return lineNumber;
        }
    }
}
