package io.dsec2.internal.create;

import io.dsec2.internal.ds.Ds320Profile;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.LoadBalancerSpec;
import io.dsec2.model.SubnetSpec;
import io.dsec2.spi.SubnetInfo;
import io.dsec2.spi.SubnetPlacement;
import java.util.List;

/**
 * What {@code create} would do, worked out from the spec alone (no credentials, no AWS call): the nodes with
 * their instance types and subnets, the load balancer, the security groups and the stages. Secrets appear only
 * as references.
 */
public final class PlanPreview {
    private PlanPreview() {
    }

    public static String render(ClusterSpec spec) {
        StringBuilder sb = new StringBuilder();
        sb.append("cluster ").append(spec.name()).append(" in ").append(spec.aws().region())
          .append(spec.aws().endpointOverride().map(e -> " (endpoint " + e + ")").orElse("")).append('\n');
        List<SubnetSpec> subnets = spec.aws().subnets();
        sb.append(String.format("%-10s %-7s %-12s %-26s %s%n", "NODE", "ROLE", "TYPE", "SUBNET (AZ)", "ROOT VOLUME"));
        for (PlannedNode n : PlannedNode.of(spec)) {
            List<SubnetInfo> pool = subnets.stream()
                    .filter(s -> n.group().subnets().isEmpty() || n.group().subnets().contains(s.id()))
                    .map(s -> SubnetInfo.of(s.id(), s.availabilityZone().orElse(s.id()), "-", "-")).toList();
            String id = pool.isEmpty() ? null : SubnetPlacement.subnetFor(pool, n.role(), n.ordinal());
            String where = id == null ? "-" : id + subnets.stream().filter(s -> s.id().equals(id)).findFirst()
                    .flatMap(SubnetSpec::availabilityZone).map(a -> " (" + a + ")").orElse("");
            sb.append(String.format("%-10s %-7s %-12s %-26s %s%n", n.nodeId(), n.role().id(),
                    n.group().instanceType(), where, volume(n.group())));
        }
        sb.append("placement: the same round-robin over AZs as create; subnets listed without an AZ count as one AZ each")
          .append(" here, and create uses the AZs AWS reports\n");
        sb.append("security groups: ").append(spec.aws().securityGroupIds().isEmpty()
                ? "created for the cluster (DS ports between members only, SSH from aws.admin_cidr)"
                : "given " + spec.aws().securityGroupIds()).append('\n');
        sb.append("tags: ").append(tags(spec)).append('\n');
        LoadBalancerSpec lb = spec.loadBalancer();
        sb.append("load balancer: ").append(lb.enabled() ? "ALB " + spec.name() + ", " + lb.scheme()
                + ", HTTP listener on " + lb.listenerPort() + ", idle timeout " + lb.idleTimeout().toSeconds()
                + " s, target group on 12345 (health " + lb.healthCheckPath() + " every "
                + lb.healthCheckInterval().toSeconds() + " s, timeout " + lb.healthCheckTimeout().toSeconds()
                + " s, healthy after " + lb.healthyThreshold() + ", unhealthy after " + lb.unhealthyThreshold()
                + ", deregistration delay " + lb.deregistrationDelay().toSeconds() + " s)" : "none").append('\n');
        sb.append("package: ").append(spec.deployment().packageFile().map(f -> f + " (uploaded once to the first master,"
                + " fanned out from its port " + io.dsec2.model.DeploymentSpec.PACKAGE_FANOUT_PORT + ")")
                .orElse(String.valueOf(spec.deployment().packageUrl()))).append(" -> ").append(spec.deployment().installPath())
          .append(" (").append(Ds320Profile.VERSION).append(")\n");
        sb.append("database: ").append(spec.database().jdbcUrl()).append(" as ").append(spec.database().username())
          .append(", password ").append(spec.database().password().map(Object::toString).orElse("none")).append('\n');
        io.dsec2.model.RegistrySpec zk = spec.registry();
        sb.append("registry: ").append(zk.connectString()).append(" /").append(zk.namespace())
          .append(" (session timeout ").append(millis(zk.sessionTimeout())).append(", connection timeout ")
          .append(millis(zk.connectionTimeout())).append(", retry ").append(zk.retryMaxRetries()).append(" times, ")
          .append(millis(zk.retryBaseSleep())).append(" to ").append(millis(zk.retryMaxSleep())).append(")\n");
        sb.append("stages: discover, network, launch").append(lb.enabled() ? " + load balancer" : "")
          .append(", connect, prepare, ").append(spec.deployment().packageFile().isPresent()
                  ? "package-seed, package, package-serve-stop" : "package")
          .append(", configure, schema, start (every server in parallel),")
          .append(" verify, worker-groups\n");
        sb.append(io.dsec2.model.CostEstimate.of(spec).toText());
        return sb.toString();
    }

    /** @return for example {@code 30 GiB gp3 encrypted} or {@code 100 GiB gp3 6000 IOPS 500 MiB/s encrypted} */
    static String volume(io.dsec2.model.NodeGroupSpec g) {
        return g.rootVolumeSizeGib() + " GiB " + g.rootVolumeType()
                + (g.rootVolumeIops() > 0 ? " " + g.rootVolumeIops() + " IOPS" : "")
                + (g.rootVolumeThroughput() > 0 ? " " + g.rootVolumeThroughput() + " MiB/s" : "") + " encrypted";
    }

    /** @return the tags per group, or {@code none} */
    static String tags(ClusterSpec spec) {
        if (spec.aws().tags().isEmpty() && spec.nodeGroups().stream().allMatch(g -> g.tags().isEmpty())) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        sb.append("all resources ").append(spec.aws().tags());
        for (io.dsec2.model.NodeGroupSpec g : spec.nodeGroups()) {
            if (!g.tags().isEmpty()) {
                sb.append("; ").append(g.role().id()).append(g.role() == io.dsec2.model.NodeRole.WORKER
                        ? "/" + g.name() : "").append(" instances and volumes ").append(TagSync.forGroup(spec, g));
            }
        }
        return sb.toString();
    }

    private static String millis(java.time.Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
