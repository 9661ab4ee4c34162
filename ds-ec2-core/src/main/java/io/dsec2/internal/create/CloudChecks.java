package io.dsec2.internal.create;

import io.dsec2.internal.spec.SpecPaths;
import io.dsec2.model.AwsSpec;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.NodeGroupSpec;
import io.dsec2.model.NodeRole;
import io.dsec2.model.StorageSpec;
import io.dsec2.model.SubnetSpec;
import io.dsec2.spi.Provisioner;
import io.dsec2.spi.SubnetInfo;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The AWS checks of validate(), through the {@link Provisioner}'s pre-flight methods. Thread-safe per method. */
final class CloudChecks {
    private final ClusterSpec spec;
    private final AwsSpec aws;
    private final Provisioner p;
    private final Findings out;

    CloudChecks(ClusterSpec spec, Provisioner p, Findings out) {
        this.spec = spec;
        this.aws = spec.aws();
        this.p = p;
        this.out = out;
    }

    void identity() {
        try {
            out.info("aws.identity", "aws.profile", "AWS calls run as " + p.callerIdentity());
        } catch (UnsupportedOperationException e) {
            out.notChecked("aws.identity", "aws.profile", "the provisioner cannot tell the caller's identity");
        } catch (RuntimeException e) {
            out.error("aws.identity", "aws.profile", "AWS credentials are missing or rejected (" + e.getMessage()
                    + "). Fix: set aws.profile, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or an instance role");
        }
    }

    void region() {
        try {
            Set<String> zones = p.availabilityZones();
            if (zones.isEmpty()) {
                out.error("aws.region", "aws.region", "region " + aws.region() + " has no available availability"
                        + " zone. Fix: use another aws.region");
            }
        } catch (UnsupportedOperationException e) {
            out.notChecked("aws.region", "aws.region", "the provisioner cannot list availability zones");
        } catch (RuntimeException e) {
            out.error("aws.region", "aws.region", "cannot list the availability zones of " + aws.region() + " ("
                    + e.getMessage() + "). Fix: check aws.region and aws.endpoint_override");
        }
    }

    void keyPair() {
        aws.keyPairName().ifPresent(name -> exists("aws.key_pair", "aws.key_name", "key pair " + name,
                () -> p.keyPairExists(name), "import or create it in " + aws.region() + " (ec2 import-key-pair), or fix aws.key_name"));
    }

    void instanceProfile() {
        aws.instanceProfile().ifPresent(name -> exists("aws.instance_profile", "aws.iam_instance_profile",
                "instance profile " + name, () -> p.instanceProfileExists(name),
                "create it (iam create-instance-profile) or fix aws.iam_instance_profile"));
    }

    private void exists(String id, String path, String what, java.util.function.BooleanSupplier probe, String fix) {
        try {
            if (!probe.getAsBoolean()) {
                out.error(id, path, what + " does not exist. Fix: " + fix);
            }
        } catch (UnsupportedOperationException e) {
            out.notChecked(id, path, "the provisioner cannot look up " + what);
        } catch (RuntimeException e) {
            out.error(id, path, "cannot look up " + what + " (" + e.getMessage() + "). Fix: " + fix);
        }
    }

