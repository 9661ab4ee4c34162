package io.dsec2.internal.spec;

import io.dsec2.model.AwsSpec;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.NodeGroupSpec;
import io.dsec2.model.NodeRole;
import io.dsec2.model.SubnetSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Rules for the cluster name, AWS placement and node counts. */
final class ClusterRules {
    /** Most nodes in one group. */
    static final int MAX_GROUP_NODES = 1000;
    /** Most nodes in one cluster. */
    static final int MAX_NODES = 1000;
    /** Most worker groups in one cluster. */
    static final int MAX_WORKER_GROUPS = 100;
    private ClusterRules() {
    }

    static void check(ClusterSpec spec, Report r) {
        if (r.required("cluster.name", spec.name(), "a cluster name such as analytics")) {
            r.matches("cluster.name", spec.name(), Formats.CLUSTER_NAME,
                    "1-24 characters of a-z, 0-9 and '-', starting with a letter (it goes into AWS resource names)");
        }
        aws(spec.aws(), r);
        counts(spec, r);
        masterPlacement(spec, r);
        List<NodeGroupSpec> workers = spec.workerGroups();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < workers.size(); i++) {
            NodeGroupSpec g = workers.get(i);
            String path = SpecPaths.group(NodeRole.WORKER, i);
            if (g.role() != NodeRole.WORKER) {
                r.error(path, "is a " + g.role().id() + " group; worker groups must have role worker");
            }
            r.matches(path + ".name", g.name(), Formats.GROUP_NAME, "a worker group name of A-Z, a-z, 0-9, '_', '-'");
            if (!names.add(g.name())) {
                r.error(path + ".name", "worker group '" + g.name() + "' is defined twice: give each group its own name");
            }
        }
    }

    private static void aws(AwsSpec aws, Report r) {
        if (r.required("aws.region", aws.region(), "an AWS region such as us-east-1")) {
            r.matches("aws.region", aws.region(), Formats.REGION, "a region name such as us-east-1");
        }
        List<SubnetSpec> subnets = aws.subnets();
        if (subnets.isEmpty()) {
            r.error("aws.subnets", "is required: list at least one subnet id (two or more in different AZs for HA)");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < subnets.size(); i++) {
            SubnetSpec s = subnets.get(i);
            String path = "aws.subnets[" + i + "]";
            r.matches(path, s.id(), Formats.SUBNET, "a subnet id such as subnet-0a1b2c3d");
            if (!seen.add(s.id())) {
                r.error(path, "subnet " + s.id() + " is listed twice");
            }
            s.availabilityZone().ifPresent(az -> {
                if (!aws.region().isEmpty() && !az.startsWith(aws.region())) {
                    r.error(path + ".availability_zone", "AZ " + az + " is not in region " + aws.region());
                }
            });
        }
        aws.vpcId().ifPresent(v -> r.matches("aws.vpc_id", v, Formats.VPC, "a VPC id such as vpc-0a1b2c3d"));
        aws.amiId().ifPresent(v -> r.matches("aws.ami_id", v, Formats.AMI, "an AMI id such as ami-0a1b2c3d"));
        for (int i = 0; i < aws.securityGroupIds().size(); i++) {
            r.matches("aws.security_group_ids[" + i + "]", aws.securityGroupIds().get(i), Formats.SECURITY_GROUP,
                    "a security group id such as sg-0a1b2c3d");
        }
        aws.adminCidr().ifPresent(c -> {
            r.cidr("aws.admin_cidr", c);
            r.openToInternet("aws.admin_cidr", List.of(c), "SSH (22) and the servers' HTTP ports");
        });
        r.cidrs("aws.api_allowed_cidrs", aws.apiAllowedCidrs());
        r.openToInternet("aws.api_allowed_cidrs", aws.apiAllowedCidrs(), "the API and UI");
        aws.endpointOverride().ifPresent(u -> {
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
                r.error("aws.endpoint_override", "'" + u + "' must be an http or https URL");
            }
        });
    }

    private static void counts(ClusterSpec spec, Report r) {
        if (!bounded(spec, r)) {
            return;
        }
        atLeastOne(spec.masters(), 0, r, "masters schedule workflows");
        for (int i = 0; i < spec.workerGroups().size(); i++) {
            atLeastOne(spec.workerGroups().get(i), i, r, "workers run tasks");
        }
        if (spec.workerGroups().isEmpty()) {
            r.error("cluster.worker", "is required: at least one worker group with at least one worker");
        }
        atLeastOne(spec.apis(), 0, r, "the api server serves the UI and REST API");
        int alerts = spec.alerts().count();
        if (alerts < 0) {
            r.error("cluster.alert.count", "must be 0 or more, got " + alerts);
        } else if (alerts == 0) {
            r.warn("cluster.alert.count", "is 0: no alert server, so no alert is sent");
        } else if (alerts > 1) {
            r.warn("cluster.alert.count", "is " + alerts + ": DS 3.2.0 runs one active alert server; the others"
                    + " stand by until it fails");
        }
        if (spec.masters().count() == 1) {
            r.warn("cluster.master.count", "is 1: a single master is a single point of failure; use 2 or more in"
                    + " different AZs");
        }
        List<NodeGroupSpec> groups = spec.nodeGroups();
        for (int k = 0; k < groups.size(); k++) {
            NodeGroupSpec g = groups.get(k);
            int index = k >= 1 && k <= spec.workerGroups().size() ? k - 1 : 0;
            String path = SpecPaths.group(g.role(), index);
            r.matches(path + ".instance_type", g.instanceType(), Formats.INSTANCE_TYPE, "an EC2 instance type such as m6i.xlarge");
            r.range(path + ".root_volume_size_gib", g.rootVolumeSizeGib(), 8, 16384, " GiB");
            for (int i = 0; i < g.subnets().size(); i++) {
                r.matches(path + ".subnets[" + i + "]", g.subnets().get(i), Formats.SUBNET, "a subnet id");
            }
            for (int i = 0; i < g.securityGroupIds().size(); i++) {
                r.matches(path + ".security_group_ids[" + i + "]", g.securityGroupIds().get(i), Formats.SECURITY_GROUP,
                        "a security group id");
            }
            JvmRules.check(g, SpecPaths.jvm(g.role(), index), r);
            String configPath = SpecPaths.serviceConfig(g.role(), index);
            properties(configPath, g.config(), false, r);
            g.config().keySet().stream().filter(Checks::sensitiveKey).forEach(key -> r.warn(configPath + "." + key,
                    "looks like a secret in plain text; it will be written to application.yaml on every node"));
        }
    }

    /**
     * Node counts within {@link #MAX_GROUP_NODES} per group, {@link #MAX_NODES} per cluster and
     * {@link #MAX_WORKER_GROUPS} worker groups.
     *
     * @return false when a bound is exceeded (the further per-node rules are then skipped)
     */
    private static boolean bounded(ClusterSpec spec, Report r) {
        boolean ok = true;
        if (spec.workerGroups().size() > MAX_WORKER_GROUPS) {
            r.error("cluster.worker_groups", "has " + spec.workerGroups().size() + " groups; at most "
                    + MAX_WORKER_GROUPS + " worker groups are supported");
            ok = false;
        }
        long total = 0;
        List<NodeGroupSpec> groups = spec.nodeGroups();
        for (int k = 0; k < groups.size(); k++) {
            NodeGroupSpec g = groups.get(k);
            int index = k >= 1 && k <= spec.workerGroups().size() ? k - 1 : 0;
            if (g.count() > MAX_GROUP_NODES) {
                r.error(SpecPaths.group(g.role(), index) + ".count", "must be at most " + MAX_GROUP_NODES + ", got "
                        + g.count());
                ok = false;
            }
            total += Math.max(0, g.count());
        }
        if (ok && total > MAX_NODES) {
            r.error("cluster", "has " + total + " nodes; at most " + MAX_NODES + " nodes per cluster are supported");
            ok = false;
        }
        return ok;
    }

    /**
     * Property names and values that reach {@code dolphinscheduler_env.sh}: each name passes the property grammar,
     * each value can be held by an environment variable, and no two names share an environment variable.
     */
    static void properties(String base, java.util.Map<String, String> config, boolean common, Report r) {
        java.util.Map<String, String> envNames = new java.util.HashMap<>();
        config.forEach((key, value) -> {
            String path = base + "." + key;
            String problem = Grammar.propertyKeyProblem(key, common);
            if (problem != null) {
                r.error(base + "." + Grammar.shownKey(key), problem);
                return;
            }
            String valueProblem = Grammar.propertyValueProblem(value);
            if (valueProblem != null) {
                r.error(path, valueProblem);
            }
            String other = envNames.putIfAbsent(Grammar.envName(key), key);
            if (other != null) {
                r.error(path, "'" + key + "' and '" + other + "' both become the environment variable "
                        + Grammar.envName(key) + ": keep one");
            }
        });
    }

    private static void atLeastOne(NodeGroupSpec g, int index, Report r, String why) {
        if (g.count() < 1) {
            r.error(SpecPaths.group(g.role(), index) + ".count", "must be at least 1, got " + g.count() + ": " + why);
        }
    }

    /** Masters run in at least two AZs, unless exactly one master is asked for. */
    private static void masterPlacement(ClusterSpec spec, Report r) {
        NodeGroupSpec m = spec.masters();
        if (m.count() == 1) {
            return;
        }
        boolean own = !m.subnets().isEmpty();
        String path = own ? "cluster.master.subnets" : "aws.subnets";
        List<String> ids = own ? m.subnets() : spec.aws().subnets().stream().map(SubnetSpec::id).toList();
        if (ids.isEmpty()) {
            return; // reported as a missing aws.subnets already
        }
        if (new HashSet<>(ids).size() < 2) {
            r.error(path, "masters would all run in one subnet, so in one AZ: give at least two subnets in"
                    + " different AZs (or set cluster.master.count to 1)");
            return;
        }
        Set<String> azs = new HashSet<>();
        for (String id : ids) {
            String az = spec.aws().subnets().stream().filter(s -> s.id().equals(id)).findFirst()
                    .flatMap(SubnetSpec::availabilityZone).orElse(null);
            if (az == null) {
                return; // an AZ is unknown: checked against AWS by the provisioner
            }
            azs.add(az);
        }
        if (azs.size() < 2) {
            r.error(path, "masters would all run in AZ " + azs.iterator().next()
                    + ": give subnets in at least two AZs so a zone outage leaves a master running");
        }
    }
}
