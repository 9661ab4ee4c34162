package io.dsec2.internal.spec.yaml;

import io.dsec2.model.AccessMode;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.DatabaseType;
import io.dsec2.model.NodeRole;
import io.dsec2.model.SubnetSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** The aws, database, registry, storage and deployment sections. */
final class YamlSections {
    static final Set<String> AWS = Set.of("region", "vpc_id", "subnets", "security_groups", "security_group_ids",
            "admin_cidr", "api_allowed_cidrs", "key_name", "iam_instance_profile", "ami_id", "endpoint_override",
            "profile", "tags");
    static final Set<String> SUBNET = Set.of("subnet_id", "id", "availability_zone", "az");
    static final Set<String> DATABASE = Set.of("type", "host", "port", "database", "params", "username", "password");
    static final Set<String> REGISTRY = Set.of("type", "servers", "connect_string", "namespace", "session_timeout",
            "block_until_connected", "connection_timeout", "retry");
    static final Set<String> RETRY = Set.of("base_sleep", "max_retries", "max_sleep");
    static final Set<String> STORAGE = Set.of("type", "bucket", "upload_path", "prefix", "region", "endpoint",
            "access_key_id", "secret_access_key");
    static final Set<String> DEPLOYMENT = Set.of("user", "install_path", "ssh_user", "ssh_key_file", "jump_host",
            "jump_host_fingerprint", "java_home", "version", "package_url", "package_sha512", "package_file",
            "mysql_driver_url", "mysql_driver_sha512", "parallelism", "rollback_on_failure", "access");
    private static final Set<String> SG_ROLES = Set.of("master", "worker", "api", "alert");

    private YamlSections() {
    }

    static void aws(YMap m, ClusterSpec.Builder b) {
        m.scalar("region", v -> b.aws(a -> a.region(v.trim())));
        m.scalar("vpc_id", v -> b.aws(a -> a.vpcId(v.trim())));
        m.list("subnets", nodes -> b.aws(a -> a.subnets(subnets(m, nodes))));
        m.strings("security_group_ids", v -> b.aws(a -> a.securityGroupIds(v)));
        m.map("security_groups", SG_ROLES).ifPresent(sg -> sg.keySet().forEach(role ->
                sg.strings(role, ids -> securityGroups(b, NodeRole.of(role), ids))));
        m.scalar("admin_cidr", v -> b.aws(a -> a.adminCidr(v.trim())));
        m.strings("api_allowed_cidrs", v -> b.aws(a -> a.apiAllowedCidrs(v)));
        m.scalar("key_name", v -> b.aws(a -> a.keyPairName(v.trim())));
        m.scalar("iam_instance_profile", v -> b.aws(a -> a.instanceProfile(v.trim())));
        m.scalar("ami_id", v -> b.aws(a -> a.amiId(v.trim())));
        m.scalar("endpoint_override", v -> b.aws(a -> a.endpointOverride(Values.uri(v))));
        m.scalar("profile", v -> b.aws(a -> a.profile(v.trim())));
        tags(m).ifPresent(t -> b.aws(a -> a.tags(t)));
    }

    /** Reads the {@code tags} mapping of a section: tag key to scalar value, in order. */
    static java.util.Optional<Map<String, String>> tags(YMap m) {
        return m.map("tags", null).map(t -> {
            Map<String, String> out = new java.util.LinkedHashMap<>();
            for (String key : t.keySet()) {
                t.scalar(key, v -> out.put(key, v));
            }
            return out;
        });
    }

