package io.dsec2.aws.internal;

import io.dsec2.exception.ProvisioningException;
import io.dsec2.model.NodeRole;
import io.dsec2.spi.ClusterTags;
import io.dsec2.spi.DeleteNetworkRequest;
import io.dsec2.spi.NetworkRequest;
import io.dsec2.spi.NetworkResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/** Ensures and deletes a cluster's security groups. Thread-safe (holds only the thread-safe SDK client). */
public final class SecurityGroups {
    private static final Logger LOG = LoggerFactory.getLogger(SecurityGroups.class);
    private static final Duration MAX_DELETE_BACKOFF = Duration.ofSeconds(15);

    private final Ec2Client ec2;

    /** @param ec2 EC2 client (not closed here) */
    public SecurityGroups(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /**
     * @param r the request
     * @return groups per role
     */
    public NetworkResult ensure(NetworkRequest r) {
        if (!r.securityGroupIds().isEmpty()) {
            return given(r);
        }
        String what = "security groups of cluster " + r.clusterId();
        List<String> keys = new ArrayList<>();
        for (NodeRole role : NodeRole.values()) {
            keys.add(role.id());
        }
        if (r.loadBalancerEnabled()) {
            keys.add(RulePlan.ALB);
        }
        Map<String, SecurityGroup> existing = new LinkedHashMap<>();
        for (SecurityGroup g : clusterGroups(r.clusterId(), r.vpcId())) {
            String key = Ec2Tags.toMap(g.tags()).get(ClusterTags.ROLE);
            if (key != null) {
                existing.put(key, g);
            }
        }
        Map<String, String> ids = new LinkedHashMap<>();
        List<String> created = new ArrayList<>();
        for (String key : keys) {
            if (existing.containsKey(key)) {
                ids.put(key, existing.get(key).groupId());
            } else {
                String id = create(r, key);
                ids.put(key, id);
                created.add(id);
            }
        }
        Map<String, List<IngressRule>> plan = RulePlan.rules(r, ids);
        for (Map.Entry<String, List<IngressRule>> e : plan.entrySet()) {
            SecurityGroup current = existing.get(e.getKey());
            List<IngressRule> have = new ArrayList<>();
            if (current != null) {
                current.ipPermissions().forEach(p -> have.addAll(IngressRule.from(p)));
            }
            List<IpPermission> missing = new ArrayList<>();
            for (IngressRule want : e.getValue()) {
                if (have.stream().noneMatch(want::sameAs)) {
                    missing.add(want.toPermission());
                }
            }
            if (!missing.isEmpty()) {
                authorize(what, ids.get(e.getKey()), missing);
            }
            if (current != null) {
                revokeExtra(what, current, e.getValue());
            }
        }
        Map<NodeRole, List<String>> byRole = new EnumMap<>(NodeRole.class);
        for (NodeRole role : NodeRole.values()) {
            byRole.put(role, List.of(ids.get(role.id())));
        }
        return NetworkResult.of(byRole, ids.get(RulePlan.ALB), created);
    }

    /**
     * @param r the request
     */
    public void delete(DeleteNetworkRequest r) {
        String what = "deleting security groups of cluster " + r.clusterId();
        List<SecurityGroup> groups = clusterGroups(r.clusterId(), r.vpcId()).stream()
                .filter(g -> ClusterTags.MANAGED_BY_VALUE.equals(Ec2Tags.toMap(g.tags()).get(ClusterTags.MANAGED_BY)))
                .toList();
        // cut the references between the groups first, or AWS refuses to delete a referenced group
        for (SecurityGroup g : groups) {
            List<IpPermission> perms = new ArrayList<>();
            for (IpPermission p : g.ipPermissions()) {
                IngressRule.from(p).forEach(rule -> perms.add(rule.toPermission()));
            }
            if (!perms.isEmpty()) {
                try {
                    ec2.revokeSecurityGroupIngress(b -> b.groupId(g.groupId()).ipPermissions(perms));
                } catch (SdkException e) {
                    if (!AwsErrors.hasCode(e, "InvalidGroup.NotFound", "InvalidPermission.NotFound")) {
                        throw AwsErrors.translate(what, e);
                    }
                }
            }
        }
        long deadline = System.nanoTime() + r.timeout().toNanos();
        for (SecurityGroup g : groups) {
            deleteGroup(what, g.groupId(), deadline);
        }
    }

    private void deleteGroup(String what, String groupId, long deadline) {
        Duration backoff = Duration.ofSeconds(1);
        while (true) {
            try {
                ec2.deleteSecurityGroup(b -> b.groupId(groupId));
                LOG.info("deleted security group {}", groupId);
                return;
            } catch (SdkException e) {
                if (AwsErrors.hasCode(e, "InvalidGroup.NotFound")) {
                    return;
                }
                if (!AwsErrors.hasCode(e, "DependencyViolation") || System.nanoTime() > deadline) {
                    throw AwsErrors.translate(what + ": group " + groupId, e);
                }
                LOG.info("security group {} still in use; retrying in {}", groupId, backoff);
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_DELETE_BACKOFF) > 0 ? MAX_DELETE_BACKOFF
                        : backoff.multipliedBy(2);
            }
        }
    }

