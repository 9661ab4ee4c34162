package io.dsec2.internal.create;

import io.dsec2.exception.ClusterTimeoutException;
import io.dsec2.exception.DsEc2Exception;
import io.dsec2.model.AwsSpec;
import io.dsec2.model.LoadBalancerScheme;
import io.dsec2.model.LoadBalancerSpec;
import io.dsec2.model.NodeRole;
import io.dsec2.model.SubnetSpec;
import io.dsec2.spi.CloudInstance;
import io.dsec2.spi.DescribeRequest;
import io.dsec2.spi.LaunchRequest;
import io.dsec2.spi.LaunchResult;
import io.dsec2.spi.LoadBalancerRequest;
import io.dsec2.spi.NetworkRequest;
import io.dsec2.spi.Provisioner;
import io.dsec2.spi.SubnetInfo;
import io.dsec2.spi.TargetHealth;
import io.dsec2.spi.TargetsRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The cloud side of a create: subnets, security groups, instances, load balancer. Thread-safe. */
final class CloudSteps {
    private final CreateContext ctx;
    private final Provisioner cloud;

    CloudSteps(CreateContext ctx) {
        this.ctx = ctx;
        this.cloud = ctx.wiring.provisioner;
    }

    /** Subnets and their AZs; the VPC; instances that already carry this cluster's tag (adopted). */
    void discover() {
        AwsSpec aws = ctx.spec.aws();
        List<String> ids = aws.subnets().stream().map(SubnetSpec::id).toList();
        List<SubnetInfo> found = cloud.describeSubnets(ids);
        if (found.size() != ids.size()) {
            List<String> missing = new ArrayList<>(ids);
            found.forEach(s -> missing.remove(s.subnetId()));
            throw new DsEc2Exception("aws.subnets: " + missing + " not found in " + aws.region()
                    + "; list subnets that exist in the cluster's VPC");
        }
        String vpc = aws.vpcId().orElse(found.get(0).vpcId());
        for (SubnetInfo s : found) {
            if (!s.vpcId().equals(vpc)) {
                throw new DsEc2Exception("aws.subnets: " + s.subnetId() + " is in " + s.vpcId() + ", not in " + vpc
                        + "; all subnets must belong to one VPC");
            }
        }
        ctx.vpcId = vpc;
        ctx.subnets = found;
        // a cluster is its name within its VPC: a same-named cluster in another VPC is never adopted
        for (CloudInstance i : cloud.describe(DescribeRequest.builder().clusterId(ctx.clusterId()).vpcId(vpc).build())) {
            if (i.running()) {
                ctx.instances.put(i.nodeId(), i);
            }
        }
    }

    void ensureNetwork() {
        AwsSpec aws = ctx.spec.aws();
        LoadBalancerSpec lb = ctx.spec.loadBalancer();
        ctx.network = cloud.ensureNetwork(NetworkRequest.builder().clusterId(ctx.clusterId()).vpcId(ctx.vpcId)
                .securityGroupIds(aws.securityGroupIds()).adminCidrs(aws.adminCidr().map(List::of).orElse(List.of()))
                .apiCidrs(lb.enabled() ? lb.allowedCidrs() : aws.apiAllowedCidrs()).loadBalancerEnabled(lb.enabled())
                .loadBalancerPort(listenerPort(lb)).tags(aws.tags()).build());
    }

    boolean running(PlannedNode node) {
        CloudInstance i = ctx.instances.get(node.nodeId());
        return i != null && i.running();
    }

