package io.dsec2.aws;

import io.dsec2.config.RetrySettings;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * How {@link AwsProvisioner} and {@link AwsLoadBalancer} build the AWS SDK clients they own: region, endpoint,
 * credentials and retries. Throttling ({@code RequestLimitExceeded}, {@code Throttling}), 5xx answers and
 * connection errors are retried by the SDK's standard retry strategy (AWS's retryable and throttling error codes)
 * with the exponential backoff and jitter of {@link #retry()}, as AWS advises for throttled EC2 calls
 * (https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html).
 *
 * <pre>{@code
 * AwsClientSettings s = AwsClientSettings.builder()
 *         .region("us-east-1")
 *         .endpointOverride(URI.create("http://127.0.0.1:5000"))   // LocalCloud / moto / LocalStack
 *         .retry(r -> r.maxAttempts(10).initialBackoff(Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(20)))
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; the builder is mutable and not thread-safe.
 */
public final class AwsClientSettings {
    /**
     * Default retries of one API call: 8 attempts, 200 ms initial backoff doubling up to 20 s, jitter 0.5. RunInstances
     * refills at 2 requests/s and mutating calls at 5/s, so a burst is absorbed within seconds
     * (https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html).
     */
    public static final RetrySettings DEFAULT_RETRY = RetrySettings.builder().maxAttempts(8)
            .initialBackoff(Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(20)).multiplier(2.0).jitter(0.5)
            .build();

    private final String region;
    private final URI endpointOverride;
    private final String profileName;
    private final AwsCredentialsProvider credentialsProvider;
    private final RetrySettings retry;
    private final Duration apiCallTimeout;

    private AwsClientSettings(Builder b) {
        this.region = b.region;
        this.endpointOverride = b.endpointOverride;
        this.profileName = b.profileName;
        this.credentialsProvider = b.credentialsProvider;
        this.retry = b.retry;
        this.apiCallTimeout = b.apiCallTimeout;
        if (profileName != null && credentialsProvider != null) {
            throw new IllegalStateException("set either profileName or credentialsProvider, not both");
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
        b.retry = retry;
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

    /** @return retries of one API call; default {@link #DEFAULT_RETRY} */
    public RetrySettings retry() {
        return retry;
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
                && Objects.equals(credentialsProvider, s.credentialsProvider) && retry.equals(s.retry)
                && apiCallTimeout.equals(s.apiCallTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(region, endpointOverride, profileName, credentialsProvider, retry, apiCallTimeout);
    }

    @Override
    public String toString() {
        return "AwsClientSettings{region=" + region + ", endpoint=" + endpointOverride + ", profile=" + profileName
                + ", credentials=" + (credentialsProvider == null ? "default" : "custom") + ", retry=" + retry
                + ", apiCallTimeout=" + apiCallTimeout + "}";
    }

    /** Builder for {@link AwsClientSettings}; mutable, not thread-safe. */
    public static final class Builder {
        private String region;
        private URI endpointOverride;
        private String profileName;
        private AwsCredentialsProvider credentialsProvider;
        private RetrySettings retry = DEFAULT_RETRY;
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
         * @param v retries of one API call (attempts including the first, exponential backoff with jitter); default
         *     {@link #DEFAULT_RETRY}; {@link RetrySettings#none()} disables retries
         * @return this
         */
        public Builder retry(RetrySettings v) {
            retry = Objects.requireNonNull(v, "retry must not be null");
            return this;
        }

        /**
         * @param v edits the current retry settings
         * @return this
         */
        public Builder retry(Consumer<RetrySettings.Builder> v) {
            return retry(retry.copy(v));
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

        /** @return the settings @throws IllegalStateException if both profile and credentials provider are set */
        public AwsClientSettings build() {
            return new AwsClientSettings(this);
        }
    }
}
