package io.dsec2.aws.internal;

import io.dsec2.exception.ProvisioningException;
import io.dsec2.spi.CloudInstance;
import io.dsec2.spi.ClusterTags;
import io.dsec2.spi.DescribeRequest;
import io.dsec2.spi.LaunchRequest;
import io.dsec2.spi.LaunchResult;
import io.dsec2.spi.TerminateRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceMetadataEndpointState;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.VolumeType;
import software.amazon.awssdk.services.ec2.waiters.Ec2Waiter;

/** Describe, launch and terminate of cluster instances. Thread-safe (holds only the thread-safe SDK client). */
public final class Ec2Instances {
    private static final Logger LOG = LoggerFactory.getLogger(Ec2Instances.class);
    private static final String[] LIVE_STATES = {"pending", "running", "stopping", "stopped"};
    private static final String[] ALL_STATES = {"pending", "running", "stopping", "stopped", "shutting-down",
        "terminated"};
    private static final Duration POLL = Duration.ofSeconds(5);

    private final Ec2Client ec2;
    private final Images images;
    private final Consumer<RunInstancesRequest.Builder> customizer;

    /**
     * @param ec2 the client (not closed here)
     * @param images image lookups
     * @param customizer applied to every RunInstances request after ds-ec2's settings
     */
    public Ec2Instances(Ec2Client ec2, Images images, Consumer<RunInstancesRequest.Builder> customizer) {
        this.ec2 = ec2;
        this.images = images;
        this.customizer = customizer;
    }

    /**
     * @param request which cluster, and in which VPC if set
     * @return the cluster's instances
     */
    public List<CloudInstance> describe(DescribeRequest request) {
        List<Filter> filters = new ArrayList<>(List.of(Ec2Tags.tagFilter(ClusterTags.CLUSTER, request.clusterId()),
                Ec2Tags.filter("instance-state-name", request.terminatedIncluded() ? ALL_STATES : LIVE_STATES)));
        request.vpcId().ifPresent(vpc -> filters.add(Ec2Tags.filter("vpc-id", vpc)));
        return query("DescribeInstances for cluster " + request.clusterId()
                + request.vpcId().map(v -> " in " + v).orElse(""), filters.toArray(new Filter[0]));
    }

    /**
     * @param r the node
     * @return the launched or adopted instance
     */
    public LaunchResult launch(LaunchRequest r) {
        String what = "RunInstances for node " + r.nodeId() + " of cluster " + r.clusterId();
        Optional<CloudInstance> existing = findNode(r.clusterId(), r.nodeId(), vpcOf(r.subnetId(), what));
        if (existing.isPresent()) {
            LOG.info("adopting {} for node {} of cluster {} ({})", existing.get().instanceId(), r.nodeId(),
                    r.clusterId(), existing.get().state());
            return LaunchResult.of(awaitRunning(existing.get(), r.runningTimeout(), what), true);
        }
        String token = r.clientToken().orElse(ClientTokens.derive(r.clusterId(), r.nodeId(), 0));
        Instance launchedFirst;
        try {
            launchedFirst = run(r, token);
        } catch (SdkException e) {
            if (!AwsErrors.hasCode(e, "IdempotentInstanceTerminated") || r.clientToken().isPresent()) {
                throw AwsErrors.translate(what, e);
            }
            // the node's earlier instance was terminated: launch a replacement with a fresh token
            String fresh = ClientTokens.derive(r.clusterId(), r.nodeId(), System.currentTimeMillis());
            LOG.info("token of node {} belongs to a terminated instance; launching a replacement", r.nodeId());
            launchedFirst = AwsErrors.call(what, () -> run(r, fresh));
        }
        Instance launched = launchedFirst;
        LOG.info("launched {} for node {} of cluster {} in {}", launched.instanceId(), r.nodeId(), r.clusterId(),
                r.subnetId());
        // the response normally echoes the tags; if an endpoint leaves them out, use the ones we sent
        Instance tagged = launched.hasTags() && !launched.tags().isEmpty() ? launched
                : launched.toBuilder().tags(Ec2Tags.toSdk(instanceTags(r))).build();
        CloudInstance ci = InstanceMapper.map(tagged).orElseThrow(() -> new ProvisioningException(
                what + ": the launched instance " + launched.instanceId() + " came back without its tags"));
        return LaunchResult.of(awaitRunning(ci, r.runningTimeout(), what), false);
    }

