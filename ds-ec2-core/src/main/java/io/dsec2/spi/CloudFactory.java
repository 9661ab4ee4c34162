package io.dsec2.spi;

import io.dsec2.model.ClusterSpec;

/**
 * Makes the cloud-side SPIs for a spec. {@code ds-ec2-aws} registers one through
 * {@code META-INF/services/io.dsec2.spi.CloudFactory}, so adding that module to the class path is all a user
 * needs; explicit instances set on {@link io.dsec2.DsCluster.Builder} win over it.
 *
 * <p>Implementations must be thread-safe and cheap to construct; the objects they return are owned (and
 * closed) by ds-ec2.
 */
public interface CloudFactory {
    /** @return a provisioner for the spec's region, endpoint and credentials */
    Provisioner provisioner(ClusterSpec spec);

    /** @return the load balancer SPI for the same account and region */
    LoadBalancer loadBalancer(ClusterSpec spec);

    /**
     * @param fallback the resolver for environment, file and literal secrets
     * @return a resolver that also reads Secrets Manager and SSM SecureString references
     */
    SecretResolver secretResolver(ClusterSpec spec, SecretResolver fallback);

    /**
     * @param spec the cluster; its {@code storage} section names the bucket (and region, endpoint)
     * @return the object store for {@code delete --purge-data}; the default implementation has none
     * @throws UnsupportedOperationException if this factory cannot make one
     */
    default ObjectStore objectStore(ClusterSpec spec) {
        throw new UnsupportedOperationException(getClass().getName() + " makes no ObjectStore: S3 data cannot be purged");
    }
}