    private static List<SubnetSpec> subnets(YMap m, List<Node> nodes) {
        List<SubnetSpec> out = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            String path = m.child("subnets") + "[" + i + "]";
            m.ctx().seen(path, n);
            if (n instanceof ScalarNode) {
                for (String id : ((ScalarNode) n).getValue().split(",")) {
                    if (!id.isBlank()) {
                        out.add(SubnetSpec.of(id.trim()));
                    }
                }
                continue;
            }
            YMap.of(m.ctx(), path, n, SUBNET).ifPresent(s -> {
                String[] id = {null};
                String[] az = {null};
                s.scalar("subnet_id", v -> id[0] = v.trim());
                s.scalar("id", v -> id[0] = v.trim());
                s.scalar("availability_zone", v -> az[0] = v.trim());
                s.scalar("az", v -> az[0] = v.trim());
                if (id[0] == null) {
                    m.ctx().error(path, n, "needs subnet_id (or id)");
                } else {
                    out.add(az[0] == null ? SubnetSpec.of(id[0]) : SubnetSpec.of(id[0], az[0]));
                }
            });
        }
        return out;
    }

    private static void securityGroups(ClusterSpec.Builder b, NodeRole role, List<String> ids) {
        switch (role) {
            case MASTER:
                b.masters(g -> g.securityGroupIds(ids));
                break;
            case WORKER:
                b.workers(g -> g.securityGroupIds(ids));
                break;
            case API:
                b.apis(g -> g.securityGroupIds(ids));
                break;
            default:
                b.alerts(g -> g.securityGroupIds(ids));
        }
    }

    static void database(YMap m, ClusterSpec.Builder b) {
        m.scalar("type", v -> b.database(d -> d.type(databaseType(v))));
        m.scalar("host", v -> b.database(d -> d.host(v.trim())));
        m.scalar("port", v -> b.database(d -> d.port(Values.integer(v))));
        m.scalar("database", v -> b.database(d -> d.database(v.trim())));
        m.scalar("params", v -> b.database(d -> d.params(v.trim().replaceFirst("^\\?", ""))));
        m.scalar("username", v -> b.database(d -> d.username(v.trim())));
        Values.secret(m, "password", s -> b.database(d -> d.password(s)));
    }

    private static DatabaseType databaseType(String v) {
        String t = Values.lower(v);
        if (t.equals("mysql") || t.equals("aurora-mysql")) {
            return DatabaseType.MYSQL;
        }
        if (t.equals("postgresql") || t.equals("postgres") || t.equals("aurora-postgresql")) {
            return DatabaseType.POSTGRESQL;
        }
        throw new IllegalArgumentException("'" + v + "' is not supported: use mysql or postgresql");
    }

    private static AccessMode accessMode(String v) {
        String t = Values.lower(v);
        for (AccessMode mode : AccessMode.values()) {
            if (mode.id().equals(t)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("'" + v + "' is not supported: use auto (direct where it answers, SSH"
                + " tunnel elsewhere), direct or ssh");
    }

    static void registry(YMap m, ClusterSpec.Builder b) {
        m.scalar("type", v -> {
            if (!Values.lower(v).equals("zookeeper")) {
                throw new IllegalArgumentException("'" + v + "' is not supported: ds-ec2 uses zookeeper");
            }
        });
        if (m.has("servers") && m.has("connect_string")) {
            m.ctx().error(m.child("connect_string"), m.keyNode("connect_string"), "give servers or connect_string, not both");
        }
        m.strings("servers", v -> b.registry(r -> r.connectString(String.join(",", v))));
        m.ctx().alias(m.child("connect_string"), m.child("servers"));
        m.scalar("connect_string", v -> b.registry(r -> r.connectString(v.trim())));
        m.scalar("namespace", v -> b.registry(r -> r.namespace(v.trim())));
        m.scalar("session_timeout", v -> b.registry(r -> r.sessionTimeout(Values.duration(v))));
        m.scalar("block_until_connected", v -> b.registry(r -> r.blockUntilConnected(Values.duration(v))));
        m.scalar("connection_timeout", v -> b.registry(r -> r.connectionTimeout(Values.duration(v))));
        m.map("retry", RETRY).ifPresent(retry -> {
            retry.scalar("base_sleep", v -> b.registry(r -> r.retryBaseSleep(Values.duration(v))));
            retry.scalar("max_retries", v -> {
                int n = Values.integer(v);
                b.registry(r -> r.retryMaxRetries(n));
            });
            retry.scalar("max_sleep", v -> b.registry(r -> r.retryMaxSleep(Values.duration(v))));
        });
    }

    static void storage(YMap m, ClusterSpec.Builder b) {
        m.scalar("type", v -> {
            if (!Values.lower(v).equals("s3")) {
                throw new IllegalArgumentException("'" + v + "' is not supported: use S3, or remove the storage"
                        + " section to keep resources on local disk");
            }
        });
        b.storage(s -> { });
        m.scalar("bucket", v -> b.storage(s -> s.bucket(v.trim())));
        if (m.has("upload_path") && m.has("prefix")) {
            m.ctx().error(m.child("prefix"), m.keyNode("prefix"), "give upload_path or prefix, not both");
        }
        m.scalar("upload_path", v -> b.storage(s -> s.prefix(v.trim())));
        m.ctx().alias(m.child("upload_path"), m.child("prefix"));
        m.scalar("prefix", v -> b.storage(s -> s.prefix(v.trim())));
        m.scalar("region", v -> b.storage(s -> s.region(v.trim())));
        m.scalar("endpoint", v -> b.storage(s -> s.endpoint(v.trim())));
        Values.secret(m, "access_key_id", sec -> b.storage(s -> s.accessKeyId(sec)));
        Values.secret(m, "secret_access_key", sec -> b.storage(s -> s.secretAccessKey(sec)));
    }

    static void deployment(YMap m, ClusterSpec.Builder b) {
        Map<String, java.util.function.Consumer<String>> plain = Map.ofEntries(
                Map.entry("user", v -> b.deployment(d -> d.deployUser(v.trim()))),
                Map.entry("install_path", v -> b.deployment(d -> d.installPath(v.trim()))),
                Map.entry("ssh_user", v -> b.deployment(d -> d.sshUser(v.trim()))),
                Map.entry("ssh_key_file", v -> b.deployment(d -> d.sshPrivateKeyFile(Values.path(v)))),
                Map.entry("jump_host", v -> b.deployment(d -> d.jumpHost(v.trim()))),
                Map.entry("jump_host_fingerprint", v -> b.deployment(d -> d.jumpHostFingerprint(v.trim()))),
                Map.entry("java_home", v -> b.deployment(d -> d.javaHome(v.trim()))),
                Map.entry("version", v -> b.deployment(d -> d.dsVersion(v.trim()))),
                Map.entry("package_url", v -> b.deployment(d -> d.packageUrl(Values.uri(v)))),
                Map.entry("package_sha512", v -> b.deployment(d -> d.packageSha512(v.trim()))),
                Map.entry("package_file", v -> b.deployment(d -> d.packageFile(Values.path(v)))),
                Map.entry("mysql_driver_url", v -> b.deployment(d -> d.mysqlDriverUrl(Values.uri(v)))),
                Map.entry("mysql_driver_sha512", v -> b.deployment(d -> d.mysqlDriverSha512(v.trim()))),
                Map.entry("parallelism", v -> b.deployment(d -> d.parallelism(Values.integer(v)))),
                Map.entry("rollback_on_failure", v -> b.deployment(d -> d.rollbackOnFailure(Values.bool(v)))),
                Map.entry("access", v -> b.deployment(d -> d.access(accessMode(v)))));
        m.keySet().forEach(key -> m.scalar(key, plain.get(key)));
    }
}