    /** Subnets, their VPC and zones, security groups, instance type offerings, AMI and a dry-run launch, in order. */
    void network() {
        List<SubnetSpec> subnets = aws.subnets();
        Map<Integer, SubnetInfo> found = new LinkedHashMap<>();
        for (int i = 0; i < subnets.size(); i++) {
            String id = subnets.get(i).id();
            try {
                found.put(i, p.describeSubnets(List.of(id)).get(0));
            } catch (RuntimeException e) {
                out.error("aws.subnets.exist", "aws.subnets[" + i + "]", "subnet " + id + " does not exist in "
                        + aws.region() + " (" + e.getMessage() + "). Fix: use an existing subnet id of the cluster's"
                        + " VPC, or the right aws.region");
            }
        }
        Map<String, String> groupVpcs = securityGroups();
        String vpc = clusterVpc(found, groupVpcs);
        for (Map.Entry<Integer, SubnetInfo> s : found.entrySet()) {
            SubnetInfo info = s.getValue();
            String path = "aws.subnets[" + s.getKey() + "]";
            if (vpc != null && !vpc.equals(info.vpcId())) {
                out.error("aws.subnets.vpc", path, "subnet " + info.subnetId() + " is in " + info.vpcId()
                        + " but the cluster's VPC is " + vpc + ". Fix: use subnets of one VPC only");
            }
            subnets.get(s.getKey()).availabilityZone().filter(az -> !az.equals(info.availabilityZone()))
                    .ifPresent(az -> out.error("aws.subnets.az", path + ".availability_zone", "subnet "
                            + info.subnetId() + " is in " + info.availabilityZone() + ", not " + az
                            + ". Fix: correct or remove availability_zone"));
        }
        List<String> sgIds = aws.securityGroupIds();
        for (int i = 0; i < sgIds.size(); i++) {
            String g = groupVpcs == null ? null : groupVpcs.get(sgIds.get(i));
            if (g != null && vpc != null && !vpc.equals(g)) {
                out.error("aws.security_groups.vpc", "aws.security_group_ids[" + i + "]", "security group "
                        + sgIds.get(i) + " is in " + g + " but the cluster's VPC is " + vpc
                        + ". Fix: use security groups of the subnets' VPC");
            }
        }
        offerings(found);
        String ami = ami();
        if (ami != null && !found.isEmpty()) {
            dryRun(ami, found.values().iterator().next().subnetId(), sgIds);
        }
    }

    private Map<String, String> securityGroups() {
        List<String> ids = aws.securityGroupIds();
        if (ids.isEmpty()) {
            return Map.of();
        }
        try {
            Map<String, String> vpcs = p.securityGroupVpcs(ids);
            for (int i = 0; i < ids.size(); i++) {
                if (!vpcs.containsKey(ids.get(i))) {
                    out.error("aws.security_groups.exist", "aws.security_group_ids[" + i + "]", "security group "
                            + ids.get(i) + " does not exist. Fix: use an existing group of the cluster's VPC, or"
                            + " leave aws.security_group_ids empty so ds-ec2 creates least-privilege groups");
                }
            }
            return vpcs;
        } catch (UnsupportedOperationException e) {
            out.notChecked("aws.security_groups.exist", "aws.security_group_ids", "the provisioner cannot describe"
                    + " security groups");
        } catch (RuntimeException e) {
            out.error("aws.security_groups.exist", "aws.security_group_ids", "cannot describe the security groups ("
                    + e.getMessage() + "). Fix: check the ids in aws.security_group_ids");
        }
        return null;
    }

