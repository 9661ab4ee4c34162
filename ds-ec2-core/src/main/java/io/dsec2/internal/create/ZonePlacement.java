package io.dsec2.internal.create;

import io.dsec2.spi.CloudInstance;
import io.dsec2.spi.SubnetInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Subnets for nodes not launched yet: each goes to the zone (of its pool) holding the fewest running nodes of its
 * role, counting nodes placed before it in ordinal order; ties go round-robin from the zone
 * {@link io.dsec2.spi.SubnetPlacement} gives the ordinal, so a fresh create places exactly as SubnetPlacement does,
 * and a scale-out fills the least-populated zones first. Within a zone, subnets are used in turn. Decided once,
 * at the first launch of a role, from the instances discovered then. Thread-safe.
 */
final class ZonePlacement {
    private final Map<String, String> chosen = new HashMap<>();
    private final Map<String, Integer> placedPerZone = new HashMap<>();

    synchronized String subnetFor(CreateContext ctx, PlannedNode node, List<SubnetInfo> pool) {
        String done = chosen.get(node.nodeId());
        if (done != null) {
            return done;
        }
        if (placedPerZone.isEmpty()) {
            for (CloudInstance i : ctx.instances.values()) {
                if (i.running() && i.role() != null) {
                    placedPerZone.merge(key(i.role().id(), i.availabilityZone()), 1, Integer::sum);
                }
            }
            placedPerZone.put("", 0);
        }
        List<PlannedNode> pending = ctx.nodes.stream().filter(n -> n.role() == node.role())
                .filter(n -> !ctx.instances.containsKey(n.nodeId()) || !ctx.instances.get(n.nodeId()).running())
                .filter(n -> !chosen.containsKey(n.nodeId())).toList();
        for (PlannedNode n : pending) {
            List<SubnetInfo> own = n.nodeId().equals(node.nodeId()) ? pool : poolOf(ctx, n);
            chosen.put(n.nodeId(), pick(n, own));
        }
        return chosen.computeIfAbsent(node.nodeId(), id -> pick(node, pool));
    }

    private static List<SubnetInfo> poolOf(CreateContext ctx, PlannedNode n) {
        if (n.group().subnets().isEmpty()) {
            return ctx.subnets;
        }
        return ctx.subnets.stream().filter(s -> n.group().subnets().contains(s.subnetId())).toList();
    }

    private String pick(PlannedNode n, List<SubnetInfo> pool) {
        Map<String, List<String>> byZone = new LinkedHashMap<>();
        for (SubnetInfo s : pool) {
            byZone.computeIfAbsent(s.availabilityZone(), z -> new ArrayList<>()).add(s.subnetId());
        }
        List<String> zones = new ArrayList<>(byZone.keySet());
        int start = (n.ordinal() - 1 + n.role().ordinal()) % zones.size();
        String best = null;
        int bestCount = Integer.MAX_VALUE;
        for (int k = 0; k < zones.size(); k++) {
            String z = zones.get((start + k) % zones.size());
            int c = placedPerZone.getOrDefault(key(n.role().id(), z), 0);
            if (c < bestCount) {
                best = z;
                bestCount = c;
            }
        }
        placedPerZone.merge(key(n.role().id(), best), 1, Integer::sum);
        List<String> subnets = byZone.get(best);
        return subnets.get(bestCount % subnets.size());
    }

    private static String key(String role, String zone) {
        return role + "@" + zone;
    }
}