    /**
     * @param r what to terminate
     */
    public void terminate(TerminateRequest r) {
        if (r.instanceIds().isEmpty()) {
            return;
        }
        String what = "TerminateInstances in cluster " + r.clusterId();
        List<Instance> found = AwsErrors.call(what, () -> pages(List.of(
                Ec2Tags.filter("instance-id", r.instanceIds().toArray(new String[0])))));
        List<String> toTerminate = new ArrayList<>();
        for (Instance i : found) {
            String cluster = Ec2Tags.toMap(i.tags()).get(ClusterTags.CLUSTER);
            if (!r.clusterId().equals(cluster)) {
                throw new ProvisioningException(what + ": instance " + i.instanceId()
                        + " does not belong to this cluster; refusing to terminate it");
            }
            String state = i.state().nameAsString();
            if (!"terminated".equals(state) && !"shutting-down".equals(state)) {
                toTerminate.add(i.instanceId());
            }
        }
        if (!toTerminate.isEmpty()) {
            try {
                ec2.terminateInstances(b -> b.instanceIds(toTerminate));
                LOG.info("terminating {} of cluster {}", toTerminate, r.clusterId());
            } catch (SdkException e) {
                if (!AwsErrors.hasCode(e, "InvalidInstanceID.NotFound")) {
                    throw AwsErrors.translate(what, e);
                }
            }
        }
        if (!r.waitTimeout().isZero() && !found.isEmpty()) {
            List<String> ids = found.stream().map(Instance::instanceId).toList();
            WaiterResponse<DescribeInstancesResponse> w = AwsErrors.call(what, () -> {
                try (Ec2Waiter waiter = Ec2Waiter.builder().client(ec2).build()) {
                    return waiter.waitUntilInstanceTerminated(DescribeInstancesRequest.builder().instanceIds(ids).build(),
                            override(r.waitTimeout()));
                }
            });
            if (w.matched().exception().isPresent()) {
                throw new ProvisioningException(what + ": instances " + ids + " did not reach terminated within "
                        + r.waitTimeout());
            }
        }
    }

    private static Map<String, String> instanceTags(LaunchRequest r) {
        Map<String, String> tags = new LinkedHashMap<>(Ec2Tags.user(r.tags()));
        tags.putAll(Ec2Tags.base(r.clusterId(), r.role().id()));
        tags.put(ClusterTags.ORDINAL, Integer.toString(r.ordinal()));
        tags.put(ClusterTags.NODE, r.nodeId());
        tags.put(ClusterTags.NAME, r.clusterId() + "-" + r.role().id() + "-" + r.ordinal());
        return tags;
    }

    private Instance run(LaunchRequest r, String token) {
        Map<String, String> tags = instanceTags(r);
        Map<String, String> volumeTags = new LinkedHashMap<>(tags);
        RunInstancesRequest.Builder b = RunInstancesRequest.builder()
                .minCount(1).maxCount(1)
                .clientToken(token)
                .imageId(r.imageId())
                .instanceType(r.instanceType())
                .subnetId(r.subnetId())
                .tagSpecifications(Ec2Tags.spec(ResourceType.INSTANCE, tags),
                        Ec2Tags.spec(ResourceType.VOLUME, volumeTags))
                .metadataOptions(m -> m.httpTokens(HttpTokensState.REQUIRED)
                        .httpEndpoint(InstanceMetadataEndpointState.ENABLED).httpPutResponseHopLimit(2))
                .blockDeviceMappings(BlockDeviceMapping.builder()
                        .deviceName(images.rootDeviceName(r.imageId()))
                        .ebs(e -> {
                            e.volumeType(VolumeType.fromValue(r.rootVolumeType())).volumeSize(r.rootVolumeSizeGib())
                                    .encrypted(true).deleteOnTermination(true);
                            if (r.rootVolumeIops() > 0) {
                                e.iops(r.rootVolumeIops());
                            }
                            if (r.rootVolumeThroughput() > 0) {
                                e.throughput(r.rootVolumeThroughput());
                            }
                        })
                        .build());
        if (!r.securityGroupIds().isEmpty()) {
            b.securityGroupIds(r.securityGroupIds());
        }
        r.keyName().ifPresent(b::keyName);
        r.instanceProfileName().ifPresent(p -> b.iamInstanceProfile(ip -> ip.name(p)));
        r.userData().ifPresent(u -> b.userData(Base64.getEncoder().encodeToString(u.getBytes(StandardCharsets.UTF_8))));
        customizer.accept(b);
        List<Instance> out = ec2.runInstances(b.build()).instances();
        if (out.size() != 1) {
            throw new ProvisioningException("RunInstances for node " + r.nodeId() + " returned " + out.size()
                    + " instances instead of 1");
        }
        return out.get(0);
    }

    private CloudInstance awaitRunning(CloudInstance i, Duration timeout, String what) {
        if (timeout.isZero() || !"pending".equals(i.state())) {
            return i;   // running already, or stopped/stopping (adopted as is: starting it is the caller's decision)
        }
        WaiterResponse<DescribeInstancesResponse> w = AwsErrors.call(what, () -> {
            try (Ec2Waiter waiter = Ec2Waiter.builder().client(ec2).build()) {
                return waiter.waitUntilInstanceRunning(DescribeInstancesRequest.builder().instanceIds(i.instanceId()).build(),
                        override(timeout));
            }
        });
        if (w.matched().exception().isPresent()) {
            throw new ProvisioningException(what + ": instance " + i.instanceId() + " did not reach running within "
                    + timeout + " (" + w.matched().exception().get().getMessage() + ")");
        }
        return query(what, Ec2Tags.filter("instance-id", i.instanceId())).stream().findFirst()
                .orElseThrow(() -> new ProvisioningException(what + ": instance " + i.instanceId() + " vanished"));
    }