    /** aws.vpc_id if set, else the groups' VPC, else the VPC most subnets are in (the first subnet's on a tie). */
    private String clusterVpc(Map<Integer, SubnetInfo> subnets, Map<String, String> groupVpcs) {
        if (aws.vpcId().isPresent()) {
            return aws.vpcId().get();
        }
        if (groupVpcs != null && !groupVpcs.isEmpty()) {
            return groupVpcs.values().iterator().next();
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        subnets.values().forEach(s -> counts.merge(s.vpcId(), 1, Integer::sum));
        String best = null;
        for (Map.Entry<String, Integer> c : counts.entrySet()) {
            if (best == null || c.getValue() > counts.get(best)) {
                best = c.getKey();
            }
        }
        return best;
    }

    private void offerings(Map<Integer, SubnetInfo> found) {
        Map<String, String> azOf = new HashMap<>();
        found.values().forEach(s -> azOf.put(s.subnetId(), s.availabilityZone()));
        Map<String, Set<String>> offered = new HashMap<>();
        List<NodeGroupSpec> groups = new ArrayList<>();
        groups.add(spec.masters());
        groups.addAll(spec.workerGroups());
        groups.add(spec.apis());
        if (spec.alerts().count() > 0) {
            groups.add(spec.alerts());
        }
        for (NodeGroupSpec g : groups) {
            if (g.count() == 0) {
                continue;
            }
            List<String> subnetIds = g.subnets().isEmpty() ? aws.subnets().stream().map(SubnetSpec::id).toList()
                    : g.subnets();
            Set<String> zones = new LinkedHashSet<>();
            subnetIds.stream().map(azOf::get).filter(java.util.Objects::nonNull).forEach(zones::add);
            List<String> missing = new ArrayList<>();
            for (String az : zones) {
                Set<String> types;
                try {
                    types = offered.computeIfAbsent(az, p::instanceTypesOffered);
                } catch (UnsupportedOperationException e) {
                    out.notChecked("aws.instance_types.offered", "aws.subnets", "the provisioner cannot list"
                            + " instance type offerings");
                    return;
                } catch (RuntimeException e) {
                    out.warn("aws.instance_types.offered", "aws.subnets", "cannot list instance type offerings in "
                            + az + " (" + e.getMessage() + ")");
                    return;
                }
                if (types.isEmpty()) {
                    out.notChecked("aws.instance_types.offered", "aws.subnets", "the endpoint lists no instance"
                            + " type offerings for " + az);
                } else if (!types.contains(g.instanceType())) {
                    missing.add(az);
                }
            }
            if (!missing.isEmpty()) {
                out.error("aws.instance_types.offered", groupPath(g) + ".instance_type", "instance type "
                        + g.instanceType() + " is not offered in " + String.join(", ", missing) + ". Fix: choose"
                        + " another instance type, or subnets in zones that offer it");
            }
        }
    }

    private String groupPath(NodeGroupSpec g) {
        if (g.role() == NodeRole.WORKER) {
            return SpecPaths.group(NodeRole.WORKER, spec.workerGroups().indexOf(g));
        }
        return SpecPaths.group(g.role(), 0);
    }

    private String ami() {
        if (aws.amiId().isPresent()) {
            String id = aws.amiId().get();
            exists("aws.ami", "aws.ami_id", "image " + id, () -> p.imageExists(id),
                    "use an AMI that exists in " + aws.region() + " and is shared with this account");
            return id;
        }
        try {
            return p.resolveAmi(p.architectureOf(spec.masters().instanceType()));
        } catch (RuntimeException e) {
            out.error("aws.ami", "aws.ami_id", "cannot find the current Amazon Linux 2023 AMI (" + e.getMessage()
                    + "). Fix: set aws.ami_id");
            return null;
        }
    }

    private void dryRun(String ami, String subnetId, List<String> sgIds) {
        try {
            p.dryRunLaunch(ami, spec.masters().instanceType(), subnetId, sgIds, aws.instanceProfile().orElse(null),
                    aws.keyPairName().orElse(null));
            out.info("aws.dry_run", "aws", "a RunInstances dry run of " + spec.masters().instanceType() + " in "
                    + subnetId + " would succeed");
        } catch (UnsupportedOperationException e) {
            out.notChecked("aws.dry_run", "aws", "the endpoint does not support dry runs");
        } catch (RuntimeException e) {
            out.error("aws.dry_run", "aws", "a RunInstances dry run was refused: " + e.getMessage()
                    + ". Fix: grant ec2:RunInstances (and iam:PassRole for the instance profile), or raise the quota");
        }
    }

    void bucket(StorageSpec st) {
        try {
            URI endpoint = st.endpoint() == null || st.endpoint().isBlank() ? null : URI.create(st.endpoint());
            p.probeBucket(st.bucket(), st.prefix(), endpoint);
            out.info("storage.bucket", "storage.bucket", "a probe object was put into and deleted from s3://"
                    + st.bucket() + "/" + trimSlashes(st.prefix()));
        } catch (UnsupportedOperationException e) {
            out.notChecked("storage.bucket", "storage.bucket", "the provisioner cannot write to S3");
        } catch (RuntimeException e) {
            out.error("storage.bucket", "storage.bucket", "bucket " + st.bucket() + " is missing or not writable ("
                    + e.getMessage() + "). Fix: create the bucket, fix storage.bucket, or grant s3:PutObject and"
                    + " s3:DeleteObject on " + st.bucket() + "/" + trimSlashes(st.prefix()));
        }
    }

    private static String trimSlashes(String prefix) {
        return prefix == null ? "" : prefix.replaceAll("^/+", "").replaceAll("/+$", "");
    }
}
