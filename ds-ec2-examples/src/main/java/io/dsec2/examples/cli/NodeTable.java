package io.dsec2.examples.cli;

import io.dsec2.model.ClusterNode;
import java.io.PrintWriter;
import java.util.List;

/** The final table of a create: one line per node. */
final class NodeTable {
    private NodeTable() {
    }

    static void print(PrintWriter out, List<ClusterNode> nodes) {
        String f = "%-10s %-7s %-12s %-16s %-21s %s%n";
        out.printf(f, "NODE", "ROLE", "AZ", "PRIVATE IP", "INSTANCE", "HEALTH");
        for (ClusterNode n : nodes) {
            out.printf(f, n.nodeId(), n.role().id(), n.availabilityZone(), n.privateIp(), n.instanceId(), n.health());
        }
    }
}
