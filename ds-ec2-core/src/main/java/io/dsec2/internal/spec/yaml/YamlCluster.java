package io.dsec2.internal.spec.yaml;

import io.dsec2.internal.spec.Grammar;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.JvmSpec;
import io.dsec2.model.LoadBalancerScheme;
import io.dsec2.model.NodeGroupSpec;
import io.dsec2.model.NodeRole;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.snakeyaml.engine.v2.nodes.Node;

/** The cluster, jvm and service_config sections: node groups and their per-role settings. */
final class YamlCluster {
    static final Set<String> CLUSTER = Set.of("name", "master", "worker", "api", "alert", "worker_groups");
    static final Set<String> ROLES = Set.of("master", "worker", "api", "alert");
    static final Set<String> SERVICE_CONFIG = Set.of("master", "worker", "api", "alert", "common");
    static final Set<String> GROUP = Set.of("count", "instance_type", "subnets", "security_group_ids",
            "root_volume_size_gib", "root_volume_type", "root_volume_iops", "root_volume_throughput", "tags",
            "nodes");
    static final Set<String> JVM = Set.of("xms", "xmx", "xmn", "heap", "gc", "extra_opts");
    static final Set<String> LOAD_BALANCER = Set.of("enabled", "scheme", "subnets", "allowed_cidrs",
            "deregistration_delay", "health_check_path", "listener_port", "health_check", "idle_timeout",
            "certificate_arn");
    static final Set<String> HEALTH_CHECK = Set.of("interval", "timeout", "healthy_threshold", "unhealthy_threshold");
    static final Set<String> PYTHON_GATEWAY = Set.of("enabled", "auth_token");

    private static final int MAX_DEPTH = 16;

    private YamlCluster() {
    }

    static void cluster(YMap m, ClusterSpec.Builder b) {
        m.scalar("name", v -> b.name(v.trim()));
        m.map("master", GROUP).ifPresent(g -> group(g, b::masters));
        m.map("worker", with(GROUP, "name")).ifPresent(g -> group(g, b::workers));
        m.map("api", GROUP).ifPresent(g -> group(g, b::apis));
        m.map("alert", GROUP).ifPresent(g -> group(g, b::alerts));
        m.list("worker_groups", nodes -> {
            for (int i = 0; i < nodes.size(); i++) {
                String path = m.child("worker_groups") + "[" + i + "]";
                m.ctx().seen(path, nodes.get(i));
                YMap.of(m.ctx(), path, nodes.get(i), with(GROUP, "name", "jvm", "service_config")).ifPresent(g -> {
                    NodeGroupSpec.Builder wb = NodeGroupSpec.builder(NodeRole.WORKER);
                    group(g, c -> c.accept(wb));
                    g.map("jvm", JVM).ifPresent(j -> wb.jvm(jvm(j, wb.build().jvm())));
                    g.map("service_config", null).ifPresent(s -> wb.config(config(s, NodeRole.WORKER)));
                    b.addWorkerGroup(wb.build());
                });
            }
        });
    }

    private static Set<String> with(Set<String> base, String... more) {
        Set<String> s = new HashSet<>(base);
        s.addAll(List.of(more));
        return s;
    }

    private static void group(YMap g, Consumer<Consumer<NodeGroupSpec.Builder>> edit) {
        g.scalar("name", v -> edit.accept(x -> x.name(v.trim())));
        g.scalar("count", v -> {
            int count = Values.integer(v);
            edit.accept(x -> x.count(count));
        });
        g.scalar("instance_type", v -> edit.accept(x -> x.instanceType(v.trim())));
        g.strings("subnets", v -> edit.accept(x -> x.subnets(v)));
        g.strings("security_group_ids", v -> edit.accept(x -> x.securityGroupIds(v)));
        g.scalar("root_volume_size_gib", v -> {
            int gib = Values.integer(v);
            edit.accept(x -> x.rootVolumeSizeGib(gib));
        });
        g.scalar("root_volume_type", v -> edit.accept(x -> x.rootVolumeType(Values.lower(v))));
        g.scalar("root_volume_iops", v -> {
            int iops = Values.integer(v);
            edit.accept(x -> x.rootVolumeIops(iops));
        });
        g.scalar("root_volume_throughput", v -> {
            int mibs = Values.integer(v);
            edit.accept(x -> x.rootVolumeThroughput(mibs));
        });
        YamlSections.tags(g).ifPresent(t -> edit.accept(x -> x.tags(t)));
        g.node("nodes").ifPresent(n -> g.ctx().warn(g.child("nodes"), n, "is ignored: ds-ec2 finds nodes by their"
                + " AWS tags and never keeps them in this file; set count instead"));
    }

