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
    /**
     * The API server port the target group forwards to ({@code server.port} in
     * https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-api/src/main/resources/application.yaml).
     */
    public static final int API_PORT = 12345;
    /**
     * The API server's health endpoint
     * (https://github.com/apache/dolphinscheduler/blob/3.2.0/docs/docs/en/guide/api/healthcheck.md).
     */
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
    private final java.util.Map<String, String> tags;
    private final String healthCheckPath;
    private final Duration healthCheckInterval;
    private final Duration healthCheckTimeout;
    private final int healthyThreshold;
    private final int unhealthyThreshold;
    private final Duration idleTimeout;
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
        this.tags = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(b.tags));
        this.healthCheckPath = Objects.requireNonNull(b.healthCheckPath, "healthCheckPath must not be null");
        this.healthCheckInterval = Objects.requireNonNull(b.healthCheckInterval, "healthCheckInterval");
        this.healthCheckTimeout = Objects.requireNonNull(b.healthCheckTimeout, "healthCheckTimeout");
        this.healthyThreshold = b.healthyThreshold;
        this.unhealthyThreshold = b.unhealthyThreshold;
        this.idleTimeout = Objects.requireNonNull(b.idleTimeout, "idleTimeout");
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
                .deregistrationDelay(deregistrationDelay).tags(tags).healthCheckPath(healthCheckPath)
                .healthCheck(healthCheckInterval, healthCheckTimeout, healthyThreshold, unhealthyThreshold)
                .idleTimeout(idleTimeout)
                .certificateArn(certificateArn == null ? "" : certificateArn);
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

    /**
     * @return the user's tags for the load balancer, its listener and target group (insertion-ordered); the
     *     ds-ec2 tags and {@code Name} are added by the implementation and win over these
     */
    public java.util.Map<String, String> tags() {
        return tags;
    }

    /** @return the target group's health check path; default {@link #HEALTH_CHECK_PATH} */
    public String healthCheckPath() {
        return healthCheckPath;
    }

    /** @return time between health checks; default 15 s */
    public Duration healthCheckInterval() {
        return healthCheckInterval;
    }

    /** @return health check timeout; default 5 s */
    public Duration healthCheckTimeout() {
        return healthCheckTimeout;
    }

    /** @return successes before healthy; default 2 */
    public int healthyThreshold() {
        return healthyThreshold;
    }

    /** @return failures before unhealthy; default 2 */
    public int unhealthyThreshold() {
        return unhealthyThreshold;
    }

    /** @return the load balancer's idle timeout; default 60 s */
    public Duration idleTimeout() {
        return idleTimeout;
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
                && deregistrationDelay.equals(r.deregistrationDelay) && tags.equals(r.tags)
                && healthCheckPath.equals(r.healthCheckPath) && healthCheckInterval.equals(r.healthCheckInterval)
                && healthCheckTimeout.equals(r.healthCheckTimeout) && healthyThreshold == r.healthyThreshold
                && unhealthyThreshold == r.unhealthyThreshold && idleTimeout.equals(r.idleTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clusterId, name, vpcId, subnetIds, securityGroupIds, internal, listenerPort,
                deregistrationDelay, tags, healthCheckPath, healthCheckInterval, healthCheckTimeout, healthyThreshold,
                unhealthyThreshold, idleTimeout);
    }

    @Override
    public String toString() {
        return "LoadBalancerRequest{cluster=" + clusterId + ", name=" + name + ", vpc=" + vpcId + ", subnets="
                + subnetIds + ", groups=" + securityGroupIds + ", internal=" + internal + ", port=" + listenerPort
                + ", deregistrationDelay=" + deregistrationDelay + ", tags=" + tags + ", healthCheck=" + healthCheckPath
                + " every " + healthCheckInterval + " timeout " + healthCheckTimeout + " " + healthyThreshold + "/"
                + unhealthyThreshold + ", idleTimeout=" + idleTimeout + "}";
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
        private java.util.Map<String, String> tags = java.util.Map.of();
        private String healthCheckPath = HEALTH_CHECK_PATH;
        private Duration healthCheckInterval = Duration.ofSeconds(15);
        private Duration healthCheckTimeout = Duration.ofSeconds(5);
        private int healthyThreshold = 2;
        private int unhealthyThreshold = 2;
        private Duration idleTimeout = Duration.ofSeconds(60);
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

        /** @param v the user's tags (copied, order kept); default none @return this */
        public Builder tags(java.util.Map<String, String> v) {
            tags = new java.util.LinkedHashMap<>(v);
            return this;
        }

        /** @param v health check path, starting with '/' @return this */
        public Builder healthCheckPath(String v) {
            healthCheckPath = v;
            return this;
        }

        /**
         * @param interval time between checks, 5..300 s
         * @param timeout check timeout, 2..120 s
         * @param healthy successes before healthy, 2..10
         * @param unhealthy failures before unhealthy, 2..10
         * @return this
         */
        public Builder healthCheck(Duration interval, Duration timeout, int healthy, int unhealthy) {
            healthCheckInterval = interval;
            healthCheckTimeout = timeout;
            healthyThreshold = healthy;
            unhealthyThreshold = unhealthy;
            return this;
        }

        /** @param v idle timeout, 1..4000 s; default 60 s @return this */
        public Builder idleTimeout(Duration v) {
            idleTimeout = v;
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
