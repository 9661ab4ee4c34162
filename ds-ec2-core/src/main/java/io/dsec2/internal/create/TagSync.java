package io.dsec2.internal.create;

import io.dsec2.internal.config.ChangeSets;
import io.dsec2.model.ChangeSet;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.NodeGroupSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user's tags: which a resource gets at create ({@code aws.tags}, with a group's own tags winning on its
 * instances and volumes) and how {@code config update} brings running resources to the desired tags without a
 * restart: set every desired tag (idempotent, so a resumed update repeats it harmlessly) and remove the keys the
 * applied spec had and the desired one no longer has. Tags added to the resources by anyone else are left alone.
 */
final class TagSync {
    private static final Logger LOG = LoggerFactory.getLogger(TagSync.class);

    private TagSync() {
    }

    /**
     * @param spec a spec
     * @param group one of its groups
     * @return the tags of the group's instances and volumes: {@code aws.tags}, then the group's (which win)
     */
    static Map<String, String> forGroup(ClusterSpec spec, NodeGroupSpec group) {
        Map<String, String> out = new LinkedHashMap<>(spec.aws().tags());
        out.putAll(group.tags());
        return out;
    }

    /** @return whether the change set holds a tag change */
    static boolean changesTags(ChangeSet changes) {
        return changes.changes().stream().anyMatch(c -> ChangeSets.TAGS.equals(c.reason()));
    }

    /**
     * @param ctx the update's context (running instances discovered)
     * @param applied the applied spec, or null when none was recorded (then nothing is removed)
     * @param nodes the running nodes with their groups in the target spec
     */
    static void apply(CreateContext ctx, ClusterSpec applied, List<PlannedNode> nodes) {
        ClusterSpec target = ctx.spec;
        String cluster = ctx.clusterId();
        for (PlannedNode n : nodes) {
            Map<String, String> want = forGroup(target, n.group());
            Map<String, String> had = applied == null ? Map.of()
                    : forGroup(applied, RolloutOperation.regroup(applied, new PlannedNode(n.nodeId(), n.role(),
                            n.ordinal(), null)).group());
            ctx.wiring.provisioner.updateTags(cluster, n.nodeId(), want, removed(had, want));
        }
        Map<String, String> had = applied == null ? Map.of() : applied.aws().tags();
        Map<String, String> want = target.aws().tags();
        if (target.aws().securityGroupIds().isEmpty()) {
            ctx.wiring.provisioner.updateTags(cluster, null, want, removed(had, want));
        }
        if (target.loadBalancer().enabled()) {
            ctx.wiring.loadBalancer.updateTags(cluster, cluster, want, removed(had, want));
        }
        LOG.info("tags of cluster {} updated on {} nodes{}", cluster, nodes.size(),
                target.loadBalancer().enabled() ? " and the load balancer" : "");
    }

    private static List<String> removed(Map<String, String> had, Map<String, String> want) {
        List<String> out = new ArrayList<>();
        had.keySet().forEach(k -> {
            if (!want.containsKey(k)) {
                out.add(k);
            }
        });
        return out;
    }
}
