package io.dsec2.internal.spec.yaml;

import io.dsec2.exception.InvalidClusterSpecException;
import io.dsec2.model.AwsSpec;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.DatabaseSpec;
import io.dsec2.model.DeploymentSpec;
import io.dsec2.model.JvmSpec;
import io.dsec2.model.LoadBalancerSpec;
import io.dsec2.model.NodeGroupSpec;
import io.dsec2.model.RegistrySpec;
import io.dsec2.model.Secret;
import io.dsec2.model.StorageSpec;
import io.dsec2.model.SubnetSpec;
import io.dsec2.model.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Turns a {@link ClusterSpec} into the tree {@link SpecYamlWriter} dumps: insertion-ordered maps, lists and
 * scalars in the {@code config.yaml} shape and key order, every value written (defaults included). Refuses
 * values that have no YAML form with an {@link InvalidClusterSpecException} naming the path. Stateless and
 * thread-safe.
 */
final class SpecYamlTree {
    private SpecYamlTree() {
    }

    /**
     * The spec as a tree of insertion-ordered maps, lists and scalars (String, Integer, Boolean), in the shape
     * and order {@link SpecYamlWriter#write} dumps it. Secrets are given by {@code secretForm}, called with the secret's YAML
     * path (for example {@code storage.secret_access_key}).
     *
     * @param spec a spec
     * @param secretForm what to put at a secret's path
     * @return the tree
     * @throws InvalidClusterSpecException if the spec has a value with no YAML form
     */
    static Map<String, Object> tree(ClusterSpec spec, BiFunction<String, Secret, Object> secretForm) {
        Objects.requireNonNull(spec, "spec");
        if (spec.workerGroups().isEmpty()) {
            throw noYamlForm("cluster.worker", "a spec without a worker group has no YAML form");
        }
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("aws", aws(spec.aws()));
        top.put("cluster", cluster(spec));
        top.put("database", database(spec.database(), secretForm));
        top.put("registry", registry(spec.registry()));
        spec.storage().ifPresent(s -> top.put("storage", storage(s, secretForm)));
        top.put("deployment", deployment(spec.deployment()));
        top.put("service_config", serviceConfig(spec, secretForm));
        Map<String, Object> jvm = new LinkedHashMap<>();
        jvm.put("master", jvm(spec.masters().jvm(), "jvm.master"));
        jvm.put("worker", jvm(spec.workerGroups().get(0).jvm(), "jvm.worker"));
        jvm.put("api", jvm(spec.apis().jvm(), "jvm.api"));
        jvm.put("alert", jvm(spec.alerts().jvm(), "jvm.alert"));
        top.put("jvm", jvm);
        return top;
    }

