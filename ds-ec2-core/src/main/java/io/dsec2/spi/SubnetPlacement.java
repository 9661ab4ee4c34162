package io.dsec2.spi;

import io.dsec2.model.NodeRole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Places nodes on subnets: round-robin per role across availability zones, so each role spreads over as many
 * zones as there are, and two or more masters always land in at least two zones when at least two zones exist.
 * Subnets are grouped by zone in the order given; within a zone, subnets are used in turn. The result is a
 * pure function of the input, so re-running a create places the same node on the same subnet.
 *
 * <pre>{@code
 * String subnet = SubnetPlacement.subnetFor(subnets, NodeRole.MASTER, 2);   // ordinal 2 -> second zone
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class SubnetPlacement {
    private SubnetPlacement() {
    }

    /**
     * @param subnets the subnets to spread over, non-empty
     * @param role the node's role (roles are offset so that single nodes of different roles do not all share
     *     the first zone)
     * @param ordinal the node's 1-based ordinal within its role
     * @return the subnet id for the node
     * @throws IllegalArgumentException if subnets is empty or the ordinal is below 1
     */
    public static String subnetFor(List<SubnetInfo> subnets, NodeRole role, int ordinal) {
        Objects.requireNonNull(role, "role must not be null");
        if (subnets.isEmpty()) {
            throw new IllegalArgumentException("subnets must not be empty");
        }
        if (ordinal < 1) {
            throw new IllegalArgumentException("ordinal must be >= 1: " + ordinal);
        }
        Map<String, List<String>> byZone = new LinkedHashMap<>();
        for (SubnetInfo s : subnets) {
            byZone.computeIfAbsent(s.availabilityZone(), z -> new ArrayList<>()).add(s.subnetId());
        }
        List<List<String>> zones = new ArrayList<>(byZone.values());
        int index = ordinal - 1 + role.ordinal();
        List<String> zone = zones.get(index % zones.size());
        return zone.get((index / zones.size()) % zone.size());
    }

    /**
     * @param subnets the subnets to spread over, non-empty
     * @param role the role
     * @param count how many nodes of the role
     * @return the subnet id of ordinal 1..count, in order
     */
    public static List<String> place(List<SubnetInfo> subnets, NodeRole role, int count) {
        List<String> out = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            out.add(subnetFor(subnets, role, i));
        }
        return List.copyOf(out);
    }
}
