package io.dsec2.spi;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The load balancer for a cluster's API servers. The load balancer is named {@link #name()}, the target group
 * {@code <name>-api}; both carry the cluster tags.
 *
 * <pre>{@code
 * LoadBalancerRequest r = LoadBalancerRequest.builder().clusterId("prod").name("prod-ds")
 *         .vpcId("vpc-0abc").subnetIds(List.of("subnet-a", "subnet-b"))
 *         .securityGroupIds(List.of(net.loadBalancerSecurityGroupId().orElseThrow()))
 *         .deregistrationDelay(Duration.ofSeconds(30)).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; the builder is mutable and not thread-safe.
 */
public final class LoadBalancerRequest {
    /** The API server port the target group forwards to (ds-3.2.0-facts.md §3). */
    public static final int API_PORT = 12345;
    /** The API server's health endpoint (ds-3.2.0-facts.md §3). */
    public static final String HEALTH_CHECK_PATH = "/dolphinscheduler/actuator/health";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,26}[A-Za-z0-9])?");

    private final String clusterId;
    private final String name;
    private final String vpcId;
    private final List<String> subnetIds;
    private final List<String> securityGroupIds;
    private final boolean internal;
    private final int listenerPort;
    private final Duration deregistrationDelay;
    private final String certificateArn;

    private LoadBalancerRequest(Builder b) {
        this.clusterId = Objects.requireNonNull(b.clusterId, "clusterId must not be null");
        this.name = Objects.requireNonNull(b.name, "name must not be null");
        this.vpcId = Objects.requireNonNull(b.vpcId, "vpcId must not be null");
        this.subnetIds = List.copyOf(b.subnetIds);
        this.securityGroupIds = List.copyOf(b.securityGroupIds);
        this.internal = b.internal;
        this.listenerPort = b.listenerPort;
        this.deregistrationDelay = b.deregistrationDelay;
        this.certificateArn = b.certificateArn;
        if (subnetIds.size() < 2) {
            throw new IllegalStateException("an application load balancer needs subnets in at least 2 zones; got "
                    + subnetIds);
        }
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder initialised from this value */
    public Builder toBuilder() {
        return new Builder().clusterId(clusterId).name(name).vpcId(vpcId).subnetIds(subnetIds)
                .securityGroupIds(securityGroupIds).internal(internal).listenerPort(listenerPort)
                .deregistrationDelay(deregistrationDelay).certificateArn(certificateArn == null ? "" : certificateArn);
    }

    /**
     * @return the ACM certificate of an HTTPS listener on {@link #listenerPort()}, with HTTP 80 redirected to it;
     *     empty for a plain HTTP listener
     */
    public java.util.Optional<String> certificateArn() {
        return java.util.Optional.ofNullable(certificateArn);
    }

    /** @param change applied to a copy's builder @return the changed copy */
    public LoadBalancerRequest copy(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /** @return the cluster id */
    public String clusterId() {
        return clusterId;
    }

    /** @return the load balancer name (1..28 characters, letters, digits, hyphens) */
    public String name() {
        return name;
    }

    /** @return the name of the target group: {@code <name>-api} */
    public String targetGroupName() {
        return name + "-api";
    }

    /** @return the VPC of the targets */
    public String vpcId() {
        return vpcId;
    }

    /** @return the subnets, in at least two zones */
    public List<String> subnetIds() {
        return subnetIds;
    }

    /** @return the load balancer's security groups */
    public List<String> securityGroupIds() {
        return securityGroupIds;
    }

    /** @return true for an internal scheme, false (default) for internet-facing */
    public boolean internal() {
        return internal;
    }

    /** @return the HTTP listener port; default 80 */
    public int listenerPort() {
        return listenerPort;
    }

    /** @return the target group's deregistration delay; default 30 s (AWS default would be 300 s) */
    public Duration deregistrationDelay() {
        return deregistrationDelay;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LoadBalancerRequest)) {
            return false;
        }
        LoadBalancerRequest r = (LoadBalancerRequest) o;
        return clusterId.equals(r.clusterId) && name.equals(r.name) && vpcId.equals(r.vpcId)
                && subnetIds.equals(r.subnetIds) && securityGroupIds.equals(r.securityGroupIds)
                && internal == r.internal && listenerPort == r.listenerPort
                && deregistrationDelay.equals(r.deregistrationDelay);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clusterId, name, vpcId, subnetIds, securityGroupIds, internal, listenerPort,
                deregistrationDelay);
    }

    @Override
    public String toString() {
        return "LoadBalancerRequest{cluster=" + clusterId + ", name=" + name + ", vpc=" + vpcId + ", subnets="
                + subnetIds + ", groups=" + securityGroupIds + ", internal=" + internal + ", port=" + listenerPort
                + ", deregistrationDelay=" + deregistrationDelay + "}";
    }

    /** Builder for {@link LoadBalancerRequest}; mutable, not thread-safe. */
    public static final class Builder {
        private String clusterId;
        private String name;
        private String vpcId;
        private List<String> subnetIds = List.of();
        private List<String> securityGroupIds = List.of();
        private boolean internal;
        private int listenerPort = 80;
        private Duration deregistrationDelay = Duration.ofSeconds(30);
        private String certificateArn;

        private Builder() {
        }

        /** @param v cluster id (required) @return this */
        public Builder clusterId(String v) {
            clusterId = v;
            return this;
        }

        /**
         * @param v load balancer name (required): 1..28 letters, digits or hyphens, not starting or ending with a
         *     hyphen (AWS allows 32; 4 are kept for the target group's {@code -api} suffix)
         * @return this
         * @throws IllegalArgumentException if invalid
         */
        public Builder name(String v) {
            if (v != null && !NAME.matcher(v).matches()) {
                throw new IllegalArgumentException("load balancer name must be 1..28 letters, digits or inner hyphens: "
                        + v);
            }
            name = v;
            return this;
        }

        /** @param v VPC id (required) @return this */
        public Builder vpcId(String v) {
            vpcId = v;
            return this;
        }

        /** @param v subnets in at least two zones (required) @return this */
        public Builder subnetIds(List<String> v) {
            subnetIds = List.copyOf(v);
            return this;
        }

        /** @param v security groups; default empty (the VPC default group) @return this */
        public Builder securityGroupIds(List<String> v) {
            securityGroupIds = List.copyOf(v);
            return this;
        }

        /** @param v internal scheme; default false (internet-facing) @return this */
        public Builder internal(boolean v) {
            internal = v;
            return this;
        }

        /** @param v listener port 1..65535; default 80 @return this @throws IllegalArgumentException if out of range */
        public Builder listenerPort(int v) {
            if (v < 1 || v > 65535) {
                throw new IllegalArgumentException("listenerPort must be within 1..65535: " + v);
            }
            listenerPort = v;
            return this;
        }

        /**
         * @param v deregistration delay, 0..3600 s in whole seconds; default 30 s
         * @return this
         * @throws IllegalArgumentException if out of range
         */
        public Builder deregistrationDelay(Duration v) {
            if (v.isNegative() || v.getSeconds() > 3600) {
                throw new IllegalArgumentException("deregistrationDelay must be within 0..3600 s: " + v);
            }
            deregistrationDelay = v;
            return this;
        }

        /**
         * @param arn an ACM certificate ARN for an HTTPS listener; empty (the default) for plain HTTP
         * @return this
         */
        public Builder certificateArn(String arn) {
            certificateArn = Objects.requireNonNull(arn, "certificateArn must not be null").isEmpty() ? null : arn;
            return this;
        }

        /**
         * @return the request
         * @throws NullPointerException if a required field is missing
         * @throws IllegalStateException if fewer than two subnets are given
         */
        public LoadBalancerRequest build() {
            return new LoadBalancerRequest(this);
        }
    }
}