    /** @return the VPC of the subnet: a node is adopted only from the VPC it would be launched into */
    private String vpcOf(String subnetId, String what) {
        List<software.amazon.awssdk.services.ec2.model.Subnet> found = AwsErrors.call(what + ": DescribeSubnets "
                + subnetId, () -> ec2.describeSubnets(b -> b.subnetIds(subnetId)).subnets());
        if (found.isEmpty()) {
            throw new ProvisioningException(what + ": subnet " + subnetId + " not found");
        }
        return found.get(0).vpcId();
    }

    private Optional<CloudInstance> findNode(String clusterId, String nodeId, String vpcId) {
        List<CloudInstance> l = query("DescribeInstances for node " + nodeId + " of cluster " + clusterId + " in "
                + vpcId, Ec2Tags.tagFilter(ClusterTags.CLUSTER, clusterId), Ec2Tags.tagFilter(ClusterTags.NODE, nodeId),
                Ec2Tags.filter("instance-state-name", LIVE_STATES), Ec2Tags.filter("vpc-id", vpcId));
        if (l.size() > 1) {
            LOG.warn("node {} of cluster {} has {} live instances: {}; using the oldest", nodeId, clusterId, l.size(),
                    l.stream().map(CloudInstance::instanceId).toList());
        }
        return l.stream().min((a, b) -> a.launchTime().compareTo(b.launchTime()));
    }

    private List<CloudInstance> query(String what, Filter... filters) {
        List<Instance> raw = AwsErrors.call(what, () -> pages(List.of(filters)));
        List<CloudInstance> out = new ArrayList<>();
        for (Instance i : raw) {
            InstanceMapper.map(i).ifPresentOrElse(out::add,
                    () -> LOG.warn("instance {} carries the cluster tag but no node/role tag; ignored", i.instanceId()));
        }
        return out;
    }

    private List<Instance> pages(List<Filter> filters) {
        List<Instance> out = new ArrayList<>();
        for (DescribeInstancesResponse page : ec2.describeInstancesPaginator(
                DescribeInstancesRequest.builder().filters(filters).maxResults(100).build())) {
            page.reservations().forEach(res -> out.addAll(res.instances()));
        }
        return out;
    }

    /**
     * Stops the instance, sets its instance type, starts it again and waits until it runs (same volume, same
     * private IP in a VPC). Refuses instances of other clusters. A no-op when the type is already right.
     *
     * @return the running instance
     */
    public CloudInstance changeInstanceType(String clusterId, String instanceId, String instanceType, Duration timeout) {
        String what = "change the instance type of " + instanceId + " to " + instanceType;
        List<Instance> found = AwsErrors.call(what, () -> pages(List.of(Ec2Tags.filter("instance-id", instanceId))));
        if (found.isEmpty() || !clusterId.equals(Ec2Tags.toMap(found.get(0).tags()).get(ClusterTags.CLUSTER))) {
            throw new ProvisioningException(what + ": no instance " + instanceId + " of cluster " + clusterId);
        }
        Instance i = found.get(0);
        if (!instanceType.equals(i.instanceTypeAsString())) {
            DescribeInstancesRequest one = DescribeInstancesRequest.builder().instanceIds(instanceId).build();
            AwsErrors.call(what, () -> ec2.stopInstances(b -> b.instanceIds(instanceId)));
            LOG.info("stopping {} to change its type {} -> {}", instanceId, i.instanceTypeAsString(), instanceType);
            waitFor(what + " (stopped)", timeout, w -> w.waitUntilInstanceStopped(one, override(timeout)));
            AwsErrors.call(what, () -> ec2.modifyInstanceAttribute(b -> b.instanceId(instanceId)
                    .instanceType(v -> v.value(instanceType))));
            AwsErrors.call(what, () -> ec2.startInstances(b -> b.instanceIds(instanceId)));
            waitFor(what + " (running)", timeout, w -> w.waitUntilInstanceRunning(one, override(timeout)));
        }
        Instance now = AwsErrors.call(what, () -> pages(List.of(Ec2Tags.filter("instance-id", instanceId)))).get(0);
        return InstanceMapper.map(now).orElseThrow(() -> new ProvisioningException(what + ": lost its tags"));
    }

    private void waitFor(String what, Duration timeout,
                         java.util.function.Function<Ec2Waiter, WaiterResponse<DescribeInstancesResponse>> call) {
        WaiterResponse<DescribeInstancesResponse> r = AwsErrors.call(what, () -> {
            try (Ec2Waiter waiter = Ec2Waiter.builder().client(ec2).build()) {
                return call.apply(waiter);
            }
        });
        if (r.matched().exception().isPresent()) {
            throw new ProvisioningException(what + ": not reached within " + timeout);
        }
    }

    private static WaiterOverrideConfiguration override(Duration timeout) {
        return WaiterOverrideConfiguration.builder().waitTimeout(timeout)
                .backoffStrategyV2(software.amazon.awssdk.retries.api.BackoffStrategy.fixedDelay(POLL))
                .maxAttempts(Integer.MAX_VALUE).build();
    }
}