    static void jvm(YMap m, ClusterSpec.Builder b) {
        m.map("master", JVM).ifPresent(j -> b.masters(g -> g.jvm(jvm(j, g.build().jvm()))));
        m.map("worker", JVM).ifPresent(j -> b.workers(g -> g.jvm(jvm(j, g.build().jvm()))));
        m.map("api", JVM).ifPresent(j -> b.apis(g -> g.jvm(jvm(j, g.build().jvm()))));
        m.map("alert", JVM).ifPresent(j -> b.alerts(g -> g.jvm(jvm(j, g.build().jvm()))));
    }

    private static JvmSpec jvm(YMap j, JvmSpec current) {
        JvmSpec.Builder jb = current.toBuilder();
        j.scalar("heap", v -> jb.heapMib(Values.mib(v)));
        j.scalar("xms", v -> jb.xmsMib(Values.mib(v)));
        j.scalar("xmx", v -> jb.xmxMib(Values.mib(v)));
        j.scalar("xmn", v -> jb.xmnMib(Values.mib(v)));
        List<String> extra = new ArrayList<>(current.extraOptions());
        j.scalar("gc", v -> extra.add("-XX:+Use" + gc(v)));
        j.strings("extra_opts", v -> v.forEach(o -> extra.addAll(List.of(o.trim().split("\\s+")))));
        return jb.extraOptions(extra).build();
    }

    /** @return a collector name such as {@code G1GC} from {@code G1GC} or {@code -XX:+UseG1GC} */
    private static String gc(String v) {
        String name = v.trim().replaceFirst("^-XX:\\+Use", "");
        if (!name.matches("[A-Za-z0-9]{1,40}GC")) {
            throw new IllegalArgumentException("is not a garbage collector name: give one word such as G1GC, ZGC,"
                    + " ParallelGC or SerialGC (further options go into extra_opts)");
        }
        return name;
    }

    static void serviceConfig(YMap m, ClusterSpec.Builder b) {
        m.map("master", null).ifPresent(s -> b.masters(g -> g.config(merge(g, config(s, NodeRole.MASTER)))));
        m.map("worker", null).ifPresent(s -> b.workers(g -> g.config(merge(g, config(s, NodeRole.WORKER)))));
        m.map("alert", null).ifPresent(s -> b.alerts(g -> g.config(merge(g, config(s, NodeRole.ALERT)))));
        m.map("api", null).ifPresent(s -> {
            s.map("load_balancer", LOAD_BALANCER).ifPresent(lb -> loadBalancer(lb, b));
            s.map("python_gateway", PYTHON_GATEWAY).ifPresent(pg -> {
                pg.scalar("enabled", v -> b.pythonGatewayEnabled(Values.bool(v)));
                Values.secret(pg, "auth_token", b::pythonGatewayToken);
            });
            Values.secret(s, "admin_password", b::adminPassword);
            b.apis(g -> g.config(merge(g, config(s, NodeRole.API))));
        });
        m.map("common", null).ifPresent(s -> {
            Map<String, String> props = new LinkedHashMap<>();
            for (String key : s.keySet()) {
                s.scalar(key, v -> put(s, key, key, v, true, props));
            }
            b.commonProperties(props);
        });
    }

    private static Map<String, String> merge(NodeGroupSpec.Builder g, Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(g.build().config());
        all.putAll(more);
        return all;
    }

