package io.dsec2.aws.internal;

import io.dsec2.model.NodeRole;
import io.dsec2.spi.CloudInstance;
import io.dsec2.spi.ClusterTags;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.Instance;

/** Maps EC2 instances to {@link CloudInstance}. Stateless. */
public final class InstanceMapper {
    private InstanceMapper() {
    }

    /**
     * @param i an EC2 instance
     * @return the value, or empty if the instance lacks the ds-ec2 node or role tag
     */
    public static Optional<CloudInstance> map(Instance i) {
        Map<String, String> tags = Ec2Tags.toMap(i.tags());
        String node = tags.get(ClusterTags.NODE);
        String roleText = tags.get(ClusterTags.ROLE);
        if (node == null || roleText == null) {
            return Optional.empty();
        }
        NodeRole role;
        try {
            role = NodeRole.of(roleText);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(CloudInstance.builder()
                .instanceId(i.instanceId())
                .nodeId(node)
                .role(role)
                .ordinal(ordinal(tags.get(ClusterTags.ORDINAL)))
                .state(i.state() == null ? "unknown" : i.state().nameAsString())
                .privateIp(i.privateIpAddress() == null ? "" : i.privateIpAddress())
                .publicIp(i.publicIpAddress())
                .subnetId(i.subnetId() == null ? "" : i.subnetId())
                .availabilityZone(i.placement() == null || i.placement().availabilityZone() == null ? ""
                        : i.placement().availabilityZone())
                .instanceType(i.instanceTypeAsString())
                .imageId(i.imageId())
                .launchTime(i.launchTime())
                .tags(tags)
                .build());
    }

    private static int ordinal(String text) {
        if (text == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(text.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
