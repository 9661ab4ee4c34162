package io.dsec2.model;

import io.dsec2.internal.spec.Checks;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The S3 bucket behind DolphinScheduler's resource center ({@code resource.storage.type=S3} in
 * {@code common.properties}). The bucket must already exist. DS 3.2.0's S3 plugin accepts only static
 * credentials, never an instance profile
 * (https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-storage-plugin/dolphinscheduler-storage-s3/src/main/java/org/apache/dolphinscheduler/plugin/storage/s3/S3StorageOperator.java),
 * so an access key pair is required; give it as secret references.
 *
 * <pre>{@code
 * StorageSpec s3 = StorageSpec.builder()
 *         .bucket("ds-resources").prefix("/dolphinscheduler")
 *         .accessKeyId(Secret.fromSsmParameter("/ds/s3/key-id"))
 *         .secretAccessKey(Secret.fromSecretsManager("ds/s3-secret"))
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link #toString()} shows only secret references.
 */
public final class StorageSpec {
    private final String bucket;
    private final String prefix;
    private final String region;
    private final String endpoint;
    private final Secret accessKeyId;
    private final Secret secretAccessKey;

    private StorageSpec(Builder b) {
        bucket = b.bucket;
        prefix = b.prefix;
        region = b.region;
        endpoint = b.endpoint;
        accessKeyId = b.accessKeyId;
        secretAccessKey = b.secretAccessKey;
    }

    /** @return a builder with no bucket */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this spec's values */
    public Builder toBuilder() {
        Builder b = new Builder().bucket(bucket).prefix(prefix).region(region).endpoint(endpoint);
        b.accessKeyId = accessKeyId;
        b.secretAccessKey = secretAccessKey;
        return b;
    }

    /**
     * @param change applied to a copy of the builder
     * @return the changed copy
     */
    public StorageSpec copy(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /** @return the bucket name ({@code resource.aws.s3.bucket.name}) */
    public String bucket() {
        return bucket;
    }

    /** @return {@code resource.storage.upload.base.path}; default {@code /dolphinscheduler} */
    public String prefix() {
        return prefix;
    }

    /** @return the bucket's region; empty (default) means the cluster's region */
    public String region() {
        return region;
    }

    /** @return {@code resource.aws.s3.endpoint}; empty (default) means real AWS S3 */
    public String endpoint() {
        return endpoint;
    }

    /** @return the access key id reference, if given */
    public Optional<Secret> accessKeyId() {
        return Optional.ofNullable(accessKeyId);
    }

    /** @return the secret access key reference, if given */
    public Optional<Secret> secretAccessKey() {
        return Optional.ofNullable(secretAccessKey);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StorageSpec)) {
            return false;
        }
        StorageSpec s = (StorageSpec) o;
        return bucket.equals(s.bucket) && prefix.equals(s.prefix) && region.equals(s.region)
                && endpoint.equals(s.endpoint) && Objects.equals(accessKeyId, s.accessKeyId)
                && Objects.equals(secretAccessKey, s.secretAccessKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bucket, prefix, region, endpoint, accessKeyId, secretAccessKey);
    }

    @Override
    public String toString() {
        return "StorageSpec{s3://" + bucket + prefix + (region.isEmpty() ? "" : ", region=" + region)
                + (endpoint.isEmpty() ? "" : ", endpoint=" + endpoint) + ", accessKeyId=" + accessKeyId
                + ", secretAccessKey=" + secretAccessKey + "}";
    }

    /** Mutable, not thread-safe builder for {@link StorageSpec}. */
    public static final class Builder {
        private String bucket = "";
        private String prefix = "/dolphinscheduler";
        private String region = "";
        private String endpoint = "";
        private Secret accessKeyId;
        private Secret secretAccessKey;

        private Builder() {
        }

        /**
         * @param bucket an existing S3 bucket (3-63 chars, lower case); required
         * @return this builder
         */
        public Builder bucket(String bucket) {
            this.bucket = Checks.notNull(bucket, "bucket");
            return this;
        }

        /**
         * @param prefix absolute upload base path; default {@code /dolphinscheduler}
         * @return this builder
         */
        public Builder prefix(String prefix) {
            this.prefix = Checks.notNull(prefix, "prefix");
            return this;
        }

        /**
         * @param region bucket region; empty means the cluster's
         * @return this builder
         */
        public Builder region(String region) {
            this.region = Checks.notNull(region, "region");
            return this;
        }

        /**
         * @param endpoint S3 endpoint URL; empty (default) for real AWS
         * @return this builder
         */
        public Builder endpoint(String endpoint) {
            this.endpoint = Checks.notNull(endpoint, "endpoint");
            return this;
        }

        /**
         * @param accessKeyId reference to the access key id; required by DS 3.2.0
         * @return this builder
         */
        public Builder accessKeyId(Secret accessKeyId) {
            this.accessKeyId = Checks.notNull(accessKeyId, "accessKeyId");
            return this;
        }

        /**
         * @param secretAccessKey reference to the secret key; required by DS 3.2.0
         * @return this builder
         */
        public Builder secretAccessKey(Secret secretAccessKey) {
            this.secretAccessKey = Checks.notNull(secretAccessKey, "secretAccessKey");
            return this;
        }

        /** @return the spec (checked later, by the cluster build) */
        public StorageSpec build() {
            return new StorageSpec(this);
        }
    }
}