    private NetworkResult given(NetworkRequest r) {
        List<SecurityGroup> found = AwsErrors.call("DescribeSecurityGroups " + r.securityGroupIds(),
                () -> ec2.describeSecurityGroups(b -> b.filters(
                        Ec2Tags.filter("group-id", r.securityGroupIds().toArray(new String[0])),
                        Ec2Tags.filter("vpc-id", r.vpcId()))).securityGroups());
        Set<String> have = new HashSet<>();
        found.forEach(g -> have.add(g.groupId()));
        List<String> missing = r.securityGroupIds().stream().filter(id -> !have.contains(id)).toList();
        if (!missing.isEmpty()) {
            throw new ProvisioningException("security groups " + missing + " do not exist in " + r.vpcId(),
                    "InvalidGroup.NotFound", null, null, false);
        }
        Map<NodeRole, List<String>> byRole = new EnumMap<>(NodeRole.class);
        for (NodeRole role : NodeRole.values()) {
            byRole.put(role, r.securityGroupIds());
        }
        return NetworkResult.of(byRole, null, List.of());
    }

    private String create(NetworkRequest r, String key) {
        String name = r.clusterId() + "-" + key;
        Map<String, String> tags = new java.util.LinkedHashMap<>(Ec2Tags.user(r.tags()));
        tags.putAll(Ec2Tags.base(r.clusterId(), key));
        tags.put(ClusterTags.NAME, name);
        String id = AwsErrors.call("CreateSecurityGroup " + name, () -> ec2.createSecurityGroup(b -> b
                .groupName(name).vpcId(r.vpcId())
                .description("ds-ec2 cluster " + r.clusterId() + ": " + key + " nodes")
                .tagSpecifications(Ec2Tags.spec(ResourceType.SECURITY_GROUP, tags))).groupId());
        LOG.info("created security group {} ({}) for cluster {}", id, name, r.clusterId());
        return id;
    }

    /**
     * Revokes what a group ds-ec2 made allows beyond the spec's rules: single-port TCP rules the plan no longer
     * has (a narrowed CIDR), and every permission of another shape (port ranges, other protocols, IPv6 ranges,
     * prefix lists), which ds-ec2 never writes, so someone added it by hand.
     */
    private void revokeExtra(String what, SecurityGroup group, List<IngressRule> wanted) {
        List<IpPermission> extra = new ArrayList<>();
        for (IpPermission p : group.ipPermissions()) {
            List<IngressRule> ours = IngressRule.from(p);
            boolean singlePortTcp = "tcp".equals(p.ipProtocol()) && p.fromPort() != null
                    && p.fromPort().equals(p.toPort());
            if (!singlePortTcp) {
                extra.add(p);
                continue;
            }
            for (IngressRule rule : ours) {
                if (wanted.stream().noneMatch(rule::sameAs)) {
                    extra.add(rule.toPermission());
                }
            }
            if (!p.ipv6Ranges().isEmpty() || !p.prefixListIds().isEmpty()) {
                extra.add(IpPermission.builder().ipProtocol(p.ipProtocol()).fromPort(p.fromPort()).toPort(p.toPort())
                        .ipv6Ranges(p.ipv6Ranges()).prefixListIds(p.prefixListIds()).build());
            }
        }
        if (extra.isEmpty()) {
            return;
        }
        try {
            ec2.revokeSecurityGroupIngress(b -> b.groupId(group.groupId()).ipPermissions(extra));
            LOG.info("security group {}: revoked {} rule(s) the spec no longer has", group.groupId(), extra.size());
        } catch (SdkException e) {
            if (!AwsErrors.hasCode(e, "InvalidPermission.NotFound")) {
                throw AwsErrors.translate(what + ": RevokeSecurityGroupIngress " + group.groupId(), e);
            }
        }
    }

    private void authorize(String what, String groupId, List<IpPermission> perms) {
        try {
            ec2.authorizeSecurityGroupIngress(b -> b.groupId(groupId).ipPermissions(perms));
        } catch (SdkException e) {
            if (!AwsErrors.hasCode(e, "InvalidPermission.Duplicate")) {
                throw AwsErrors.translate(what + ": AuthorizeSecurityGroupIngress " + groupId, e);
            }
            // a concurrent run added some of them: add the rest one by one
            for (IpPermission p : perms) {
                try {
                    ec2.authorizeSecurityGroupIngress(b -> b.groupId(groupId).ipPermissions(p));
                } catch (SdkException e2) {
                    if (!AwsErrors.hasCode(e2, "InvalidPermission.Duplicate")) {
                        throw AwsErrors.translate(what + ": AuthorizeSecurityGroupIngress " + groupId, e2);
                    }
                }
            }
        }
    }

    /** @param r cluster and VPC @return ids of the groups in the VPC tagged with the cluster id */
    public List<String> tagged(DeleteNetworkRequest r) {
        return clusterGroups(r.clusterId(), r.vpcId()).stream().map(SecurityGroup::groupId).toList();
    }

    private List<SecurityGroup> clusterGroups(String clusterId, String vpcId) {
        return AwsErrors.call("DescribeSecurityGroups of cluster " + clusterId,
                () -> ec2.describeSecurityGroupsPaginator(b -> b.filters(Ec2Tags.filter("vpc-id", vpcId),
                        Ec2Tags.tagFilter(ClusterTags.CLUSTER, clusterId)).maxResults(100))
                        .securityGroups().stream().toList());
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis() / 2 + ThreadLocalRandom.current().nextLong(d.toMillis() / 2 + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("interrupted while waiting to delete a security group");
        }
    }
}
