package io.dsec2.model;

import io.dsec2.internal.spec.Checks;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The optional Application Load Balancer in front of the api servers (port 12345). When enabled, rolling
 * restarts take an api node out of the target group before stopping it.
 *
 * <pre>{@code
 * LoadBalancerSpec alb = LoadBalancerSpec.builder()
 *         .enabled(true).scheme(LoadBalancerScheme.INTERNET_FACING)
 *         .subnets("subnet-pub-a", "subnet-pub-b").allowedCidrs("203.0.113.0/24")
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class LoadBalancerSpec {
    /** The api server's health endpoint under its context path. */
    public static final String DEFAULT_HEALTH_CHECK_PATH = "/dolphinscheduler/actuator/health";

    private final boolean enabled;
    private final LoadBalancerScheme scheme;
    private final List<String> subnets;
    private final List<String> allowedCidrs;
    private final Duration deregistrationDelay;
    private final String healthCheckPath;
    private final int listenerPort;
    private final Duration healthCheckInterval;
    private final Duration healthCheckTimeout;
    private final int healthyThreshold;
    private final int unhealthyThreshold;
    private final Duration idleTimeout;
    private final String certificateArn;

    private LoadBalancerSpec(Builder b) {
        enabled = b.enabled;
        scheme = b.scheme;
        subnets = b.subnets;
        allowedCidrs = b.allowedCidrs;
        deregistrationDelay = b.deregistrationDelay;
        healthCheckPath = b.healthCheckPath;
        listenerPort = b.listenerPort;
        healthCheckInterval = b.healthCheckInterval;
        healthCheckTimeout = b.healthCheckTimeout;
        healthyThreshold = b.healthyThreshold;
        unhealthyThreshold = b.unhealthyThreshold;
        idleTimeout = b.idleTimeout;
        certificateArn = b.certificateArn;
    }

    /** @return a builder for a disabled load balancer with defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a disabled load balancer */
    public static LoadBalancerSpec disabled() {
        return builder().build();
    }

    /** @return a builder holding this spec's values */
    public Builder toBuilder() {
        return new Builder().enabled(enabled).scheme(scheme).subnets(subnets).allowedCidrs(allowedCidrs)
                .deregistrationDelay(deregistrationDelay).healthCheckPath(healthCheckPath).listenerPort(listenerPort)
                .healthCheckInterval(healthCheckInterval).healthCheckTimeout(healthCheckTimeout)
                .healthyThreshold(healthyThreshold).unhealthyThreshold(unhealthyThreshold).idleTimeout(idleTimeout)
                .certificateArn(certificateArn == null ? "" : certificateArn);
    }

    /**
     * @param change applied to a copy of the builder
     * @return the changed copy
     */
    public LoadBalancerSpec copy(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /** @return whether an ALB is created; default false */
    public boolean enabled() {
        return enabled;
    }

    /** @return INTERNAL (default) or INTERNET_FACING */
    public LoadBalancerScheme scheme() {
        return scheme;
    }

    /** @return subnets for the ALB (two AZs at least); empty (default) means the cluster's subnets */
    public List<String> subnets() {
        return subnets;
    }

    /** @return CIDRs allowed to reach the ALB on port 80; empty means the cluster's api allowed CIDRs */
    public List<String> allowedCidrs() {
        return allowedCidrs;
    }

    /** @return target deregistration delay; default 30 s (AWS's own default is 300 s) */
    public Duration deregistrationDelay() {
        return deregistrationDelay;
    }

    /** @return target group health check path; default {@value #DEFAULT_HEALTH_CHECK_PATH} */
    public String healthCheckPath() {
        return healthCheckPath;
    }

    /** @return the HTTP listener port of the load balancer, 1-65535; default 80 */
    public int listenerPort() {
        return listenerPort;
    }

    /** @return time between health checks of a target, 5-300 s; default 15 s */
    public Duration healthCheckInterval() {
        return healthCheckInterval;
    }

    /** @return time without a response that fails a health check, 2-120 s and less than the interval; default 5 s */
    public Duration healthCheckTimeout() {
        return healthCheckTimeout;
    }

    /** @return consecutive successful checks before a target is healthy, 2-10; default 2 */
    public int healthyThreshold() {
        return healthyThreshold;
    }

    /** @return consecutive failed checks before a target is unhealthy, 2-10; default 2 */
    public int unhealthyThreshold() {
        return unhealthyThreshold;
    }

    /**
     * @return the load balancer's connection idle timeout ({@code idle_timeout.timeout_seconds}), 1-4000 s;
     *     default 60 s (AWS's). Ranges: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/
     */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** @return the ACM certificate of the HTTPS listener; empty when the load balancer serves plain HTTP */
    public java.util.Optional<String> certificateArn() {
        return java.util.Optional.ofNullable(certificateArn);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LoadBalancerSpec)) {
            return false;
        }
        LoadBalancerSpec l = (LoadBalancerSpec) o;
        return enabled == l.enabled && scheme == l.scheme && subnets.equals(l.subnets)
                && allowedCidrs.equals(l.allowedCidrs) && deregistrationDelay.equals(l.deregistrationDelay)
                && healthCheckPath.equals(l.healthCheckPath) && listenerPort == l.listenerPort
                && healthCheckInterval.equals(l.healthCheckInterval) && healthCheckTimeout.equals(l.healthCheckTimeout)
                && healthyThreshold == l.healthyThreshold && unhealthyThreshold == l.unhealthyThreshold
                && idleTimeout.equals(l.idleTimeout)
                && Objects.equals(certificateArn, l.certificateArn);
    }

    @Override
    public int hashCode() {
        return Objects.hash(enabled, scheme, subnets, allowedCidrs, deregistrationDelay, healthCheckPath, listenerPort,
                healthCheckInterval, healthCheckTimeout, healthyThreshold, unhealthyThreshold, idleTimeout,
                certificateArn);
    }

    @Override
    public String toString() {
        if (!enabled) {
            return "LoadBalancerSpec{disabled}";
        }
        return "LoadBalancerSpec{" + scheme.id() + ", subnets=" + subnets + ", allowedCidrs=" + allowedCidrs
                + ", deregistrationDelay=" + deregistrationDelay + ", healthCheckPath=" + healthCheckPath + ", listenerPort="
                + listenerPort + ", healthCheck=" + healthCheckInterval + "/" + healthCheckTimeout + "/" + healthyThreshold
                + "/" + unhealthyThreshold + ", idleTimeout=" + idleTimeout
                + (certificateArn == null ? "" : ", https=" + certificateArn) + "}";
    }

    /** Mutable, not thread-safe builder for {@link LoadBalancerSpec}. */
    public static final class Builder {
        private boolean enabled;
        private LoadBalancerScheme scheme = LoadBalancerScheme.INTERNAL;
        private List<String> subnets = List.of();
        private List<String> allowedCidrs = List.of();
        private Duration deregistrationDelay = Duration.ofSeconds(30);
        private String healthCheckPath = DEFAULT_HEALTH_CHECK_PATH;
        private int listenerPort = 80;
        private Duration healthCheckInterval = Duration.ofSeconds(15);
        private Duration healthCheckTimeout = Duration.ofSeconds(5);
        private int healthyThreshold = 2;
        private int unhealthyThreshold = 2;
        private Duration idleTimeout = Duration.ofSeconds(60);
        private String certificateArn;

        private Builder() {
        }

        /**
         * @param enabled create an ALB; default false
         * @return this builder
         */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /**
         * @param scheme default INTERNAL
         * @return this builder
         */
        public Builder scheme(LoadBalancerScheme scheme) {
            this.scheme = Checks.notNull(scheme, "scheme");
            return this;
        }

        /**
         * @param subnetIds ALB subnets, replacing any set before
         * @return this builder
         */
        public Builder subnets(String... subnetIds) {
            return subnets(List.of(subnetIds));
        }

        /**
         * @param subnetIds ALB subnets, replacing any set before
         * @return this builder
         */
        public Builder subnets(Collection<String> subnetIds) {
            this.subnets = Checks.copy(subnetIds, "subnets");
            return this;
        }

        /**
         * @param cidrs allowed client CIDRs, replacing any set before
         * @return this builder
         */
        public Builder allowedCidrs(String... cidrs) {
            return allowedCidrs(List.of(cidrs));
        }

        /**
         * @param cidrs allowed client CIDRs, replacing any set before
         * @return this builder
         */
        public Builder allowedCidrs(Collection<String> cidrs) {
            this.allowedCidrs = Checks.copy(cidrs, "allowedCidrs");
            return this;
        }

        /**
         * @param delay 0 to 3600 s; default 30 s
         * @return this builder
         */
        public Builder deregistrationDelay(Duration delay) {
            this.deregistrationDelay = Checks.notNull(delay, "deregistrationDelay");
            return this;
        }

        /**
         * @param path absolute path; default {@value #DEFAULT_HEALTH_CHECK_PATH}
         * @return this builder
         */
        public Builder healthCheckPath(String path) {
            this.healthCheckPath = Checks.notNull(path, "healthCheckPath");
            return this;
        }

        /**
         * @param port the listener port, 1-65535; default 80
         * @return this builder
         */
        public Builder listenerPort(int port) {
            this.listenerPort = port;
            return this;
        }

        /**
         * @param interval time between health checks, 5-300 s; default 15 s
         * @return this builder
         */
        public Builder healthCheckInterval(Duration interval) {
            this.healthCheckInterval = Checks.notNull(interval, "healthCheckInterval");
            return this;
        }

        /**
         * @param timeout health check timeout, 2-120 s, less than the interval; default 5 s
         * @return this builder
         */
        public Builder healthCheckTimeout(Duration timeout) {
            this.healthCheckTimeout = Checks.notNull(timeout, "healthCheckTimeout");
            return this;
        }

        /**
         * @param count consecutive successes before healthy, 2-10; default 2
         * @return this builder
         */
        public Builder healthyThreshold(int count) {
            this.healthyThreshold = count;
            return this;
        }

        /**
         * @param count consecutive failures before unhealthy, 2-10; default 2
         * @return this builder
         */
        public Builder unhealthyThreshold(int count) {
            this.unhealthyThreshold = count;
            return this;
        }

        /**
         * @param timeout connection idle timeout, 1-4000 s; default 60 s
         * @return this builder
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = Checks.notNull(timeout, "idleTimeout");
            return this;
        }

        /** @return the spec (checked later, by the cluster build) */
        /**
         * @param arn an ACM certificate ARN ({@code arn:aws:acm:<region>:<account>:certificate/<id>}): the load balancer
         *     then listens on HTTPS 443 with it and redirects HTTP 80 there; empty (the default) keeps plain HTTP on 80.
         *     See https://docs.aws.amazon.com/elasticloadbalancing/latest/application/create-https-listener.html
         * @return this builder
         */
        public Builder certificateArn(String arn) {
            Checks.notNull(arn, "certificateArn");
            this.certificateArn = arn.isEmpty() ? null : arn;
            return this;
        }

        public LoadBalancerSpec build() {
            return new LoadBalancerSpec(this);
        }
    }
}
