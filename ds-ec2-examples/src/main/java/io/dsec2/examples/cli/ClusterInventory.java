package io.dsec2.examples.cli;

import io.dsec2.spi.ClusterTags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TagDescription;

/**
 * The clusters in one region, found by ds-ec2's tags alone (no spec): every instance tagged
 * {@code ds-ec2:managed-by=ds-ec2} that is not terminated, grouped by {@code ds-ec2:cluster}, and the load
 * balancers carrying the same tags. Read-only: DescribeInstances, DescribeLoadBalancers, DescribeTags.
 */
final class ClusterInventory {
    private ClusterInventory() {
    }

    /** One cluster: name, VPC(s), counts per role and state, load balancer, first launch, who created it. */
    record Cluster(String name, List<String> vpcs, Map<String, Map<String, Integer>> counts, String loadBalancer,
                   Instant created, String createdBy) {
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("vpc", vpcs.size() == 1 ? vpcs.get(0) : vpcs);
            m.put("nodes", counts);
            m.put("loadBalancer", loadBalancer);
            m.put("created", created);
            m.put("createdBy", createdBy);
            return m;
        }
    }

    static List<Cluster> list(Ec2Client ec2, ElasticLoadBalancingV2Client elb) {
        Map<String, List<Instance>> byCluster = new TreeMap<>();
        ec2.describeInstancesPaginator(b -> b.filters(
                Filter.builder().name("tag:" + ClusterTags.MANAGED_BY).values(ClusterTags.MANAGED_BY_VALUE).build(),
                Filter.builder().name("instance-state-name").values("pending", "running", "stopping", "stopped",
                        "shutting-down").build()))
                .reservations().forEach(r -> r.instances().forEach(i -> {
                    String c = tag(i.tags(), ClusterTags.CLUSTER);
                    if (c != null) {
                        byCluster.computeIfAbsent(c, k -> new ArrayList<>()).add(i);
                    }
                }));
        Map<String, String> lbByCluster = loadBalancers(elb);
        List<Cluster> out = new ArrayList<>();
        for (Map.Entry<String, List<Instance>> e : byCluster.entrySet()) {
            Map<String, Map<String, Integer>> counts = new TreeMap<>();
            Instant created = null;
            String createdBy = null;
            List<String> vpcs = new ArrayList<>();
            for (Instance i : e.getValue()) {
                String role = String.valueOf(tag(i.tags(), ClusterTags.ROLE));
                counts.computeIfAbsent(role, k -> new TreeMap<>()).merge(i.state().nameAsString(), 1, Integer::sum);
                if (i.vpcId() != null && !vpcs.contains(i.vpcId())) {
                    vpcs.add(i.vpcId());
                }
                if (i.launchTime() != null && (created == null || i.launchTime().isBefore(created))) {
                    created = i.launchTime();
                    createdBy = tag(i.tags(), ClusterTags.CREATED_BY);
                }
            }
            out.add(new Cluster(e.getKey(), List.copyOf(vpcs), counts, lbByCluster.get(e.getKey()), created, createdBy));
        }
        for (Map.Entry<String, String> lb : lbByCluster.entrySet()) {
            if (!byCluster.containsKey(lb.getKey())) {
                out.add(new Cluster(lb.getKey(), List.of(), Map.of(), lb.getValue(), null, null));
            }
        }
        out.sort(java.util.Comparator.comparing(Cluster::name));
        return out;
    }

    /** @return cluster id to the DNS name of its ds-ec2-managed load balancer */
    private static Map<String, String> loadBalancers(ElasticLoadBalancingV2Client elb) {
        Map<String, String> out = new TreeMap<>();
        List<LoadBalancer> all = new ArrayList<>();
        elb.describeLoadBalancersPaginator(b -> { }).loadBalancers().forEach(all::add);
        for (int i = 0; i < all.size(); i += 20) {
            List<LoadBalancer> batch = all.subList(i, Math.min(all.size(), i + 20));
            Map<String, LoadBalancer> byArn = new LinkedHashMap<>();
            batch.forEach(lb -> byArn.put(lb.loadBalancerArn(), lb));
            for (TagDescription d : elb.describeTags(b -> b.resourceArns(byArn.keySet())).tagDescriptions()) {
                Map<String, String> tags = new LinkedHashMap<>();
                d.tags().forEach(t -> tags.put(t.key(), t.value()));
                if (ClusterTags.MANAGED_BY_VALUE.equals(tags.get(ClusterTags.MANAGED_BY))
                        && tags.get(ClusterTags.CLUSTER) != null) {
                    out.put(tags.get(ClusterTags.CLUSTER), byArn.get(d.resourceArn()).dnsName());
                }
            }
        }
        return out;
    }

    private static String tag(List<Tag> tags, String key) {
        return tags.stream().filter(t -> t.key().equals(key)).map(Tag::value).findFirst().orElse(null);
    }
}
