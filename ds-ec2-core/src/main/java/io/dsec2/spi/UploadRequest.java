package io.dsec2.spi;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One file to place on one host: from a local file or from bytes in memory, with a mode, an optional owner and
 * a SHA-256 check of the bytes that arrived.
 *
 * <p>The file is written to a temporary name first and moved into place only after the check passed, so a
 * reader never sees a partial file. With {@link #sudo()} the temporary file lives in {@code /tmp} and is placed
 * with {@code sudo -n install -m MODE [-o OWNER]}; without it the temporary file sits next to the target.
 * {@link #toString()} never shows content bytes (they may be a secret).
 *
 * <pre>{@code
 * UploadRequest req = UploadRequest.builder().host(host).content(passwordFileBytes)
 *         .remotePath("/opt/ds/conf/db.password").mode(0600).owner("dolphinscheduler").sudo(true).build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; the builder is not thread-safe.
 */
public final class UploadRequest {
    private final RemoteHost host;
    private final Path localFile;
    private final byte[] content;
    private final String remotePath;
    private final int mode;
    private final String owner;
    private final boolean sudo;
    private final boolean verifySha256;
    private final UploadProgressListener progressListener;

    private UploadRequest(Builder b) {
        this.host = Objects.requireNonNull(b.host, "host must not be null");
        this.remotePath = Objects.requireNonNull(b.remotePath, "remotePath must not be null");
        if (!remotePath.startsWith("/") || remotePath.endsWith("/")) {
            throw new IllegalArgumentException("remotePath must be an absolute file path, was " + remotePath);
        }
        if ((b.localFile == null) == (b.content == null)) {
            throw new IllegalStateException("exactly one of localFile(Path) and content(byte[]) must be set");
        }
        this.localFile = b.localFile;
        this.content = b.content;
        this.mode = b.mode;
        this.owner = b.owner;
        this.sudo = b.sudo;
        this.verifySha256 = b.verifySha256;
        this.progressListener = b.progressListener;
    }

    /**
     * @return a new builder: mode 0600, no owner change, no sudo, verifySha256 true, no progress listener
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return a builder holding this request's values
     */
    public Builder toBuilder() {
        Builder b = new Builder().host(host).remotePath(remotePath).mode(mode).sudo(sudo).verifySha256(verifySha256)
                .progressListener(progressListener);
        b.localFile = localFile;
        b.content = content;
        b.owner = owner;
        return b;
    }

    /**
     * @param change edits applied to a builder holding this value's fields
     * @return a new UploadRequest with the edits applied
     */
    public UploadRequest copy(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /**
     * @return the target host
     */
    public RemoteHost host() {
        return host;
    }

    /**
     * @return the local file to upload, if the source is a file
     */
    public Optional<Path> localFile() {
        return Optional.ofNullable(localFile);
    }

    /**
     * @return a copy of the bytes to upload, if the source is in memory
     */
    public Optional<byte[]> content() {
        return Optional.ofNullable(content).map(byte[]::clone);
    }

    /**
     * @return absolute target path on the host
     */
    public String remotePath() {
        return remotePath;
    }

    /**
     * @return permission bits of the placed file, e.g. {@code 0600} (the default); 0..07777
     */
    public int mode() {
        return mode;
    }

    /**
     * @return the user that will own the file; empty leaves the login (or, with sudo, root) as owner
     */
    public Optional<String> owner() {
        return Optional.ofNullable(owner);
    }

    /**
     * @return true to place the file as root through {@code sudo -n install}
     */
    public boolean sudo() {
        return sudo;
    }

    /**
     * @return true (default) to compare the remote {@code sha256sum} with the local digest before placing
     */
    public boolean verifySha256() {
        return verifySha256;
    }

    /**
     * @return the progress listener, {@link UploadProgressListener#NONE} by default
     */
    public UploadProgressListener progressListener() {
        return progressListener;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof UploadRequest)) {
            return false;
        }
        UploadRequest r = (UploadRequest) o;
        return mode == r.mode && sudo == r.sudo && verifySha256 == r.verifySha256 && host.equals(r.host)
                && Objects.equals(localFile, r.localFile) && Arrays.equals(content, r.content)
                && remotePath.equals(r.remotePath) && Objects.equals(owner, r.owner)
                && progressListener.equals(r.progressListener);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, localFile, Arrays.hashCode(content), remotePath, mode, owner, sudo, verifySha256,
                progressListener);
    }

    /**
     * @return a description without content bytes
     */
    @Override
    public String toString() {
        String source = localFile != null ? "file " + localFile : content.length + " bytes in memory";
        return "UploadRequest{host=" + host + ", source=" + source + ", remotePath=" + remotePath + ", mode=0"
                + Integer.toOctalString(mode) + ", owner=" + (owner == null ? "unchanged" : owner) + ", sudo=" + sudo
                + ", verifySha256=" + verifySha256 + "}";
    }

    /** Mutable, not thread-safe builder of {@link UploadRequest}. */
    public static final class Builder {
        private RemoteHost host;
        private Path localFile;
        private byte[] content;
        private String remotePath;
        private int mode = 0600;
        private String owner;
        private boolean sudo;
        private boolean verifySha256 = true;
        private UploadProgressListener progressListener = UploadProgressListener.NONE;

        private Builder() {
        }

        /**
         * @param host target host, required
         * @return this builder
         */
        public Builder host(RemoteHost host) {
            this.host = Objects.requireNonNull(host, "host must not be null");
            return this;
        }

        /**
         * @param localFile local regular file to upload; replaces {@link #content(byte[])}
         * @return this builder
         */
        public Builder localFile(Path localFile) {
            this.localFile = Objects.requireNonNull(localFile, "localFile must not be null");
            this.content = null;
            return this;
        }

        /**
         * @param content bytes to upload (copied); replaces {@link #localFile(Path)}
         * @return this builder
         */
        public Builder content(byte[] content) {
            this.content = Objects.requireNonNull(content, "content must not be null").clone();
            this.localFile = null;
            return this;
        }

        /**
         * @param remotePath absolute file path on the host, required
         * @return this builder
         */
        public Builder remotePath(String remotePath) {
            this.remotePath = Objects.requireNonNull(remotePath, "remotePath must not be null");
            return this;
        }

        /**
         * @param mode permission bits, 0..07777 (write it in octal, e.g. {@code 0640}); default 0600
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder mode(int mode) {
            if (mode < 0 || mode > 07777) {
                throw new IllegalArgumentException("mode must be 0..07777, was 0" + Integer.toOctalString(mode));
            }
            this.mode = mode;
            return this;
        }

        /**
         * @param owner user name (optionally {@code user:group}) to own the file; default unchanged
         * @return this builder
         * @throws IllegalArgumentException if it contains characters other than letters, digits, {@code ._-:}
         */
        public Builder owner(String owner) {
            Objects.requireNonNull(owner, "owner must not be null");
            if (!owner.matches("[A-Za-z0-9._-]+(:[A-Za-z0-9._-]+)?")) {
                throw new IllegalArgumentException("owner must be a user name or user:group, was " + owner);
            }
            this.owner = owner;
            return this;
        }

        /**
         * @param sudo true to place the file as root via {@code sudo -n install}; default false
         * @return this
         */
        public Builder sudo(boolean sudo) {
            this.sudo = sudo;
            return this;
        }

        /**
         * @param verify false to skip the remote SHA-256 comparison; default true
         * @return this builder
         */
        public Builder verifySha256(boolean verify) {
            this.verifySha256 = verify;
            return this;
        }

        /**
         * @param listener receives progress; default {@link UploadProgressListener#NONE}
         * @return this builder
         */
        public Builder progressListener(UploadProgressListener listener) {
            this.progressListener = Objects.requireNonNull(listener, "listener must not be null");
            return this;
        }

        /**
         * @return the request
         * @throws NullPointerException if host or remotePath is missing
         * @throws IllegalStateException unless exactly one source is set
         */
        public UploadRequest build() {
            return new UploadRequest(this);
        }
    }
}
