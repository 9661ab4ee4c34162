package io.dsec2.aws;

import io.dsec2.model.AwsSpec;
import io.dsec2.model.ClusterSpec;
import io.dsec2.spi.CloudFactory;
import io.dsec2.spi.LoadBalancer;
import io.dsec2.spi.ObjectStore;
import io.dsec2.spi.Provisioner;
import io.dsec2.spi.SecretResolver;

/**
 * The {@link CloudFactory} that {@code DsCluster} finds on the class path: AWS SDK v2 clients for the spec's
 * {@code aws.region}, {@code aws.endpoint} (an override such as the LocalCloud's; none on real AWS) and
 * {@code aws.profile} (a named credentials profile; else the SDK's default chain). Thread-safe and stateless.
 */
public final class AwsCloudFactory implements CloudFactory {
    /** @return the client settings a spec asks for */
    public static AwsClientSettings settings(ClusterSpec spec) {
        AwsSpec aws = spec.aws();
        AwsClientSettings.Builder b = AwsClientSettings.builder().region(aws.region());
        aws.endpointOverride().ifPresent(b::endpointOverride);
        aws.profile().ifPresent(b::profileName);
        return b.build();
    }

    @Override
    public Provisioner provisioner(ClusterSpec spec) {
        return AwsProvisioner.builder().clientSettings(settings(spec)).build();
    }

    @Override
    public LoadBalancer loadBalancer(ClusterSpec spec) {
        return AwsLoadBalancer.builder().clientSettings(settings(spec)).build();
    }

    @Override
    public SecretResolver secretResolver(ClusterSpec spec, SecretResolver fallback) {
        return new AwsSecretResolver(settings(spec), fallback);
    }

    /**
     * An S3 client for the spec's storage: region {@code storage.region} (else {@code aws.region}), endpoint
     * {@code storage.endpoint} (else {@code aws.endpoint}, path-style when overridden), the operator's AWS
     * credentials ({@code aws.profile} or the default chain), not DolphinScheduler's static keys.
     */
    @Override
    public ObjectStore objectStore(ClusterSpec spec) {
        AwsClientSettings.Builder b = settings(spec).toBuilder();
        spec.storage().ifPresent(st -> {
            if (!st.region().isBlank()) {
                b.region(st.region());
            }
            if (!st.endpoint().isBlank()) {
                b.endpointOverride(java.net.URI.create(st.endpoint()));
            }
        });
        return new AwsObjectStore(b.build());
    }
}
