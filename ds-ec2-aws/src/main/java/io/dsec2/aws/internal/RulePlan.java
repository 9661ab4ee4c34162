package io.dsec2.aws.internal;

import io.dsec2.model.DeploymentSpec;
import io.dsec2.model.NodeRole;
import io.dsec2.spi.LoadBalancerRequest;
import io.dsec2.spi.NetworkRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The least-privilege ingress rules of a cluster's security groups, following which DolphinScheduler 3.2.0 server
 * connects to which (the ports are set in each server's {@code application.yaml}, for example
 * https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-master/src/main/resources/application.yaml):
 * masters 5678 from workers, and {@link DeploymentSpec#PACKAGE_FANOUT_PORT} (18080) from every cluster group (the
 * first master serves {@code deployment.package_file} to the others there while they install; nothing listens
 * otherwise, and the rule is there whatever the package source, so the rule set does not change between runs);
 * workers 1234 from masters and api; alert 50052 from workers and api; api 12345 from
 * the load balancer or the API CIDRs; SSH and the actuator ports only from the admin CIDRs; the load balancer's
 * listener from the API CIDRs. ZooKeeper and the database are outside the cluster. Stateless.
 */
public final class RulePlan {
    /** Group key of the load balancer's group. */
    public static final String ALB = "alb";

    private RulePlan() {
    }

    /**
     * @param request CIDRs and load balancer flag
     * @param groupIds group id per key ({@link NodeRole#id()} or {@link #ALB})
     * @return the rules per group key
     */
    public static Map<String, List<IngressRule>> rules(NetworkRequest request, Map<String, String> groupIds) {
        String master = groupIds.get(NodeRole.MASTER.id());
        String worker = groupIds.get(NodeRole.WORKER.id());
        String api = groupIds.get(NodeRole.API.id());
        String alert = groupIds.get(NodeRole.ALERT.id());
        Map<String, List<IngressRule>> m = new LinkedHashMap<>();
        List<IngressRule> masterRules = new ArrayList<>();
        masterRules.add(group(NodeRole.MASTER.rpcPort(), worker, "workers report to masters"));
        for (NodeRole role : NodeRole.values()) {
            masterRules.add(group(DeploymentSpec.PACKAGE_FANOUT_PORT, groupIds.get(role.id()),
                    "package fan-out from the first master to " + role.id() + " nodes"));
        }
        m.put(NodeRole.MASTER.id(), masterRules);
        List<IngressRule> workerRules = new ArrayList<>();
        workerRules.add(group(NodeRole.WORKER.rpcPort(), master, "masters dispatch to workers"));
        workerRules.add(group(NodeRole.WORKER.rpcPort(), api, "api reads task logs"));
        m.put(NodeRole.WORKER.id(), workerRules);
        List<IngressRule> alertRules = new ArrayList<>();
        alertRules.add(group(NodeRole.ALERT.rpcPort(), worker, "workers send alerts"));
        alertRules.add(group(NodeRole.ALERT.rpcPort(), api, "api sends alerts"));
        m.put(NodeRole.ALERT.id(), alertRules);
        List<IngressRule> apiRules = new ArrayList<>();
        if (request.loadBalancerEnabled()) {
            apiRules.add(group(LoadBalancerRequest.API_PORT, groupIds.get(ALB), "load balancer to api"));
        } else {
            for (String c : request.apiCidrs()) {
                apiRules.add(cidr(LoadBalancerRequest.API_PORT, c, "api clients"));
            }
        }
        m.put(NodeRole.API.id(), apiRules);
        for (NodeRole role : NodeRole.values()) {
            for (String c : request.adminCidrs()) {
                m.get(role.id()).add(cidr(22, c, "ssh from admin"));
                m.get(role.id()).add(cidr(role.httpPort(), c, "health and api from admin"));
            }
        }
        if (request.loadBalancerEnabled()) {
            List<IngressRule> albRules = new ArrayList<>();
            for (String c : request.apiCidrs()) {
                albRules.add(cidr(request.loadBalancerPort(), c, "api clients"));
                if (request.loadBalancerPort() == 443) {
                    albRules.add(cidr(80, c, "api clients, redirected to HTTPS"));
                }
            }
            m.put(ALB, albRules);
        }
        return m;
    }

    private static IngressRule group(int port, String source, String description) {
        return new IngressRule(port, null, source, description);
    }

    private static IngressRule cidr(int port, String cidr, String description) {
        return new IngressRule(port, cidr, null, description);
    }
}
