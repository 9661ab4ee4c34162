package io.dsec2.aws.internal;

import io.dsec2.exception.ProvisioningException;
import io.dsec2.spi.ClusterTags;
import io.dsec2.spi.DeleteLoadBalancerRequest;
import io.dsec2.spi.LoadBalancerInfo;
import io.dsec2.spi.LoadBalancerRequest;
import io.dsec2.spi.TargetHealth;
import io.dsec2.spi.TargetsRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeLoadBalancersRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerSchemeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Certificate;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RedirectActionStatusCodeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.waiters.ElasticLoadBalancingV2Waiter;

/** The ELBv2 side of {@code AwsLoadBalancer}. Thread-safe (holds only the thread-safe SDK client). */
public final class ElbResources {
    private static final Logger LOG = LoggerFactory.getLogger(ElbResources.class);
    private static final Duration DELETE_TIMEOUT = Duration.ofMinutes(5);

    private final ElasticLoadBalancingV2Client elb;

    /** @param elb ELBv2 client (not closed here) */
    public ElbResources(ElasticLoadBalancingV2Client elb) {
        this.elb = elb;
    }

    /**
     * @param r the request
     * @return ARNs and what was created
     */
    public LoadBalancerInfo ensure(LoadBalancerRequest r) {
        List<String> created = new ArrayList<>();
        List<Tag> tags = tags(r.clusterId(), r.name(), r.tags());
        String tgName = r.targetGroupName();
        Optional<TargetGroup> tg = findTargetGroup(tgName);
        String tgArn;
        if (tg.isPresent()) {
            checkOwner(tg.get().targetGroupArn(), r.clusterId(), "target group " + tgName);
            tgArn = tg.get().targetGroupArn();
        } else {
            tgArn = AwsErrors.call("CreateTargetGroup " + tgName, () -> elb.createTargetGroup(b -> b.name(tgName)
                    .protocol(ProtocolEnum.HTTP).port(LoadBalancerRequest.API_PORT).vpcId(r.vpcId())
                    .targetType(TargetTypeEnum.INSTANCE).healthCheckProtocol(ProtocolEnum.HTTP)
                    .healthCheckPath(r.healthCheckPath()).healthCheckPort("traffic-port")
                    .healthCheckIntervalSeconds((int) r.healthCheckInterval().toSeconds())
                    .healthCheckTimeoutSeconds((int) r.healthCheckTimeout().toSeconds())
                    .healthyThresholdCount(r.healthyThreshold())
                    .unhealthyThresholdCount(r.unhealthyThreshold()).matcher(m -> m.httpCode("200")).tags(tags))
                    .targetGroups().get(0).targetGroupArn());
            created.add(tgArn);
            LOG.info("created target group {}", tgArn);
        }
        String delay = Long.toString(r.deregistrationDelay().getSeconds());
        AwsErrors.call("ModifyTargetGroupAttributes " + tgName, () -> elb.modifyTargetGroupAttributes(b -> b
                .targetGroupArn(tgArn).attributes(TargetGroupAttribute.builder()
                        .key("deregistration_delay.timeout_seconds").value(delay).build())));
        Optional<software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer> lb =
                findLoadBalancer(r.name());
        String lbArn;
        String dns;
        if (lb.isPresent()) {
            checkOwner(lb.get().loadBalancerArn(), r.clusterId(), "load balancer " + r.name());
            lbArn = lb.get().loadBalancerArn();
            dns = lb.get().dnsName();
        } else {
            var out = AwsErrors.call("CreateLoadBalancer " + r.name(), () -> elb.createLoadBalancer(b -> {
                b.name(r.name()).type(LoadBalancerTypeEnum.APPLICATION).subnets(r.subnetIds()).tags(tags)
                        .scheme(r.internal() ? LoadBalancerSchemeEnum.INTERNAL : LoadBalancerSchemeEnum.INTERNET_FACING);
                if (!r.securityGroupIds().isEmpty()) {
                    b.securityGroups(r.securityGroupIds());
                }
            }).loadBalancers().get(0));
            lbArn = out.loadBalancerArn();
            dns = out.dnsName();
            created.add(lbArn);
            LOG.info("created load balancer {}", lbArn);
        }
        String idle = Long.toString(r.idleTimeout().toSeconds());
        AwsErrors.call("ModifyLoadBalancerAttributes " + r.name(), () -> elb.modifyLoadBalancerAttributes(b -> b
                .loadBalancerArn(lbArn).attributes(software.amazon.awssdk.services.elasticloadbalancingv2.model
                        .LoadBalancerAttribute.builder().key("idle_timeout.timeout_seconds").value(idle).build())));
        Optional<Listener> listener = AwsErrors.call("DescribeListeners " + r.name(),
                () -> elb.describeListeners(b -> b.loadBalancerArn(lbArn)).listeners()).stream()
                .filter(l -> l.port() != null && l.port() == r.listenerPort()).findFirst();
        String listenerArn;
        if (listener.isPresent()) {
            listenerArn = listener.get().listenerArn();
        } else {
            Action forward = Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(tgArn).build();
            listenerArn = AwsErrors.call("CreateListener " + r.name(), () -> elb.createListener(b -> {
                b.loadBalancerArn(lbArn).port(r.listenerPort()).defaultActions(forward).tags(tags);
                r.certificateArn().ifPresentOrElse(arn -> b.protocol(ProtocolEnum.HTTPS)
                        .certificates(Certificate.builder().certificateArn(arn).build()),
                        () -> b.protocol(ProtocolEnum.HTTP));
            }).listeners().get(0).listenerArn());
            created.add(listenerArn);
            LOG.info("created listener {}", listenerArn);
        }
        if (r.certificateArn().isPresent()) {
            httpRedirect(r, lbArn, tags, created);
        }
        return LoadBalancerInfo.of(lbArn, dns, tgArn, listenerArn, created);
    }