    private static Map<String, Object> aws(AwsSpec a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("region", a.region());
        m.put("vpc_id", a.vpcId().orElse(""));
        List<Object> subnets = new ArrayList<>();
        for (SubnetSpec s : a.subnets()) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("subnet_id", s.id());
            s.availabilityZone().ifPresent(az -> sm.put("availability_zone", az));
            subnets.add(sm);
        }
        m.put("subnets", subnets);
        m.put("security_group_ids", strings(a.securityGroupIds(), "aws.security_group_ids"));
        m.put("admin_cidr", a.adminCidr().orElse(""));
        m.put("api_allowed_cidrs", strings(a.apiAllowedCidrs(), "aws.api_allowed_cidrs"));
        m.put("key_name", a.keyPairName().orElse(""));
        m.put("iam_instance_profile", a.instanceProfile().orElse(""));
        m.put("ami_id", a.amiId().orElse(""));
        a.endpointOverride().ifPresent(u -> m.put("endpoint_override", u.toString()));
        m.put("profile", a.profile().orElse(""));
        m.put("tags", new LinkedHashMap<String, Object>(a.tags()));
        return m;
    }

    private static Map<String, Object> cluster(ClusterSpec spec) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", spec.name());
        m.put("master", group(spec.masters(), "cluster.master", false));
        m.put("worker", group(spec.workerGroups().get(0), "cluster.worker", true));
        m.put("api", group(spec.apis(), "cluster.api", false));
        m.put("alert", group(spec.alerts(), "cluster.alert", false));
        List<Object> more = new ArrayList<>();
        for (int i = 1; i < spec.workerGroups().size(); i++) {
            String path = "cluster.worker_groups[" + (i - 1) + "]";
            NodeGroupSpec g = spec.workerGroups().get(i);
            Map<String, Object> gm = group(g, path, true);
            gm.put("jvm", jvm(g.jvm(), path + ".jvm"));
            gm.put("service_config", config(g.config(), path + ".service_config"));
            more.add(gm);
        }
        m.put("worker_groups", more);
        return m;
    }

    private static Map<String, Object> group(NodeGroupSpec g, String path, boolean named) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (named) {
            m.put("name", g.name());
        }
        m.put("count", g.count());
        m.put("instance_type", g.instanceType());
        m.put("subnets", strings(g.subnets(), path + ".subnets"));
        m.put("security_group_ids", strings(g.securityGroupIds(), path + ".security_group_ids"));
        m.put("root_volume_size_gib", g.rootVolumeSizeGib());
        m.put("root_volume_type", g.rootVolumeType());
        m.put("root_volume_iops", g.rootVolumeIops());
        m.put("root_volume_throughput", g.rootVolumeThroughput());
        m.put("tags", new LinkedHashMap<String, Object>(g.tags()));
        return m;
    }

    private static Map<String, Object> jvm(JvmSpec j, String path) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("xms", j.xmsMib());
        m.put("xmx", j.xmxMib());
        m.put("xmn", j.xmnMib());
        for (String o : j.extraOptions()) {
            if (o.isBlank() || o.contains(",") || !o.equals(o.strip()) || o.chars().anyMatch(Character::isWhitespace)) {
                throw noYamlForm(path + ".extra_opts", "a JVM option with whitespace or ',' has no YAML form (the"
                        + " reader splits options there); give it as separate options");
            }
        }
        m.put("extra_opts", new ArrayList<>(j.extraOptions()));
        return m;
    }

    private static Map<String, Object> config(Map<String, String> config, String path) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : config.entrySet()) {
            if (!e.getKey().contains(".")) {
                throw noYamlForm(path, "key '" + e.getKey() + "' has no '.'; the YAML form needs full"
                        + " application.yaml keys such as worker.exec-threads");
            }
            m.put(e.getKey(), e.getValue());
        }
        return m;
    }

    private static Map<String, Object> database(DatabaseSpec d, BiFunction<String, Secret, Object> secretForm) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", d.type().id());
        m.put("host", d.host());
        m.put("port", d.port());
        m.put("database", d.database());
        m.put("params", d.params());
        m.put("username", d.username());
        d.password().ifPresent(s -> m.put("password", secretForm.apply("database.password", s)));
        return m;
    }

    private static Map<String, Object> registry(RegistrySpec r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "zookeeper");
        m.put("connect_string", r.connectString());
        m.put("namespace", r.namespace());
        m.put("session_timeout", r.sessionTimeout().toString());
        m.put("block_until_connected", r.blockUntilConnected().toString());
        m.put("connection_timeout", r.connectionTimeout().toString());
        Map<String, Object> retry = new LinkedHashMap<>();
        retry.put("base_sleep", r.retryBaseSleep().toString());
        retry.put("max_retries", r.retryMaxRetries());
        retry.put("max_sleep", r.retryMaxSleep().toString());
        m.put("retry", retry);
        return m;
    }

    private static Map<String, Object> storage(StorageSpec s, BiFunction<String, Secret, Object> secretForm) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "s3");
        m.put("bucket", s.bucket());
        m.put("prefix", s.prefix());
        m.put("region", s.region());
        m.put("endpoint", s.endpoint());
        s.accessKeyId().ifPresent(k -> m.put("access_key_id", secretForm.apply("storage.access_key_id", k)));
        s.secretAccessKey().ifPresent(k -> m.put("secret_access_key",
                secretForm.apply("storage.secret_access_key", k)));
        return m;
    }

    private static Map<String, Object> deployment(DeploymentSpec d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user", d.deployUser());
        m.put("install_path", d.installPath());
        m.put("ssh_user", d.sshUser());
        d.sshPrivateKeyFile().ifPresent(p -> m.put("ssh_key_file", p.toString()));
        d.jumpHost().ifPresent(h -> m.put("jump_host", h));
        d.jumpHostFingerprint().ifPresent(f -> m.put("jump_host_fingerprint", f));
        d.javaHome().ifPresent(h -> m.put("java_home", h));
        m.put("version", d.dsVersion());
        m.put("package_url", d.packageUrl().toString());
        m.put("package_sha512", d.packageSha512());
        d.packageFile().ifPresent(p -> m.put("package_file", p.toString()));
        m.put("mysql_driver_url", d.mysqlDriverUrl().toString());
        m.put("mysql_driver_sha512", d.mysqlDriverSha512());
        m.put("parallelism", d.parallelism());
        m.put("rollback_on_failure", d.rollbackOnFailure());
        if (d.access() != io.dsec2.model.AccessMode.AUTO) {
            // only when set: a spec that leaves it at auto is recorded exactly as the v1 history format has it
            m.put("access", d.access().id());
        }
        return m;
    }

    private static Map<String, Object> serviceConfig(ClusterSpec spec, BiFunction<String, Secret, Object> secretForm) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("master", config(spec.masters().config(), "service_config.master"));
        m.put("worker", config(spec.workerGroups().get(0).config(), "service_config.worker"));
        Map<String, Object> api = new LinkedHashMap<>();
        LoadBalancerSpec lb = spec.loadBalancer();
        Map<String, Object> lbm = new LinkedHashMap<>();
        lbm.put("enabled", lb.enabled());
        lbm.put("scheme", lb.scheme().id());
        lbm.put("subnets", strings(lb.subnets(), "service_config.api.load_balancer.subnets"));
        lbm.put("allowed_cidrs", strings(lb.allowedCidrs(), "service_config.api.load_balancer.allowed_cidrs"));
        lbm.put("deregistration_delay", lb.deregistrationDelay().toString());
        lbm.put("health_check_path", lb.healthCheckPath());
        lbm.put("listener_port", lb.listenerPort());
        Map<String, Object> hc = new LinkedHashMap<>();
        hc.put("interval", lb.healthCheckInterval().toString());
        hc.put("timeout", lb.healthCheckTimeout().toString());
        hc.put("healthy_threshold", lb.healthyThreshold());
        hc.put("unhealthy_threshold", lb.unhealthyThreshold());
        lbm.put("health_check", hc);
        lbm.put("idle_timeout", lb.idleTimeout().toString());
        lb.certificateArn().ifPresent(arn -> lbm.put("certificate_arn", arn));
        api.put("load_balancer", lbm);
        Map<String, Object> pg = new LinkedHashMap<>();
        pg.put("enabled", spec.pythonGatewayEnabled());
        spec.pythonGatewayToken().ifPresent(t -> pg.put("auth_token",
                secretForm.apply("service_config.api.python_gateway.auth_token", t)));
        api.put("python_gateway", pg);
        spec.adminPassword().ifPresent(t -> api.put("admin_password",
                secretForm.apply("service_config.api.admin_password", t)));
        api.putAll(config(spec.apis().config(), "service_config.api"));
        m.put("api", api);
        m.put("alert", config(spec.alerts().config(), "service_config.alert"));
        m.put("common", new LinkedHashMap<String, Object>(spec.commonProperties()));
        return m;
    }

    private static List<Object> strings(List<String> values, String path) {
        for (String v : values) {
            if (v.contains(",") || v.isBlank() || !v.equals(v.strip())) {
                throw noYamlForm(path, "'" + v + "' has no YAML form (blank, padded or with ',')");
            }
        }
        return new ArrayList<>(values);
    }

    private static InvalidClusterSpecException noYamlForm(String path, String message) {
        return new InvalidClusterSpecException("spec to record", List.of(Violation.error(path, message)));
    }
}
