package io.dsec2.aws;

import io.dsec2.aws.internal.ClientFactory;
import io.dsec2.aws.internal.ElbResources;
import io.dsec2.spi.DeleteLoadBalancerRequest;
import io.dsec2.spi.LoadBalancer;
import io.dsec2.spi.LoadBalancerInfo;
import io.dsec2.spi.LoadBalancerRequest;
import io.dsec2.spi.TargetHealth;
import io.dsec2.spi.TargetsRequest;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * {@link LoadBalancer} on Elastic Load Balancing v2: an application load balancer, a target group on the API port
 * 12345 (HTTP health check {@code /dolphinscheduler/actuator/health}, interval 15 s, 2 healthy / 2 unhealthy,
 * deregistration delay from the request, 30 s by default instead of AWS's 300 s) and an HTTP listener forwarding to
 * it. Every resource carries the ds-ec2 cluster tags; {@link #ensure} adopts resources of the same name that carry
 * the cluster's tag and refuses ones that do not. ELB throttling ({@code Throttling}) is retried with exponential
 * backoff and jitter ({@link AwsClientSettings}).
 *
 * <pre>{@code
 * try (AwsLoadBalancer lb = AwsLoadBalancer.builder().region("us-east-1").build()) {
 *     LoadBalancerInfo info = lb.ensure(LoadBalancerRequest.builder().clusterId("prod").name("prod")
 *             .vpcId(vpc).subnetIds(List.of(subnetA, subnetB))
 *             .securityGroupIds(List.of(net.loadBalancerSecurityGroupId().orElseThrow())).build());
 *     lb.registerTargets(TargetsRequest.of(info.targetGroupArn(), apiInstanceIds));
 *     ...
 *     lb.deregisterTargets(TargetsRequest.of(info.targetGroupArn(), apiInstanceIds));
 *     lb.delete(DeleteLoadBalancerRequest.of("prod", "prod"));
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} closes only a client this instance built; never cloud resources.
 */
public final class AwsLoadBalancer implements LoadBalancer {
    private final ElasticLoadBalancingV2Client elb;
    private final boolean ownsClient;
    private final ElbResources resources;

    private AwsLoadBalancer(Builder b) {
        this.ownsClient = b.elb == null;
        this.elb = ownsClient ? ClientFactory.configure(ElasticLoadBalancingV2Client.builder(), b.settings).build()
                : b.elb;
        this.resources = new ElbResources(elb);
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} Uses AddTags and RemoveTags on each resource that carries the cluster tag. */
    @Override
    public void updateTags(String clusterId, String name, java.util.Map<String, String> put,
                           java.util.Collection<String> remove) {
        resources.updateTags(Objects.requireNonNull(clusterId, "clusterId"), Objects.requireNonNull(name, "name"),
                Objects.requireNonNull(put, "put"), Objects.requireNonNull(remove, "remove"));
    }

    @Override
    public LoadBalancerInfo ensure(LoadBalancerRequest request) {
        return resources.ensure(Objects.requireNonNull(request, "request must not be null"));
    }

    @Override
    public void registerTargets(TargetsRequest request) {
        resources.register(Objects.requireNonNull(request, "request must not be null"));
    }

    @Override
    public void deregisterTargets(TargetsRequest request) {
        resources.deregister(Objects.requireNonNull(request, "request must not be null"));
    }

    @Override
    public List<TargetHealth> describeTargetHealth(TargetsRequest request) {
        return resources.health(Objects.requireNonNull(request, "request must not be null"));
    }

    @Override
    public java.util.Optional<String> findTargetGroupArn(String clusterId, String name) {
        return resources.ownedTargetGroupArn(Objects.requireNonNull(clusterId, "clusterId must not be null"),
                Objects.requireNonNull(name, "name must not be null") + "-api");
    }

    @Override
    public void delete(DeleteLoadBalancerRequest request) {
        resources.delete(Objects.requireNonNull(request, "request must not be null"));
    }

    @Override
    public List<String> find(DeleteLoadBalancerRequest request) {
        return resources.find(request);
    }

    @Override
    public void close() {
        if (ownsClient) {
            elb.close();
        }
    }

    @Override
    public String toString() {
        return "AwsLoadBalancer{ownsClient=" + ownsClient + "}";
    }

    /** Builder for {@link AwsLoadBalancer}; mutable, not thread-safe. */
    public static final class Builder {
        private AwsClientSettings settings = AwsClientSettings.create();
        private ElasticLoadBalancingV2Client elb;

        private Builder() {
        }

        /** @param v how to build the client this instance owns; default {@link AwsClientSettings#create()} @return this */
        public Builder clientSettings(AwsClientSettings v) {
            settings = Objects.requireNonNull(v, "clientSettings must not be null");
            return this;
        }

        /** @param v edits the current client settings @return this */
        public Builder clientSettings(Consumer<AwsClientSettings.Builder> v) {
            AwsClientSettings.Builder b = settings.toBuilder();
            v.accept(b);
            settings = b.build();
            return this;
        }

        /** @param v region id, shortcut for {@code clientSettings(s -> s.region(v))} @return this */
        public Builder region(String v) {
            return clientSettings(s -> s.region(v));
        }

        /**
         * Escape hatch: use this ELBv2 client instead of building one; never closed by ds-ec2, and the client
         * settings do not apply to it.
         *
         * @param v the client, or null to build one (default)
         * @return this
         */
        public Builder elbClient(ElasticLoadBalancingV2Client v) {
            elb = v;
            return this;
        }

        /** @return the load balancer manager; does not call AWS */
        public AwsLoadBalancer build() {
            return new AwsLoadBalancer(this);
        }
    }
}