    /**
     * Flattens a role's overrides into {@code application.yaml} keys: snake_case becomes kebab-case, nested
     * maps join with '.', and a key without a '.' gets the role's section prefix ({@code exec_threads} under
     * worker becomes {@code worker.exec-threads}). Dotted keys are taken as full keys.
     */
    static Map<String, String> config(YMap s, NodeRole role) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : s.keySet()) {
            if (role == NodeRole.API && (key.equals("load_balancer") || key.equals("python_gateway")
                    || key.equals("admin_password"))) {
                continue;
            }
            String full = key.contains(".") ? key : role.id() + "." + key.replace('_', '-');
            flatten(s, key, full, out, 0);
        }
        return out;
    }

    private static void flatten(YMap s, String key, String full, Map<String, String> out, int depth) {
        Node n = s.node(key).orElse(null);
        if (n == null) {
            return;
        }
        if (depth >= MAX_DEPTH) {
            s.ctx().error(s.child(key), n, "is nested more than " + MAX_DEPTH + " levels deep (or refers to itself)");
            return;
        }
        if (n instanceof org.snakeyaml.engine.v2.nodes.MappingNode) {
            YMap.of(s.ctx(), s.child(key), n, null).ifPresent(child -> {
                for (String k : child.keySet()) {
                    flatten(child, k, full + "." + k.replace('_', '-'), out, depth + 1);
                }
            });
        } else if (n instanceof org.snakeyaml.engine.v2.nodes.ScalarNode) {
            put(s, key, full, ((org.snakeyaml.engine.v2.nodes.ScalarNode) n).getValue(), false, out);
        } else {
            s.strings(key, v -> put(s, key, full, String.join(",", v), false, out));
        }
    }

    /**
     * Keeps a property whose name and value pass {@link Grammar}; reports one that does not at its YAML path
     * (without the value) and drops it, so that the validator does not report it a second time.
     */
    private static void put(YMap s, String key, String full, String value, boolean common, Map<String, String> out) {
        String problem = Grammar.propertyKeyProblem(full, common);
        if (problem == null) {
            problem = Grammar.propertyValueProblem(value);
        }
        if (problem != null) {
            s.ctx().error(s.child(Grammar.shownKey(key)), s.node(key).orElse(s.keyNode(key)), problem);
            return;
        }
        out.put(full, value);
    }

    private static void loadBalancer(YMap lb, ClusterSpec.Builder b) {
        lb.scalar("enabled", v -> b.loadBalancer(l -> l.enabled(Values.bool(v))));
        lb.scalar("scheme", v -> b.loadBalancer(l -> l.scheme(scheme(v))));
        lb.strings("subnets", v -> b.loadBalancer(l -> l.subnets(v)));
        lb.strings("allowed_cidrs", v -> b.loadBalancer(l -> l.allowedCidrs(v)));
        lb.scalar("deregistration_delay", v -> b.loadBalancer(l -> l.deregistrationDelay(Values.duration(v))));
        lb.scalar("health_check_path", v -> b.loadBalancer(l -> l.healthCheckPath(v.trim())));
        lb.scalar("listener_port", v -> {
            int port = Values.integer(v);
            b.loadBalancer(l -> l.listenerPort(port));
        });
        lb.map("health_check", HEALTH_CHECK).ifPresent(hc -> {
            hc.scalar("interval", v -> b.loadBalancer(l -> l.healthCheckInterval(Values.duration(v))));
            hc.scalar("timeout", v -> b.loadBalancer(l -> l.healthCheckTimeout(Values.duration(v))));
            hc.scalar("healthy_threshold", v -> {
                int n = Values.integer(v);
                b.loadBalancer(l -> l.healthyThreshold(n));
            });
            hc.scalar("unhealthy_threshold", v -> {
                int n = Values.integer(v);
                b.loadBalancer(l -> l.unhealthyThreshold(n));
            });
        });
        lb.scalar("idle_timeout", v -> b.loadBalancer(l -> l.idleTimeout(Values.duration(v))));
        lb.scalar("certificate_arn", v -> b.loadBalancer(l -> l.certificateArn(v.trim())));
    }

    private static LoadBalancerScheme scheme(String v) {
        for (LoadBalancerScheme s : LoadBalancerScheme.values()) {
            if (s.id().equals(Values.lower(v))) {
                return s;
            }
        }
        throw new IllegalArgumentException("'" + v + "' is not a scheme: use internal or internet-facing");
    }
}
