package io.dsec2.examples.cli;

import io.dsec2.model.ChangeSet;
import io.dsec2.model.ClusterNode;
import io.dsec2.model.ConfigChange;
import io.dsec2.model.ConfigVersion;
import io.dsec2.model.DeleteResult;
import io.dsec2.model.NodeRole;
import io.dsec2.model.RolloutResult;
import io.dsec2.model.ScaleResult;
import io.dsec2.validate.Finding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The {@code --json} shapes of the library's results (documented with an example per command in the README). */
final class JsonViews {
    private JsonViews() {
    }

    static Map<String, Object> node(ClusterNode n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nodeId", n.nodeId());
        m.put("role", n.role().id());
        m.put("instanceId", n.instanceId());
        m.put("instanceType", n.instanceType());
        m.put("availabilityZone", n.availabilityZone());
        m.put("privateIp", n.privateIp());
        m.put("publicIp", n.publicIp());
        m.put("health", n.health());
        return m;
    }

    static List<Map<String, Object>> findings(List<Finding> findings) {
        return findings.stream().map(f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("level", f.level().name());
            m.put("id", f.id());
            m.put("path", f.path());
            m.put("message", f.message());
            return m;
        }).toList();
    }

    static Map<String, Object> version(ConfigVersion v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", v.number());
        m.put("createdAt", v.createdAt());
        m.put("createdBy", v.createdBy());
        m.put("operation", v.operation());
        m.put("basedOn", v.basedOn() > 0 ? v.basedOn() : null);
        m.put("status", lower(v.status().name()));
        m.put("digest", v.renderedDigest());
        m.put("note", v.note());
        return m;
    }

    static Map<String, Object> changeSet(ChangeSet s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fromVersion", s.fromVersion());
        m.put("changes", s.changes().stream().map(JsonViews::change).toList());
        m.put("rolesToRestart", roles(s.rolesToRestart()));
        m.put("rolesToReplace", roles(s.rolesToReplace()));
        m.put("unsupported", s.unsupported().stream().map(ConfigChange::key).toList());
        return m;
    }

    private static Map<String, Object> change(ConfigChange c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", c.key());
        m.put("old", c.oldValue());
        m.put("new", c.newValue());
        m.put("roles", roles(c.roles()));
        m.put("policy", lower(c.policy().name()));
        m.put("reason", c.reason());
        return m;
    }

    static Map<String, Object> rollout(RolloutResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jobId", r.jobId());
        m.put("outcome", lower(r.outcome().name()));
        m.put("resumed", r.resumed());
        m.put("version", r.version().map(JsonViews::version));
        m.put("restarted", r.restarted());
        m.put("unchanged", r.unchanged());
        m.put("failed", new TreeMap<>(r.failed()));
        m.put("rolledBack", r.rolledBack());
        m.put("durationSeconds", r.duration());
        return m;
    }

    static Map<String, Object> delete(DeleteResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster", r.clusterId());
        m.put("serversStopped", r.serversStopped());
        m.put("instancesTerminated", r.instancesTerminated());
        m.put("targetsDeregistered", r.targetsDeregistered());
        m.put("tasksKilled", r.tasksKilled());
        m.put("dataPurged", r.dataPurged());
        m.put("leftovers", r.leftovers());
        m.put("complete", r.complete());
        m.put("durationSeconds", r.duration());
        return m;
    }

    static Map<String, Object> scale(ScaleResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", r.role().id());
        m.put("previousCount", r.previousCount());
        m.put("count", r.count());
        m.put("added", r.added());
        m.put("removed", r.removed());
        m.put("tasksFinished", r.tasksFinished());
        m.put("tasksKilled", r.tasksKilled());
        m.put("warnings", r.warnings());
        m.put("durationSeconds", r.duration());
        return m;
    }

    private static List<String> roles(java.util.Set<NodeRole> roles) {
        return roles.isEmpty() ? List.of() : java.util.EnumSet.copyOf(roles).stream().map(NodeRole::id).toList();
    }

    private static String lower(String enumName) {
        return enumName.toLowerCase(Locale.ROOT);
    }
}
