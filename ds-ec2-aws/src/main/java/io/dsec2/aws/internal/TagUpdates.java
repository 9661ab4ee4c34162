package io.dsec2.aws.internal;

import io.dsec2.spi.ClusterTags;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Sets and removes the user's tags on a cluster's running EC2 resources (CreateTags/DeleteTags, both idempotent):
 * one node's instance with its attached EBS volumes, or the security groups ds-ec2 created for the cluster.
 * Resources are found by the cluster tag; ds-ec2's own keys are never touched. Thread-safe.
 */
public final class TagUpdates {
    private static final String[] LIVE_STATES = {"pending", "running", "stopping", "stopped"};
    private final Ec2Client ec2;

    /** @param ec2 EC2 client (not closed here) */
    public TagUpdates(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /**
     * @param clusterId cluster id
     * @param nodeId a node id, or null for the cluster's security groups
     * @param put tags to set
     * @param remove keys to remove (keys also in {@code put} are kept)
     */
    public void update(String clusterId, String nodeId, Map<String, String> put, Collection<String> remove) {
        List<String> ids = nodeId == null ? securityGroups(clusterId) : nodeResources(clusterId, nodeId);
        if (ids.isEmpty()) {
            return;
        }
        List<Tag> add = Ec2Tags.toSdk(Ec2Tags.user(put));
        List<Tag> drop = remove.stream().filter(k -> !Ec2Tags.owned(k) && !put.containsKey(k))
                .map(k -> Tag.builder().key(k).build()).toList();
        if (!add.isEmpty()) {
            AwsErrors.call("CreateTags " + ids, () -> ec2.createTags(b -> b.resources(ids).tags(add)));
        }
        if (!drop.isEmpty()) {
            AwsErrors.call("DeleteTags " + ids, () -> ec2.deleteTags(b -> b.resources(ids).tags(drop)));
        }
    }

    private List<String> nodeResources(String clusterId, String nodeId) {
        List<String> ids = new ArrayList<>();
        AwsErrors.call("DescribeInstances " + nodeId, () -> ec2.describeInstancesPaginator(b -> b.filters(
                Ec2Tags.tagFilter(ClusterTags.CLUSTER, clusterId), Ec2Tags.tagFilter(ClusterTags.NODE, nodeId),
                Ec2Tags.filter("instance-state-name", LIVE_STATES))).reservations().stream()
                .flatMap(r -> r.instances().stream()).toList()).forEach((Instance i) -> {
                    ids.add(i.instanceId());
                    i.blockDeviceMappings().forEach(m -> {
                        if (m.ebs() != null && m.ebs().volumeId() != null) {
                            ids.add(m.ebs().volumeId());
                        }
                    });
                });
        return ids;
    }

    private List<String> securityGroups(String clusterId) {
        return AwsErrors.call("DescribeSecurityGroups " + clusterId, () -> ec2.describeSecurityGroupsPaginator(b -> b
                .filters(Ec2Tags.tagFilter(ClusterTags.CLUSTER, clusterId),
                        Ec2Tags.tagFilter(ClusterTags.MANAGED_BY, ClusterTags.MANAGED_BY_VALUE))).securityGroups()
                .stream().map(g -> g.groupId()).toList());
    }
}
