package io.dsec2.aws.internal;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

/**
 * One TCP ingress rule: a port, from either a CIDR or a source security group.
 *
 * @param port TCP port
 * @param cidr source CIDR, or null
 * @param sourceGroupId source security group id, or null
 * @param description rule description
 */
public record IngressRule(int port, String cidr, String sourceGroupId, String description) {

    /**
     * @param p an SDK permission as DescribeSecurityGroups returns it
     * @return the TCP single-port rules it contains (others are ignored)
     */
    public static List<IngressRule> from(IpPermission p) {
        List<IngressRule> out = new ArrayList<>();
        if (!"tcp".equals(p.ipProtocol()) || p.fromPort() == null || !p.fromPort().equals(p.toPort())) {
            return out;
        }
        for (IpRange r : p.ipRanges()) {
            out.add(new IngressRule(p.fromPort(), r.cidrIp(), null, ""));
        }
        for (UserIdGroupPair g : p.userIdGroupPairs()) {
            out.add(new IngressRule(p.fromPort(), null, g.groupId(), ""));
        }
        return out;
    }

    /**
     * @param other another rule
     * @return true if both allow the same port from the same source (descriptions ignored)
     */
    public boolean sameAs(IngressRule other) {
        return port == other.port && java.util.Objects.equals(cidr, other.cidr)
                && java.util.Objects.equals(sourceGroupId, other.sourceGroupId);
    }

    /** @return as an SDK permission */
    public IpPermission toPermission() {
        IpPermission.Builder b = IpPermission.builder().ipProtocol("tcp").fromPort(port).toPort(port);
        if (cidr != null) {
            b.ipRanges(IpRange.builder().cidrIp(cidr).description(description).build());
        } else {
            b.userIdGroupPairs(UserIdGroupPair.builder().groupId(sourceGroupId).description(description).build());
        }
        return b.build();
    }
}
