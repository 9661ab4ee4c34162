package io.dsec2.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * How {@link AwsProvisioner} and {@link AwsLoadBalancer} build the AWS SDK clients they own: region, endpoint,
 * credentials and retries. Throttling ({@code RequestLimitExceeded}, {@code Throttling}) and other retryable
 * errors are retried by the SDK's standard retry strategy with exponential backoff and full jitter, bounded by
 * {@link #maxAttempts()}; throttling uses the same backoff (AWS throttling guidance, testing-facts.md §E).
 *
 * <pre>{@code
 * AwsClientSettings s = AwsClientSettings.builder()
 *         .region("us-east-1")
 *         .endpointOverride(URI.create("http://127.0.0.1:5000"))   // LocalCloud / moto / LocalStack
 *         .maxAttempts(10).initialBackoff(Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(20))
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; the builder is mutable and not thread-safe.
 */
public final class AwsClientSettings {
    private final String region;
    private final URI endpointOverride;
    private final String profileName;
    private final AwsCredentialsProvider credentialsProvider;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration apiCallTimeout;

    private AwsClientSettings(Builder b) {
        this.region = b.region;
        this.endpointOverride = b.endpointOverride;
        this.profileName = b.profileName;
        this.credentialsProvider = b.credentialsProvider;
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.apiCallTimeout = b.apiCallTimeout;
        if (profileName != null && credentialsProvider != null) {
            throw new IllegalStateException("set either profileName or credentialsProvider, not both");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalStateException("maxBackoff " + maxBackoff + " is shorter than initialBackoff "
                    + initialBackoff);
        }
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return settings with all defaults (region and credentials from the SDK's default chains) */
    public static AwsClientSettings create() {
        return builder().build();
    }

    /** @return a builder initialised from this value */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.region = region;
        b.endpointOverride = endpointOverride;
        b.profileName = profileName;
        b.credentialsProvider = credentialsProvider;
        b.maxAttempts = maxAttempts;
        b.initialBackoff = initialBackoff;
        b.maxBackoff = maxBackoff;
        b.apiCallTimeout = apiCallTimeout;
        return b;
    }

    /** @param change applied to a copy's builder @return the changed copy */
    public AwsClientSettings copy(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /** @return the region, for example {@code us-east-1}; unset = the SDK's default region chain */
    public Optional<String> region() {
        return Optional.ofNullable(region);
    }

    /** @return the endpoint for every service (LocalCloud, moto, LocalStack); unset = AWS */
    public Optional<URI> endpointOverride() {
        return Optional.ofNullable(endpointOverride);
    }

    /** @return the named profile in the AWS config files, if set */
    public Optional<String> profileName() {
        return Optional.ofNullable(profileName);
    }

    /** @return the credentials provider (escape hatch to an SDK type), if set */
    public Optional<AwsCredentialsProvider> credentialsProvider() {
        return Optional.ofNullable(credentialsProvider);
    }

    /** @return attempts per call including the first; default 8 */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** @return the base of the exponential backoff; default 200 ms */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** @return the cap of one backoff; default 20 s */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** @return the limit of one API call including its retries; default 2 minutes */
    public Duration apiCallTimeout() {
        return apiCallTimeout;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AwsClientSettings)) {
            return false;
        }
        AwsClientSettings s = (AwsClientSettings) o;
        return Objects.equals(region, s.region) && Objects.equals(endpointOverride, s.endpointOverride)
                && Objects.equals(profileName, s.profileName)
                && Objects.equals(credentialsProvider, s.credentialsProvider) && maxAttempts == s.maxAttempts
                && initialBackoff.equals(s.initialBackoff) && maxBackoff.equals(s.maxBackoff)
                && apiCallTimeout.equals(s.apiCallTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(region, endpointOverride, profileName, credentialsProvider, maxAttempts, initialBackoff,
                maxBackoff, apiCallTimeout);
    }

    @Override
    public String toString() {
        return "AwsClientSettings{region=" + region + ", endpoint=" + endpointOverride + ", profile=" + profileName
                + ", credentials=" + (credentialsProvider == null ? "default" : "custom") + ", maxAttempts="
                + maxAttempts + ", backoff=" + initialBackoff + ".." + maxBackoff + "}";
    }

    /** Builder for {@link AwsClientSettings}; mutable, not thread-safe. */
    public static final class Builder {
        private String region;
        private URI endpointOverride;
        private String profileName;
        private AwsCredentialsProvider credentialsProvider;
        private int maxAttempts = 8;
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(20);
        private Duration apiCallTimeout = Duration.ofMinutes(2);

        private Builder() {
        }

        /** @param v region id, for example {@code eu-west-1}; default: the SDK's region chain @return this */
        public Builder region(String v) {
            region = v;
            return this;
        }

        /** @param v endpoint for every service, for example {@code http://127.0.0.1:5000}; default AWS @return this */
        public Builder endpointOverride(URI v) {
            endpointOverride = v;
            return this;
        }

        /** @param v named profile; default: the SDK's credentials chain @return this */
        public Builder profileName(String v) {
            profileName = v;
            return this;
        }

        /**
         * Escape hatch: an AWS SDK credentials provider. Not closed by ds-ec2.
         *
         * @param v the provider; default: the SDK's default credentials chain
         * @return this
         */
        public Builder credentialsProvider(AwsCredentialsProvider v) {
            credentialsProvider = v;
            return this;
        }

        /**
         * @param v attempts per call including the first, 1..50; default 8 (1 = no retries)
         * @return this
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxAttempts(int v) {
            if (v < 1 || v > 50) {
                throw new IllegalArgumentException("maxAttempts must be within 1..50: " + v);
            }
            maxAttempts = v;
            return this;
        }

        /**
         * @param v base delay of the exponential backoff (doubling, full jitter), positive; default 200 ms
         * @return this
         * @throws IllegalArgumentException if zero or negative
         */
        public Builder initialBackoff(Duration v) {
            if (v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException("initialBackoff must be positive: " + v);
            }
            initialBackoff = v;
            return this;
        }

        /**
         * @param v cap of one backoff delay, positive; default 20 s
         * @return this
         * @throws IllegalArgumentException if zero or negative
         */
        public Builder maxBackoff(Duration v) {
            if (v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException("maxBackoff must be positive: " + v);
            }
            maxBackoff = v;
            return this;
        }

        /**
         * @param v limit of one API call including retries, positive; default 2 minutes
         * @return this
         * @throws IllegalArgumentException if zero or negative
         */
        public Builder apiCallTimeout(Duration v) {
            if (v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException("apiCallTimeout must be positive: " + v);
            }
            apiCallTimeout = v;
            return this;
        }

        /** @return the settings @throws IllegalStateException if both profile and provider are set */
        public AwsClientSettings build() {
            return new AwsClientSettings(this);
        }
    }
}
