package io.dsec2.internal.create;

import io.dsec2.model.ClusterSpec;
import io.dsec2.model.NodeGroupSpec;
import io.dsec2.model.NodeRole;
import java.util.ArrayList;
import java.util.List;

/**
 * A node the spec asks for: {@code <role>-<ordinal>}, ordinals counted per role across groups from 1.
 *
 * @param nodeId for example {@code worker-3}
 * @param role its server
 * @param ordinal its number within the role
 * @param group the node group (instance type, heap, config) it belongs to
 */
record PlannedNode(String nodeId, NodeRole role, int ordinal, NodeGroupSpec group) {
    /** @return every node of the spec, in start order (masters, workers, api, alert) */
    static List<PlannedNode> of(ClusterSpec spec) {
        List<PlannedNode> out = new ArrayList<>();
        for (NodeRole role : NodeRole.values()) {
            int ordinal = 0;
            for (NodeGroupSpec g : spec.nodeGroups()) {
                if (g.role() != role) {
                    continue;
                }
                for (int i = 0; i < g.count(); i++) {
                    ordinal++;
                    out.add(new PlannedNode(role.id() + "-" + ordinal, role, ordinal, g));
                }
            }
        }
        return List.copyOf(out);
    }
}
