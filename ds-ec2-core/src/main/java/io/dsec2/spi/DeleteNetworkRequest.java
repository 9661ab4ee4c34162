package io.dsec2.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * Deletes the security groups ds-ec2 created for a cluster (tagged with the cluster id and
 * {@code ds-ec2:managed-by=ds-ec2}); groups the user supplied are never touched.
 *
 * <pre>{@code
 * provisioner.deleteNetwork(DeleteNetworkRequest.of("prod", "vpc-0abc", Duration.ofMinutes(5)));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class DeleteNetworkRequest {
    private final String clusterId;
    private final String vpcId;
    private final Duration timeout;

    private DeleteNetworkRequest(String clusterId, String vpcId, Duration timeout) {
        this.clusterId = Objects.requireNonNull(clusterId, "clusterId must not be null");
        this.vpcId = Objects.requireNonNull(vpcId, "vpcId must not be null");
        this.timeout = Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
    }

    /**
     * @param clusterId the cluster id
     * @param vpcId the VPC the groups live in
     * @param timeout how long to keep retrying while a group is still in use (AWS {@code DependencyViolation},
     *     for example by network interfaces of instances being terminated); zero = try once
     * @return the request
     */
    public static DeleteNetworkRequest of(String clusterId, String vpcId, Duration timeout) {
        return new DeleteNetworkRequest(clusterId, vpcId, timeout);
    }

    /** @return the cluster id */
    public String clusterId() {
        return clusterId;
    }

    /** @return the VPC id */
    public String vpcId() {
        return vpcId;
    }

    /** @return how long to retry groups that are still in use */
    public Duration timeout() {
        return timeout;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeleteNetworkRequest && ((DeleteNetworkRequest) o).clusterId.equals(clusterId)
                && ((DeleteNetworkRequest) o).vpcId.equals(vpcId) && ((DeleteNetworkRequest) o).timeout.equals(timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clusterId, vpcId, timeout);
    }

    @Override
    public String toString() {
        return "DeleteNetworkRequest{cluster=" + clusterId + ", vpc=" + vpcId + ", timeout=" + timeout + "}";
    }
}