    void launch(PlannedNode node) {
        String type = node.group().instanceType();
        String ami = ctx.spec.aws().amiId().orElseGet(() -> ctx.amiByArchitecture.computeIfAbsent(
                cloud.architectureOf(type), cloud::resolveAmi));
        List<SubnetInfo> pool = ctx.subnets;
        if (!node.group().subnets().isEmpty()) {
            pool = ctx.subnets.stream().filter(s -> node.group().subnets().contains(s.subnetId())).toList();
        }
        List<String> groups = new ArrayList<>(ctx.network.securityGroupIdsFor(node.role()));
        node.group().securityGroupIds().forEach(g -> {
            if (!groups.contains(g)) {
                groups.add(g);
            }
        });
        LaunchRequest.Builder r = LaunchRequest.builder().clusterId(ctx.clusterId()).nodeId(node.nodeId())
                .role(node.role()).ordinal(node.ordinal()).subnetId(ctx.placement.subnetFor(ctx, node, pool))
                .instanceType(type).imageId(ami).securityGroupIds(groups).rootVolumeSizeGib(node.group().rootVolumeSizeGib())
                .rootVolume(node.group().rootVolumeType(), node.group().rootVolumeIops(), node.group().rootVolumeThroughput())
                .tags(withCreatedBy(TagSync.forGroup(ctx.spec, node.group())))
                .runningTimeout(ctx.wiring.timeouts().instanceRunning());
        ctx.spec.aws().keyPairName().ifPresent(r::keyName);
        ctx.spec.aws().instanceProfile().ifPresent(r::instanceProfileName);
        ctx.recordLaunchIntent(node.nodeId()); // a crash before the id is recorded still leaves it trusted once
        LaunchResult result = cloud.launch(r.build());
        if (!result.adopted()) {
            ctx.recordLaunched(node.nodeId(), result.instance().instanceId());
        }
        ctx.instances.put(node.nodeId(), result.instance());
    }

    void ensureLoadBalancer() {
        LoadBalancerSpec lb = ctx.spec.loadBalancer();
        List<String> subnets = lb.subnets().isEmpty()
                ? ctx.subnets.stream().map(SubnetInfo::subnetId).toList() : lb.subnets();
        List<String> groups = ctx.network.loadBalancerSecurityGroupId().map(List::of).orElse(List.of());
        ctx.loadBalancer = ctx.wiring.loadBalancer.ensure(LoadBalancerRequest.builder().clusterId(ctx.clusterId())
                .name(ctx.clusterId()).vpcId(ctx.vpcId).subnetIds(subnets).securityGroupIds(groups)
                .internal(lb.scheme() == LoadBalancerScheme.INTERNAL).listenerPort(listenerPort(lb))
                .certificateArn(lb.certificateArn().orElse(""))
                .deregistrationDelay(lb.deregistrationDelay()).tags(ctx.spec.aws().tags())
                .healthCheckPath(lb.healthCheckPath()).healthCheck(lb.healthCheckInterval(), lb.healthCheckTimeout(),
                        lb.healthyThreshold(), lb.unhealthyThreshold()).idleTimeout(lb.idleTimeout()).build());
    }

    /** Registers every api instance and waits until the target group reports them all healthy. */
    void registerApiTargets() {
        registerTargets(ctx.nodes.stream().filter(n -> n.role() == NodeRole.API).map(n -> ctx.instance(n).instanceId())
                .toList(), ctx.wiring.timeouts().serverHealthy());
    }

    /** Registers the instances in the api target group and waits until the load balancer calls each healthy. */
    void registerTargets(List<String> instanceIds, Duration timeout) {
        TargetsRequest req = TargetsRequest.of(ctx.loadBalancer.targetGroupArn(), instanceIds);
        ctx.wiring.loadBalancer.registerTargets(req);
        long deadline = System.nanoTime() + timeout.toNanos();
        List<TargetHealth> last = List.of();
        while (System.nanoTime() < deadline) {
            last = ctx.wiring.loadBalancer.describeTargetHealth(req);
            if (last.stream().filter(h -> instanceIds.contains(h.instanceId())).filter(TargetHealth::healthy).count()
                    == instanceIds.size()) {
                return;
            }
            sleep(Duration.ofSeconds(1));
        }
        throw new ClusterTimeoutException("targets " + instanceIds + " healthy in " + ctx.loadBalancer.targetGroupArn(),
                timeout, last.stream().map(t -> t.instanceId() + "=" + t.state()).collect(Collectors.joining(", ")));
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DsEc2Exception("interrupted", e);
        }
    }

    /** The group's user tags plus {@code ds-ec2:created-by} (who ran the create), for the instance and its volumes. */
    private static java.util.Map<String, String> withCreatedBy(java.util.Map<String, String> userTags) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>(userTags);
        out.put(io.dsec2.spi.ClusterTags.CREATED_BY, RolloutOperation.who());
        return out;
    }

    /** The listener's port: the spec's, or 443 when a certificate makes it HTTPS and the spec left the default 80. */
    static int listenerPort(io.dsec2.model.LoadBalancerSpec lb) {
        return lb.certificateArn().isPresent() && lb.listenerPort() == 80 ? 443 : lb.listenerPort();
    }
}
