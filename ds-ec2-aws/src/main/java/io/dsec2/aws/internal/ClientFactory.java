package io.dsec2.aws.internal;

import io.dsec2.aws.AwsClientSettings;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/** Configures SDK client builders from {@link AwsClientSettings}. Stateless. */
public final class ClientFactory {
    private ClientFactory() {
    }

    /**
     * Applies region, endpoint, credentials and the retry strategy to a client builder.
     *
     * @param builder an SDK client builder
     * @param settings the settings
     * @param <B> the builder type
     * @return the builder
     */
    public static <B extends AwsClientBuilder<B, ?>> B configure(B builder, AwsClientSettings settings) {
        settings.region().ifPresent(r -> builder.region(Region.of(r)));
        settings.endpointOverride().ifPresent(builder::endpointOverride);
        builder.credentialsProvider(credentials(settings));
        builder.overrideConfiguration(ClientOverrideConfiguration.builder()
                .retryStrategy(retryStrategy(settings))
                .apiCallTimeout(settings.apiCallTimeout())
                .build());
        return builder;
    }

    /**
     * The SDK standard strategy (AWS retryable and throttling error codes, including {@code RequestLimitExceeded}
     * and {@code Throttling}) with the backoff of {@link AwsClientSettings#retry()} for ordinary and throttling
     * errors alike.
     *
     * @param settings the settings
     * @return the strategy
     */
    public static RetryStrategy retryStrategy(AwsClientSettings settings) {
        BackoffStrategy backoff = new JitteredBackoff(settings.retry());
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(settings.retry().maxAttempts())
                .backoffStrategy(backoff)
                .throttlingBackoffStrategy(backoff)
                .build();
    }

    private static AwsCredentialsProvider credentials(AwsClientSettings settings) {
        if (settings.credentialsProvider().isPresent()) {
            return settings.credentialsProvider().get();
        }
        if (settings.profileName().isPresent()) {
            return ProfileCredentialsProvider.create(settings.profileName().get());
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
