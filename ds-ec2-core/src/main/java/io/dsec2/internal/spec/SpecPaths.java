package io.dsec2.internal.spec;

import io.dsec2.model.NodeRole;

/**
 * The YAML-form paths that violations use, shared by the validator and the YAML reader so that a path found
 * by one is understood by the other. Worker group 0 is {@code cluster.worker}; group {@code i > 0} is
 * {@code cluster.worker_groups[i-1]}.
 */
public final class SpecPaths {
    private SpecPaths() {
    }

    /**
     * @param role a role
     * @param index index among the groups of that role (only workers have more than one)
     * @return for example {@code cluster.master} or {@code cluster.worker_groups[0]}
     */
    public static String group(NodeRole role, int index) {
        return index == 0 ? "cluster." + role.id() : "cluster.worker_groups[" + (index - 1) + "]";
    }

    /**
     * @param role a role
     * @param index index among the groups of that role
     * @return for example {@code jvm.master} or {@code cluster.worker_groups[0].jvm}
     */
    public static String jvm(NodeRole role, int index) {
        return index == 0 ? "jvm." + role.id() : group(role, index) + ".jvm";
    }

    /**
     * @param role a role
     * @param index index among the groups of that role
     * @return for example {@code service_config.worker} or {@code cluster.worker_groups[0].service_config}
     */
    public static String serviceConfig(NodeRole role, int index) {
        return index == 0 ? "service_config." + role.id() : group(role, index) + ".service_config";
    }
}
