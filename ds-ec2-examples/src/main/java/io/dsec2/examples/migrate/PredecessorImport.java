package io.dsec2.examples.migrate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Turns a {@code config.yaml} written for the Python tool {@code dolphinscheduler-ec2-on-aws}
 * (https://github.com/tingxin/dolphinscheduler-ec2-on-aws, its {@code config.example.yaml}) into a ds-ec2 spec.
 * Most sections have the same shape in both tools; the differences it handles:
 * <ul>
 *   <li>{@code project.name} becomes {@code cluster.name} (lower-cased, 24 characters at most) and the tag
 *       {@code Project};</li>
 *   <li>{@code ec2_advanced.<role>} ({@code root_volume_size}, {@code root_volume_type}, {@code tags}) becomes
 *       {@code cluster.<role>.root_volume_size_gib}, {@code root_volume_type} and {@code tags}; tags every role has
 *       with the same value move to {@code aws.tags}; {@code Name} is dropped (ds-ec2 names resources itself);</li>
 *   <li>{@code advanced.download_url} becomes {@code deployment.package_url};</li>
 *   <li>registry timeouts, plain milliseconds there, become durations ({@code 30000} → {@code 30000ms});
 *       {@code retry.base_sleep_time}/{@code max_sleep_time} become {@code retry.base_sleep}/{@code max_sleep};</li>
 *   <li>plain-text secrets (database password, S3 keys) become {@code {env: DS_EC2_...}} references, with a note
 *       naming the variable to export; the values are never copied;</li>
 *   <li>service_config keys become DolphinScheduler application.yaml keys (seconds become durations where DS
 *       expects one); the load balancer's {@code health_check} keeps its shape.</li>
 * </ul>
 * Every other key is listed in {@link Result#unmapped()} with the reason. Stateless and thread-safe.
 */
public final class PredecessorImport {
    /** The {@code --from} name of the tool this reads. */
    public static final String TOOL = "dolphinscheduler-ec2-on-aws";
    static final String DB_PASSWORD_ENV = "DS_EC2_DATABASE_PASSWORD";
    static final String S3_KEY_ENV = "DS_EC2_S3_ACCESS_KEY_ID";
    static final String S3_SECRET_ENV = "DS_EC2_S3_SECRET_ACCESS_KEY";
    private static final List<String> ROLES = List.of("master", "worker", "api", "alert");
    private static final Map<String, Integer> DS_PORTS = Map.of("master.listen_port", 5678, "worker.listen_port", 1234,
            "api.port", 12345, "alert.port", 50052);
    private static final String FIXED_PORT = "ds-ec2 runs DolphinScheduler on its own ports (5678, 1234, 12345, 50052):"
            + " its security groups, health checks and API calls depend on them";
    private static final String PACKAGE_FROM_S3 = "ds-ec2 downloads the package on each node from"
            + " deployment.package_url (SHA-512 checked), or uploads deployment.package_file once and fans it out;"
            + " give an S3 presigned URL as package_url, or download the package and give it as package_file";

    /** One key of the source that has no ds-ec2 equivalent. */
    public record Unmapped(String path, String reason) {
        @Override
        public String toString() {
            return path + ": " + reason;
        }
    }

    /**
     * @param spec the ds-ec2 spec as a tree of insertion-ordered maps, lists and scalars
     * @param yaml the spec as YAML, with the notes and unmapped keys as comments at the top
     * @param notes what the operator must do or know (for example which environment variable to export)
     * @param unmapped every source key not carried over, with the reason
     */
    public record Result(Map<String, Object> spec, String yaml, List<String> notes, List<Unmapped> unmapped) {
    }

    private final Map<String, Object> out = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final List<Unmapped> unmapped = new ArrayList<>();
    private final String source;

    private PredecessorImport(String source) {
        this.source = source;
    }

    /**
     * @param yaml the source config
     * @param sourceName the file name, for notes and for the cluster name when {@code project.name} is missing
     * @return the spec, notes and unmapped keys
     * @throws IllegalArgumentException if the text is not a YAML mapping
     */
    public static Result convert(String yaml, String sourceName) {
        Object doc = new Load(LoadSettings.builder().setLabel(sourceName).build()).loadFromString(yaml);
        if (!(doc instanceof Map<?, ?> top)) {
            throw new IllegalArgumentException(sourceName + " is not a YAML mapping (a " + TOOL + " config.yaml)");
        }
        PredecessorImport p = new PredecessorImport(sourceName);
        p.run(map(top, ""));
        return new Result(p.out, p.yaml(), List.copyOf(p.notes), List.copyOf(p.unmapped));
    }

    private void run(Map<String, Object> top) {
        Map<String, Object> aws = section("aws");
        Map<String, Object> cluster = section("cluster");
        top.forEach((key, value) -> {
            switch (key) {
                case "project" -> project(map(value, key), cluster, aws);
                case "aws" -> aws(map(value, key), aws);
                case "cluster" -> cluster(map(value, key), cluster);
                case "database" -> database(map(value, key));
                case "registry" -> registry(map(value, key));
                case "storage" -> storage(map(value, key));
                case "deployment" -> deployment(map(value, key));
                case "ec2_advanced" -> ec2Advanced(map(value, key), cluster, aws);
                case "service_config" -> serviceConfig(map(value, key));
                case "jvm" -> jvm(map(value, key));
                case "advanced" -> advanced(map(value, key));
                case "emr" -> skipAll(key, value, "ds-ec2 does not manage EMR or HDFS; DolphinScheduler 3.2.0 on"
                        + " ds-ec2 keeps resources in S3 or on local disk");
                case "package_distribution" -> skipAll(key, value, PACKAGE_FROM_S3);
                default -> skipAll(key, value, "not a section of " + TOOL + "'s config that ds-ec2 knows");
            }
        });
        if (!cluster.containsKey("name")) {
            String name = clusterName(source.replaceAll(".*/", "").replaceFirst("\\.ya?ml$", ""));
            cluster.put("name", name);
            notes.add("cluster.name: " + source + " has no project.name; named the cluster '" + name + "' after the"
                    + " file: it goes into every AWS resource name and cannot change later");
        }
        if (aws.containsKey("tags")) {
            aws.put("tags", aws.remove("tags"));   // after the placement keys, as ds-ec2 writes it
        }
        // ds-ec2's order: aws, cluster, database, registry, storage, deployment, service_config, jvm
        List<String> order = List.of("aws", "cluster", "database", "registry", "storage", "deployment",
                "service_config", "jvm");
        Map<String, Object> sorted = new LinkedHashMap<>();
        order.forEach(k -> {
            if (out.containsKey(k) && !(out.get(k) instanceof Map<?, ?> m && m.isEmpty())) {
                sorted.put(k, out.get(k));
            }
        });
        out.clear();
        out.putAll(sorted);
    }

    private void project(Map<String, Object> p, Map<String, Object> cluster, Map<String, Object> aws) {
        p.forEach((k, v) -> {
            if (k.equals("name") && v != null) {
                String name = clusterName(v.toString());
                cluster.put("name", name);
                tags(aws).put("Project", v.toString());
                if (!name.equals(v.toString())) {
                    notes.add("cluster.name: project.name '" + v + "' became '" + name + "' (ds-ec2 names are 1-24"
                            + " characters of a-z, 0-9 and '-'); the original is kept as the tag Project");
                }
            } else {
                skip("project." + k, "not a key ds-ec2 knows");
            }
        });
    }

    private void aws(Map<String, Object> a, Map<String, Object> aws) {
        a.forEach((k, v) -> {
            switch (k) {
                case "region", "vpc_id", "key_name", "iam_instance_profile", "ami_id", "subnets" -> aws.put(k, v);
                case "security_groups" -> {
                    if (v instanceof Map<?, ?> m) {
                        Map<String, Object> groups = new LinkedHashMap<>();
                        m.forEach((role, id) -> {
                            if (ROLES.contains(role.toString())) {
                                groups.put(role.toString(), id instanceof List<?> ? id : List.of(id.toString()));
                            } else {
                                skip("aws.security_groups." + role, "ds-ec2 has security groups for master, worker,"
                                        + " api and alert only");
                            }
                        });
                        aws.put("security_groups", groups);
                    } else {
                        aws.put("security_group_ids", v instanceof List<?> ? v : List.of(String.valueOf(v)));
                    }
                }
                default -> skip("aws." + k, "not a key ds-ec2 knows");
            }
        });
    }

    private void cluster(Map<String, Object> c, Map<String, Object> cluster) {
        c.forEach((role, value) -> {
            if (!ROLES.contains(role)) {
                skipAll("cluster." + role, value, "ds-ec2 has the roles master, worker, api and alert");
                return;
            }
            Map<String, Object> group = group(cluster, role);
            map(value, "cluster." + role).forEach((k, v) -> {
                switch (k) {
                    case "count", "instance_type" -> group.put(k, v);
                    case "nodes" -> {
                        if (v instanceof List<?> l && !l.isEmpty()) {
                            skip("cluster." + role + ".nodes", "ds-ec2 finds nodes by their AWS tags and never keeps"
                                    + " them in the spec");
                        }
                    }
                    default -> skip("cluster." + role + "." + k, "not a key ds-ec2 knows");
                }
            });
        });
    }

    private void ec2Advanced(Map<String, Object> e, Map<String, Object> cluster, Map<String, Object> aws) {
        Map<String, Map<String, String>> roleTags = new LinkedHashMap<>();
        e.forEach((role, value) -> {
            if (!ROLES.contains(role)) {
                skipAll("ec2_advanced." + role, value, "ds-ec2 has the roles master, worker, api and alert");
                return;
            }
            Map<String, Object> group = group(cluster, role);
            map(value, "ec2_advanced." + role).forEach((k, v) -> {
                String path = "ec2_advanced." + role + "." + k;
                switch (k) {
                    case "root_volume_size" -> group.put("root_volume_size_gib", v);
                    case "root_volume_type", "root_volume_iops", "root_volume_throughput" -> group.put(k, v);
                    case "tags" -> {
                        Map<String, String> tags = new LinkedHashMap<>();
                        map(v, path).forEach((tk, tv) -> {
                            if (tk.equals("Name")) {
                                skip(path + ".Name", "ds-ec2 names each resource itself (<cluster>-<role>-<n>)");
                            } else {
                                tags.put(tk, String.valueOf(tv));
                            }
                        });
                        roleTags.put(role, tags);
                    }
                    default -> skip(path, "not a key ds-ec2 knows");
                }
            });
        });
        // tags every role carries with the same value are cluster-wide
        Map<String, String> common = new LinkedHashMap<>();
        if (roleTags.keySet().containsAll(ROLES)) {
            roleTags.get("master").forEach((k, v) -> {
                if (ROLES.stream().allMatch(r -> v.equals(roleTags.get(r).get(k)))) {
                    common.put(k, v);
                }
            });
        }
        common.forEach((k, v) -> tags(aws).put(k, v));
        roleTags.forEach((role, tags) -> {
            Map<String, String> own = new LinkedHashMap<>(tags);
            common.keySet().forEach(own::remove);
            if (!own.isEmpty()) {
                group(cluster, role).put("tags", own);
            }
        });
    }

    private void database(Map<String, Object> d) {
        Map<String, Object> db = section("database");
        d.forEach((k, v) -> {
            switch (k) {
                case "type", "host", "port", "database", "params", "username" -> db.put(k, v);
                case "password" -> secret(db, "password", v, DB_PASSWORD_ENV, "database.password");
                default -> skip("database." + k, "not a key ds-ec2 knows");
            }
        });
    }

    private void registry(Map<String, Object> r) {
        Map<String, Object> zk = section("registry");
        r.forEach((k, v) -> {
            switch (k) {
                case "type", "servers", "namespace", "connect_string" -> zk.put(k, v);
                case "connection_timeout", "session_timeout" -> zk.put(k, millis(v));
                case "retry" -> {
                    Map<String, Object> retry = new LinkedHashMap<>();
                    map(v, "registry.retry").forEach((rk, rv) -> {
                        switch (rk) {
                            case "base_sleep_time", "base_sleep" -> retry.put("base_sleep", millis(rv));
                            case "max_sleep_time", "max_sleep" -> retry.put("max_sleep", millis(rv));
                            case "max_retries" -> retry.put("max_retries", rv);
                            default -> skip("registry.retry." + rk, "not a key ds-ec2 knows");
                        }
                    });
                    zk.put("retry", retry);
                }
                default -> skip("registry." + k, "not a key ds-ec2 knows");
            }
        });
    }

    private void storage(Map<String, Object> s) {
        String type = String.valueOf(s.getOrDefault("type", "")).toUpperCase(Locale.ROOT);
        if (type.equals("HDFS")) {
            skipAll("storage", s, "HDFS resource storage: ds-ec2 configures S3 (or local disk when storage is left"
                    + " out); move the resources to S3 and give storage.type S3");
            notes.add("storage: left out (resources on each server's local disk) because HDFS is not supported;"
                    + " add an S3 storage section before creating the cluster if workflows use the resource center");
            return;
        }
        if (type.equals("LOCAL") || type.equals("NONE")) {
            s.keySet().stream().filter(k -> !k.equals("type")).forEach(k -> skip("storage." + k,
                    "storage type " + type + " needs no settings"));
            notes.add("storage: left out, so DolphinScheduler keeps resources on each server's local disk as with "
                    + type);
            return;
        }
        Map<String, Object> st = section("storage");
        boolean iamRole = Boolean.parseBoolean(String.valueOf(s.get("use_iam_role")));
        s.forEach((k, v) -> {
            switch (k) {
                case "type" -> st.put("type", "S3");
                case "bucket", "region", "upload_path", "endpoint" -> {
                    if (!(k.equals("endpoint") && String.valueOf(v).isBlank())) {
                        st.put(k, v);
                    }
                }
                case "access_key_id" -> secret(st, k, v, S3_KEY_ENV, "storage.access_key_id");
                case "secret_access_key" -> secret(st, k, v, S3_SECRET_ENV, "storage.secret_access_key");
                case "use_iam_role" -> {
                    if (iamRole) {
                        skip("storage.use_iam_role", "DolphinScheduler 3.2.0's S3 storage reads static credentials"
                                + " only (resource.aws.access.key.id and secret), it does not use the instance role:"
                                + " give storage.access_key_id and secret_access_key");
                    }
                }
                default -> skip("storage." + k, "not a key ds-ec2 knows");
            }
        });
        if (!st.containsKey("access_key_id")) {
            st.put("access_key_id", Map.of("env", S3_KEY_ENV));
            st.put("secret_access_key", Map.of("env", S3_SECRET_ENV));
            notes.add("storage: DolphinScheduler 3.2.0 needs an access key for S3; export " + S3_KEY_ENV + " and "
                    + S3_SECRET_ENV + " (or change both to {secrets_manager: ...} or {ssm: ...})");
        }
    }

    private void deployment(Map<String, Object> d) {
        Map<String, Object> dep = section("deployment");
        d.forEach((k, v) -> {
            switch (k) {
                case "user", "install_path", "version", "ssh_user", "ssh_key_file", "java_home", "package_url" ->
                        dep.put(k, v);
                case "parallel_init_workers" -> dep.put("parallelism", Math.min(64, Math.max(1,
                        Integer.parseInt(String.valueOf(v).trim()))));
                case "skip_system_update" -> skip("deployment." + k, "ds-ec2 installs only missing packages and never"
                        + " runs a system update");
                case "download_on_remote" -> skip("deployment." + k, "ds-ec2 always downloads on the nodes from"
                        + " package_url (or fans package_file out from one node)");
                default -> skip("deployment." + k, "not a key ds-ec2 knows");
            }
        });
    }

    private void serviceConfig(Map<String, Object> s) {
        Map<String, Object> sc = section("service_config");
        s.forEach((role, value) -> {
            if (!ROLES.contains(role)) {
                skipAll("service_config." + role, value, "ds-ec2 has the roles master, worker, api and alert");
                return;
            }
            Map<String, Object> target = new LinkedHashMap<>();
            map(value, "service_config." + role).forEach((k, v) -> serviceKey(role, k, v, target));
            if (!target.isEmpty()) {
                sc.put(role, target);
            }
        });
    }

    private void serviceKey(String role, String k, Object v, Map<String, Object> target) {
        String path = "service_config." + role + "." + k;
        Integer port = DS_PORTS.get(role + "." + k);
        if (port != null) {
            if (!String.valueOf(v).trim().equals(port.toString())) {
                skip(path, FIXED_PORT);
            }
            return;
        }
        switch (role + "." + k) {
            case "master.exec_threads", "master.dispatch_task_number", "master.host_selector",
                 "master.task_commit_retry_times", "master.max_cpu_load_avg", "master.reserved_memory",
                 "worker.exec_threads", "worker.max_cpu_load_avg", "worker.reserved_memory", "worker.host_weight" ->
                    target.put(role + "." + k.replace('_', '-'), v);
            case "master.heartbeat_interval", "master.task_commit_interval", "worker.heartbeat_interval" ->
                    target.put(role + "." + k.replace('_', '-'), seconds(v));
            case "api.session_timeout" -> target.put("server.servlet.session.timeout", seconds(v));
            case "api.context_path" -> {
                if (!String.valueOf(v).replaceAll("/+$", "").equals("/dolphinscheduler")) {
                    skip(path, "ds-ec2's health checks and API calls use DolphinScheduler's /dolphinscheduler");
                }
            }
            case "api.load_balancer" -> loadBalancer(map(v, path), target);
            case "alert.wait_timeout" -> target.put("alert.wait-timeout", millis(v));
            case "worker.exec_path" -> skip(path, "DolphinScheduler 3.2.0 has no such setting; task working"
                    + " directories live under data.basedir.path (service_config.common)");
            default -> skip(path, "not a key ds-ec2 maps; if it is a DolphinScheduler application.yaml key, give it"
                    + " by its full name under service_config." + role);
        }
    }

    private void loadBalancer(Map<String, Object> lb, Map<String, Object> target) {
        Map<String, Object> out = new LinkedHashMap<>();
        lb.forEach((k, v) -> {
            String path = "service_config.api.load_balancer." + k;
            switch (k) {
                case "enabled", "scheme", "subnets", "listener_port" -> out.put(k, v);
                case "type" -> {
                    if (!String.valueOf(v).equalsIgnoreCase("application")) {
                        skip(path, "ds-ec2 makes an Application Load Balancer (HTTP health checks); not " + v);
                    }
                }
                case "health_check" -> {
                    Map<String, Object> hc = new LinkedHashMap<>();
                    map(v, path).forEach((hk, hv) -> {
                        switch (hk) {
                            case "path" -> out.put("health_check_path", hv);
                            case "interval", "timeout" -> hc.put(hk, seconds(hv));
                            case "healthy_threshold", "unhealthy_threshold" -> hc.put(hk, hv);
                            default -> skip(path + "." + hk, "not a key ds-ec2 knows");
                        }
                    });
                    out.put("health_check", hc);
                }
                default -> skip(path, "not a key ds-ec2 knows");
            }
        });
        target.put("load_balancer", out);
    }

    private void jvm(Map<String, Object> j) {
        Map<String, Object> jvm = section("jvm");
        j.forEach((role, value) -> {
            if (!ROLES.contains(role)) {
                skipAll("jvm." + role, value, "ds-ec2 has the roles master, worker, api and alert");
                return;
            }
            Map<String, Object> target = new LinkedHashMap<>();
            map(value, "jvm." + role).forEach((k, v) -> {
                switch (k) {
                    case "xms", "xmx", "xmn", "heap", "gc" -> target.put(k, v);
                    case "extra_opts" -> target.put(k, v instanceof List<?> ? v
                            : List.of(String.valueOf(v).trim().split("\\s+")));
                    default -> skip("jvm." + role + "." + k, "not a key ds-ec2 knows");
                }
            });
            jvm.put(role, target);
        });
    }

    private void advanced(Map<String, Object> a) {
        a.forEach((k, v) -> {
            switch (k) {
                case "download_url" -> section("deployment").put("package_url", v);
                case "s3_package" -> skipAll("advanced.s3_package", v, PACKAGE_FROM_S3);
                case "logging" -> skipAll("advanced.logging", v, "ds-ec2 keeps DolphinScheduler's own logback"
                        + " settings (conf/logback-spring.xml)");
                case "security" -> skipAll("advanced.security", v, "ds-ec2 does not configure TLS on the api server;"
                        + " terminate TLS on the load balancer");
                case "monitoring" -> skipAll("advanced.monitoring", v, "DolphinScheduler's servers already serve"
                        + " Prometheus metrics at /actuator/prometheus; ds-ec2 installs no Prometheus");
                default -> skipAll("advanced." + k, v, "not a key ds-ec2 knows");
            }
        });
    }

    private void secret(Map<String, Object> target, String key, Object value, String env, String path) {
        if (value == null || String.valueOf(value).isEmpty()) {
            return;
        }
        if (value instanceof Map<?, ?> ref) {
            target.put(key, ref);
            return;
        }
        target.put(key, Map.of("env", env));
        notes.add(path + ": was plain text in " + source + "; ds-ec2 reads it from the environment variable " + env
                + " (export it before running ds-ec2), or change it to {secrets_manager: ...} or {ssm: ...}. Remove"
                + " the plain value from " + source);
    }

    private Map<String, Object> section(String name) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) out.computeIfAbsent(name, k -> new LinkedHashMap<String, Object>());
        return m;
    }

    private static Map<String, Object> group(Map<String, Object> cluster, String role) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) cluster.computeIfAbsent(role, k -> new LinkedHashMap<String, Object>());
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> tags(Map<String, Object> aws) {
        return (Map<String, String>) aws.computeIfAbsent("tags", k -> new LinkedHashMap<String, String>());
    }

    private void skip(String path, String reason) {
        unmapped.add(new Unmapped(path, reason));
    }

    /** Lists every leaf under a skipped key, so the operator sees each setting that is not carried over. */
    private void skipAll(String path, Object value, String reason) {
        if (value instanceof Map<?, ?> m && !m.isEmpty()) {
            m.forEach((k, v) -> skipAll(path + "." + k, v, reason));
        } else {
            skip(path, reason);
        }
    }

    private static Map<String, Object> map(Object value, String path) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(path + " must be a mapping, got '" + value + "'");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /** Plain numbers there are milliseconds; values with a unit pass as they are. */
    static String millis(Object v) {
        String s = String.valueOf(v).trim();
        return s.matches("\\d+") ? s + "ms" : s;
    }

    /** Plain numbers there are seconds; values with a unit pass as they are. */
    static String seconds(Object v) {
        String s = String.valueOf(v).trim();
        return s.matches("\\d+") ? s + "s" : s;
    }

    static String clusterName(String text) {
        String n = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^[^a-z]+", "");
        n = n.length() > 24 ? n.substring(0, 24) : n;
        n = n.replaceAll("-+$", "");
        return n.isEmpty() ? "ds-cluster" : n;
    }

    private String yaml() {
        StringBuilder sb = new StringBuilder("# ds-ec2 spec imported from ").append(source).append(" (").append(TOOL)
                .append(")\n");
        if (!notes.isEmpty()) {
            sb.append("#\n# Notes:\n");
            notes.forEach(n -> sb.append("#   - ").append(n).append('\n'));
        }
        if (!unmapped.isEmpty()) {
            sb.append("#\n# Not carried over:\n");
            unmapped.forEach(u -> sb.append("#   - ").append(u).append('\n'));
        }
        DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setIndent(2)
                .setIndicatorIndent(2).setIndentWithIndicator(true).setWidth(4096).build();
        return sb.append(new Dump(settings).dumpToString(Objects.requireNonNull(out))).toString();
    }
}
