package io.dsec2.spi;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The security groups a cluster needs: either given (used as they are for every node) or created for the
 * cluster with least-privilege rules, one group per role, plus one for the load balancer when enabled.
 *
 * <p>Created rules, following which DolphinScheduler 3.2.0 server connects to which (the ports are set in each
 * server's {@code application.yaml}, for example
 * https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-master/src/main/resources/application.yaml):
 * <ul>
 *   <li>master: 5678 from workers; 5679 (actuator) and 22 from the admin CIDRs;</li>
 *   <li>worker: 1234 from masters and api; 1235 and 22 from the admin CIDRs;</li>
 *   <li>api: 12345 from the load balancer's group when enabled, else from the API CIDRs; 12345 and 22 from the
 *       admin CIDRs;</li>
 *   <li>alert: 50052 from workers and api; 50053 and 22 from the admin CIDRs;</li>
 *   <li>load balancer: the listener port from the API CIDRs.</li>
 * </ul>
 * ZooKeeper and the database are outside the cluster and not covered.
 *
 * <pre>{@code
 * NetworkResult net = provisioner.ensureNetwork(NetworkRequest.builder().clusterId("prod").vpcId("vpc-0abc")
 *         .adminCidrs(List.of("203.0.113.7/32")).apiCidrs(List.of("10.0.0.0/8")).loadBalancerEnabled(true).build());
 * }</pre>
 *
 * <p>Immutable and thread-safe; the builder is mutable and not thread-safe.
 */
public final class NetworkRequest {
    private final String clusterId;
    private final String vpcId;
    private final List<String> securityGroupIds;
    private final List<String> adminCidrs;
    private final List<String> apiCidrs;
    private final boolean loadBalancerEnabled;
    private final int loadBalancerPort;
    private final java.util.Map<String, String> tags;

    private NetworkRequest(Builder b) {
        this.clusterId = Objects.requireNonNull(b.clusterId, "clusterId must not be null");
        this.vpcId = Objects.requireNonNull(b.vpcId, "vpcId must not be null");
        this.securityGroupIds = List.copyOf(b.securityGroupIds);
        this.adminCidrs = List.copyOf(b.adminCidrs);
        this.apiCidrs = List.copyOf(b.apiCidrs);
        this.loadBalancerEnabled = b.loadBalancerEnabled;
        this.loadBalancerPort = b.loadBalancerPort;
        this.tags = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(b.tags));
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder initialised from this value */
    public Builder toBuilder() {
        return new Builder().clusterId(clusterId).vpcId(vpcId).securityGroupIds(securityGroupIds).adminCidrs(adminCidrs)
                .apiCidrs(apiCidrs).loadBalancerEnabled(loadBalancerEnabled).loadBalancerPort(loadBalancerPort)
                .tags(tags);
    }

    /** @param change applied to a copy's builder @return the changed copy */
    public NetworkRequest copy(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /** @return the cluster id */
    public String clusterId() {
        return clusterId;
    }

    /** @return the VPC the groups live in */
    public String vpcId() {
        return vpcId;
    }

    /** @return user-supplied groups; when non-empty nothing is created and every role gets these */
    public List<String> securityGroupIds() {
        return securityGroupIds;
    }

    /** @return CIDRs allowed SSH (22) and the actuator ports; empty = no administrative access from outside */
    public List<String> adminCidrs() {
        return adminCidrs;
    }

    /** @return CIDRs allowed to reach the API (through the load balancer when enabled); empty = none */
    public List<String> apiCidrs() {
        return apiCidrs;
    }

    /** @return whether a load-balancer group is created and the API accepts 12345 from it; default false */
    public boolean loadBalancerEnabled() {
        return loadBalancerEnabled;
    }

    /** @return the load balancer listener port opened to {@link #apiCidrs()}; default 80 */
    public int loadBalancerPort() {
        return loadBalancerPort;
    }

    /** @return the user's tags for the security groups created; ds-ec2's tags and {@code Name} win over these */
    public java.util.Map<String, String> tags() {
        return tags;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NetworkRequest)) {
            return false;
        }
        NetworkRequest r = (NetworkRequest) o;
        return clusterId.equals(r.clusterId) && vpcId.equals(r.vpcId) && securityGroupIds.equals(r.securityGroupIds)
                && adminCidrs.equals(r.adminCidrs) && apiCidrs.equals(r.apiCidrs)
                && loadBalancerEnabled == r.loadBalancerEnabled && loadBalancerPort == r.loadBalancerPort
                && tags.equals(r.tags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clusterId, vpcId, securityGroupIds, adminCidrs, apiCidrs, loadBalancerEnabled,
                loadBalancerPort, tags);
    }

    @Override
    public String toString() {
        return "NetworkRequest{cluster=" + clusterId + ", vpc=" + vpcId + ", givenGroups=" + securityGroupIds
                + ", adminCidrs=" + adminCidrs + ", apiCidrs=" + apiCidrs + ", loadBalancer=" + loadBalancerEnabled
                + ":" + loadBalancerPort + "}";
    }

    /** Builder for {@link NetworkRequest}; mutable, not thread-safe. */
    public static final class Builder {
        private String clusterId;
        private String vpcId;
        private List<String> securityGroupIds = List.of();
        private List<String> adminCidrs = List.of();
        private List<String> apiCidrs = List.of();
        private boolean loadBalancerEnabled;
        private int loadBalancerPort = 80;
        private java.util.Map<String, String> tags = java.util.Map.of();

        private Builder() {
        }

        /** @param v cluster id (required) @return this */
        public Builder clusterId(String v) {
            clusterId = v;
            return this;
        }

        /** @param v VPC id (required) @return this */
        public Builder vpcId(String v) {
            vpcId = v;
            return this;
        }

        /** @param v given security group ids; default empty (create) @return this */
        public Builder securityGroupIds(List<String> v) {
            securityGroupIds = List.copyOf(v);
            return this;
        }

        /** @param v admin CIDRs (SSH, actuator); default empty @return this */
        public Builder adminCidrs(List<String> v) {
            adminCidrs = List.copyOf(v);
            return this;
        }

        /** @param v API client CIDRs; default empty @return this */
        public Builder apiCidrs(List<String> v) {
            apiCidrs = List.copyOf(v);
            return this;
        }

        /** @param v create a load-balancer group; default false @return this */
        public Builder loadBalancerEnabled(boolean v) {
            loadBalancerEnabled = v;
            return this;
        }

        /** @param v listener port, 1..65535; default 80 @return this @throws IllegalArgumentException if out of range */
        public Builder loadBalancerPort(int v) {
            if (v < 1 || v > 65535) {
                throw new IllegalArgumentException("loadBalancerPort must be within 1..65535: " + v);
            }
            loadBalancerPort = v;
            return this;
        }

        /** @param v the user's tags for created security groups (copied, order kept); default none @return this */
        public Builder tags(java.util.Map<String, String> v) {
            tags = new java.util.LinkedHashMap<>(v);
            return this;
        }

        /** @return the request @throws NullPointerException if cluster or VPC id is missing */
        public NetworkRequest build() {
            return new NetworkRequest(this);
        }
    }
}