    /** An HTTP 80 listener that answers every request with a 301 to HTTPS on the request's listener port. */
    private void httpRedirect(LoadBalancerRequest r, String lbArn, List<Tag> tags, List<String> created) {
        boolean exists = AwsErrors.call("DescribeListeners " + r.name(),
                () -> elb.describeListeners(b -> b.loadBalancerArn(lbArn)).listeners()).stream()
                .anyMatch(l -> l.port() != null && l.port() == 80);
        if (exists) {
            return;
        }
        Action redirect = Action.builder().type(ActionTypeEnum.REDIRECT).redirectConfig(c -> c.protocol("HTTPS")
                .port(Integer.toString(r.listenerPort())).statusCode(RedirectActionStatusCodeEnum.HTTP_301)).build();
        String arn = AwsErrors.call("CreateListener " + r.name() + " (redirect)", () -> elb.createListener(b -> b
                .loadBalancerArn(lbArn).protocol(ProtocolEnum.HTTP).port(80).defaultActions(redirect).tags(tags))
                .listeners().get(0).listenerArn());
        created.add(arn);
        LOG.info("created HTTP-to-HTTPS redirect listener {}", arn);
    }

    /** @param r target group and instances */
    public void register(TargetsRequest r) {
        if (r.instanceIds().isEmpty()) {
            return;
        }
        AwsErrors.call("RegisterTargets " + r.instanceIds(), () -> elb.registerTargets(b -> b
                .targetGroupArn(r.targetGroupArn()).targets(targets(r))));
    }

    /** @param r target group and instances */
    public void deregister(TargetsRequest r) {
        if (r.instanceIds().isEmpty()) {
            return;
        }
        try {
            elb.deregisterTargets(b -> b.targetGroupArn(r.targetGroupArn()).targets(targets(r)));
        } catch (SdkException e) {
            if (!AwsErrors.hasCode(e, "InvalidTarget")) {
                throw AwsErrors.translate("DeregisterTargets " + r.instanceIds(), e);
            }
        }
    }

    /**
     * @param r target group and instances (empty = all)
     * @return the health per target
     */
    public List<TargetHealth> health(TargetsRequest r) {
        List<TargetHealthDescription> l = AwsErrors.call("DescribeTargetHealth " + r.targetGroupArn(),
                () -> elb.describeTargetHealth(b -> {
                    b.targetGroupArn(r.targetGroupArn());
                    if (!r.instanceIds().isEmpty()) {
                        b.targets(targets(r));
                    }
                }).targetHealthDescriptions());
        List<TargetHealth> out = new ArrayList<>();
        for (TargetHealthDescription d : l) {
            out.add(TargetHealth.of(d.target().id(), d.targetHealth().stateAsString(),
                    d.targetHealth().reasonAsString()));
        }
        return List.copyOf(out);
    }

