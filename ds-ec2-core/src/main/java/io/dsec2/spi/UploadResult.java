package io.dsec2.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The outcome of a finished upload: where the file is, how many bytes it has, its SHA-256 (verified on the
 * host when {@link UploadRequest#verifySha256()} was set) and how long it took. Immutable and thread-safe.
 *
 * <pre>{@code
 * UploadResult r = executor.upload(req);
 * log.info("{} bytes to {} in {}", r.bytes(), r.remotePath(), r.duration());
 * }</pre>
 */
public final class UploadResult {
    private final RemoteHost host;
    private final String remotePath;
    private final long bytes;
    private final String sha256;
    private final Duration duration;

    private UploadResult(Builder b) {
        this.host = Objects.requireNonNull(b.host, "host must not be null");
        this.remotePath = Objects.requireNonNull(b.remotePath, "remotePath must not be null");
        this.sha256 = Objects.requireNonNull(b.sha256, "sha256 must not be null");
        this.duration = Objects.requireNonNull(b.duration, "duration must not be null");
        if (b.bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative");
        }
        this.bytes = b.bytes;
    }

    /**
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return a builder holding this result's values
     */
    public Builder toBuilder() {
        return new Builder().host(host).remotePath(remotePath).bytes(bytes).sha256(sha256).duration(duration);
    }

    /**
     * @param change edits applied to a builder holding this value's fields
     * @return a new UploadResult with the edits applied
     */
    public UploadResult copy(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /**
     * @return the host
     */
    public RemoteHost host() {
        return host;
    }

    /**
     * @return absolute path of the file on the host
     */
    public String remotePath() {
        return remotePath;
    }

    /**
     * @return size of the uploaded file in bytes
     */
    public long bytes() {
        return bytes;
    }

    /**
     * @return lower-case hex SHA-256 of the uploaded content
     */
    public String sha256() {
        return sha256;
    }

    /**
     * @return wall-clock time of transfer, verification and placement
     */
    public Duration duration() {
        return duration;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof UploadResult)) {
            return false;
        }
        UploadResult r = (UploadResult) o;
        return bytes == r.bytes && host.equals(r.host) && remotePath.equals(r.remotePath) && sha256.equals(r.sha256)
                && duration.equals(r.duration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, remotePath, bytes, sha256, duration);
    }

    @Override
    public String toString() {
        return "UploadResult{host=" + host + ", remotePath=" + remotePath + ", bytes=" + bytes + ", sha256=" + sha256
                + ", duration=" + duration + "}";
    }

    /** Mutable, not thread-safe builder of {@link UploadResult}. */
    public static final class Builder {
        private RemoteHost host;
        private String remotePath;
        private long bytes;
        private String sha256;
        private Duration duration = Duration.ZERO;

        private Builder() {
        }

        /**
         * @param host the host
         * @return this builder
         */
        public Builder host(RemoteHost host) {
            this.host = Objects.requireNonNull(host, "host must not be null");
            return this;
        }

        /**
         * @param remotePath path on the host
         * @return this builder
         */
        public Builder remotePath(String remotePath) {
            this.remotePath = Objects.requireNonNull(remotePath, "remotePath must not be null");
            return this;
        }

        /**
         * @param bytes size in bytes
         * @return this builder
         */
        public Builder bytes(long bytes) {
            this.bytes = bytes;
            return this;
        }

        /**
         * @param sha256 lower-case hex digest
         * @return this builder
         */
        public Builder sha256(String sha256) {
            this.sha256 = Objects.requireNonNull(sha256, "sha256 must not be null");
            return this;
        }

        /**
         * @param duration elapsed time
         * @return this builder
         */
        public Builder duration(Duration duration) {
            this.duration = Objects.requireNonNull(duration, "duration must not be null");
            return this;
        }

        /**
         * @return the result
         * @throws NullPointerException if a required value is missing
         */
        public UploadResult build() {
            return new UploadResult(this);
        }
    }
}