    /**
     * @param clusterId the cluster tag the target group must carry
     * @param targetGroupName the target group's name
     * @return its ARN if it exists and carries the tag; read-only
     */
    public Optional<String> ownedTargetGroupArn(String clusterId, String targetGroupName) {
        return findTargetGroup(targetGroupName).map(TargetGroup::targetGroupArn).filter(arn -> owned(arn, clusterId));
    }

    /** @param r cluster and name */
    public void delete(DeleteLoadBalancerRequest r) {
        Optional<software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer> lb =
                findLoadBalancer(r.name());
        if (lb.isPresent() && !inVpc(lb.get().vpcId(), r)) {
            LOG.warn("load balancer {} is in {}, not in cluster {}'s {}; left alone", r.name(), lb.get().vpcId(),
                    r.clusterId(), r.vpcId().orElse(""));
            lb = Optional.empty();
        }
        if (lb.isPresent() && owned(lb.get().loadBalancerArn(), r.clusterId())) {
            String lbArn = lb.get().loadBalancerArn();
            for (Listener l : AwsErrors.call("DescribeListeners " + r.name(),
                    () -> elb.describeListeners(b -> b.loadBalancerArn(lbArn)).listeners())) {
                ignoreNotFound("DeleteListener " + l.listenerArn(),
                        () -> elb.deleteListener(b -> b.listenerArn(l.listenerArn())));
            }
            ignoreNotFound("DeleteLoadBalancer " + r.name(), () -> elb.deleteLoadBalancer(b -> b.loadBalancerArn(lbArn)));
            AwsErrors.call("waiting for load balancer " + r.name() + " to be deleted", () -> {
                try (ElasticLoadBalancingV2Waiter w = ElasticLoadBalancingV2Waiter.builder().client(elb).build()) {
                    return w.waitUntilLoadBalancersDeleted(DescribeLoadBalancersRequest.builder()
                            .loadBalancerArns(lbArn).build(), WaiterOverrideConfiguration.builder()
                            .waitTimeout(DELETE_TIMEOUT).build());
                }
            });
            LOG.info("deleted load balancer {}", lbArn);
        } else if (lb.isPresent()) {
            LOG.warn("load balancer {} does not carry cluster {}'s tag; left alone", r.name(), r.clusterId());
        }
        String tgName = r.name() + "-api";
        Optional<TargetGroup> tg = findTargetGroup(tgName).filter(t -> inVpc(t.vpcId(), r));
        if (tg.isPresent() && owned(tg.get().targetGroupArn(), r.clusterId())) {
            deleteTargetGroup(tg.get().targetGroupArn());
        }
    }

    private static boolean inVpc(String vpcId, DeleteLoadBalancerRequest r) {
        return r.vpcId().map(v -> v.equals(vpcId)).orElse(true);
    }

    /**
     * @param r cluster, name and (if set) VPC
     * @return ARNs of the load balancer and target group carrying the cluster tag (in the VPC, if set)
     */
    public List<String> find(DeleteLoadBalancerRequest r) {
        List<String> out = new java.util.ArrayList<>();
        findLoadBalancer(r.name()).filter(l -> inVpc(l.vpcId(), r)).map(l -> l.loadBalancerArn())
                .filter(a -> owned(a, r.clusterId())).ifPresent(out::add);
        findTargetGroup(r.name() + "-api").filter(t -> inVpc(t.vpcId(), r)).map(TargetGroup::targetGroupArn)
                .filter(a -> owned(a, r.clusterId())).ifPresent(out::add);
        return out;
    }

    private void deleteTargetGroup(String arn) {
        long deadline = System.nanoTime() + DELETE_TIMEOUT.toNanos();
        while (true) {
            try {
                elb.deleteTargetGroup(b -> b.targetGroupArn(arn));
                LOG.info("deleted target group {}", arn);
                return;
            } catch (SdkException e) {
                if (AwsErrors.hasCode(e, "TargetGroupNotFound")) {
                    return;
                }
                if (!AwsErrors.hasCode(e, "ResourceInUse") || System.nanoTime() > deadline) {
                    throw AwsErrors.translate("DeleteTargetGroup " + arn, e);
                }
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new ProvisioningException("interrupted while deleting target group " + arn);
                }
            }
        }
    }

    private Optional<TargetGroup> findTargetGroup(String name) {
        try {
            return elb.describeTargetGroups(b -> b.names(name)).targetGroups().stream().findFirst();
        } catch (SdkException e) {
            if (AwsErrors.hasCode(e, "TargetGroupNotFound")) {
                return Optional.empty();
            }
            throw AwsErrors.translate("DescribeTargetGroups " + name, e);
        }
    }

    private Optional<software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer> findLoadBalancer(
            String name) {
        try {
            return elb.describeLoadBalancers(b -> b.names(name)).loadBalancers().stream().findFirst();
        } catch (SdkException e) {
            if (AwsErrors.hasCode(e, "LoadBalancerNotFound")) {
                return Optional.empty();
            }
            throw AwsErrors.translate("DescribeLoadBalancers " + name, e);
        }
    }

    private void checkOwner(String arn, String clusterId, String what) {
        if (!owned(arn, clusterId)) {
            throw new ProvisioningException(what + " exists but does not carry the tag " + ClusterTags.CLUSTER + "="
                    + clusterId + "; choose another name or delete it");
        }
    }

    private boolean owned(String arn, String clusterId) {
        Map<String, String> tags = new LinkedHashMap<>();
        AwsErrors.call("DescribeTags " + arn, () -> elb.describeTags(b -> b.resourceArns(arn)).tagDescriptions())
                .forEach(d -> d.tags().forEach(t -> tags.put(t.key(), t.value())));
        return clusterId.equals(tags.get(ClusterTags.CLUSTER));
    }

    private static List<TargetDescription> targets(TargetsRequest r) {
        return r.instanceIds().stream()
                .map(id -> TargetDescription.builder().id(id).port(LoadBalancerRequest.API_PORT).build()).toList();
    }

    /**
     * Sets and removes the user's tags on the load balancer, its listeners and the target group, each only if it
     * carries the cluster tag. ds-ec2's own keys are never touched.
     *
     * @param clusterId the cluster id
     * @param name the load balancer name
     * @param put tags to set
     * @param remove keys to remove
     */
    public void updateTags(String clusterId, String name, Map<String, String> put, java.util.Collection<String> remove) {
        List<String> arns = new ArrayList<>();
        findLoadBalancer(name).filter(lb -> owned(lb.loadBalancerArn(), clusterId)).ifPresent(lb -> {
            arns.add(lb.loadBalancerArn());
            AwsErrors.call("DescribeListeners " + name, () -> elb.describeListeners(b -> b
                    .loadBalancerArn(lb.loadBalancerArn())).listeners()).forEach(l -> arns.add(l.listenerArn()));
        });
        findTargetGroup(name + "-api").filter(tg -> owned(tg.targetGroupArn(), clusterId))
                .ifPresent(tg -> arns.add(tg.targetGroupArn()));
        List<Tag> add = new ArrayList<>();
        Ec2Tags.user(put).forEach((k, v) -> add.add(Tag.builder().key(k).value(v).build()));
        List<String> drop = remove.stream().filter(k -> !Ec2Tags.owned(k) && !put.containsKey(k)).toList();
        for (String arn : arns) {
            if (!add.isEmpty()) {
                AwsErrors.call("AddTags " + arn, () -> elb.addTags(b -> b.resourceArns(arn).tags(add)));
            }
            if (!drop.isEmpty()) {
                AwsErrors.call("RemoveTags " + arn, () -> elb.removeTags(b -> b.resourceArns(arn).tagKeys(drop)));
            }
        }
    }

    private static List<Tag> tags(String clusterId, String name, Map<String, String> user) {
        List<Tag> out = new ArrayList<>();
        Ec2Tags.user(user).forEach((k, v) -> out.add(Tag.builder().key(k).value(v).build()));
        Ec2Tags.base(clusterId, RulePlan.ALB).forEach((k, v) -> out.add(Tag.builder().key(k).value(v).build()));
        out.add(Tag.builder().key(ClusterTags.NAME).value(name).build());
        return out;
    }

    private static void ignoreNotFound(String what, Runnable call) {
        try {
            call.run();
        } catch (SdkException e) {
            if (!AwsErrors.hasCode(e, "ListenerNotFound", "LoadBalancerNotFound")) {
                throw AwsErrors.translate(what, e);
            }
        }
    }
}
