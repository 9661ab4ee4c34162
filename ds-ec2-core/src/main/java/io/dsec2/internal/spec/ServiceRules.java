package io.dsec2.internal.spec;

import io.dsec2.model.ClusterSpec;
import io.dsec2.model.DatabaseSpec;
import io.dsec2.model.RegistrySpec;
import io.dsec2.model.Secret;
import io.dsec2.model.StorageSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/** Rules for the external services: metadata database, ZooKeeper, S3 storage, python gateway. */
public final class ServiceRules {
    private ServiceRules() {
    }

    /** The shortest admin password ds-ec2 sets (its own rule; DolphinScheduler's login takes any). */
    public static final int MIN_ADMIN_PASSWORD = 8;

    static void check(ClusterSpec spec, Report r) {
        database(spec.database(), r);
        PostgresqlRules.check(spec.database(), r);
        registry(spec.registry(), r);
        if (spec.storage().isPresent()) {
            storage(spec.storage().get(), r);
        } else {
            r.warn("storage", "is not set: the resource center keeps files on each api/worker's local disk, which"
                    + " other nodes cannot see; configure an S3 bucket");
        }
        if (spec.pythonGatewayEnabled()) {
            if (spec.pythonGatewayToken().isEmpty()) {
                r.warn("service_config.api.python_gateway.auth_token", "the python gateway is enabled with DS's"
                        + " default, publicly known token: set auth_token to a secret reference");
            } else {
                r.secret("service_config.api.python_gateway.auth_token", spec.pythonGatewayToken().get());
            }
        }
        if (spec.adminPassword().isPresent()) {
            Secret admin = spec.adminPassword().get();
            r.secret("service_config.api.admin_password", admin);
            if (admin.kind() == Secret.Kind.LITERAL && admin.literalValue().length() < MIN_ADMIN_PASSWORD) {
                r.error("service_config.api.admin_password", "is shorter than " + MIN_ADMIN_PASSWORD
                        + " characters: use a longer password");
            }
        } else {
            r.warn("service_config.api.admin_password", "is not set: DolphinScheduler's admin user keeps its public"
                    + " default password; set it to a secret reference (create sets it, config update rotates it)");
        }
        commonProperties(spec.commonProperties(), r);
    }

    private static void database(DatabaseSpec db, Report r) {
        if (r.required("database.host", db.host(), "the database host, for example your RDS endpoint")) {
            r.matches("database.host", db.host(), Formats.HOST, "a host name or IPv4 address");
        }
        r.range("database.port", db.port(), 1, 65535, "");
        if (r.required("database.database", db.database(), "the database name (dolphinscheduler by default)")) {
            r.matches("database.database", db.database(), Formats.DB_NAME, "a database name of A-Z, a-z, 0-9, _, $, -");
        }
        if (db.params().contains("?") || db.params().startsWith("&")) {
            r.error("database.params", "give JDBC parameters without a leading '?' or '&', for example"
                    + " characterEncoding=UTF-8&sslMode=REQUIRED");
        } else {
            JdbcParams.check(db, r);
        }
        r.required("database.username", db.username(), "the database user");
        if (db.password().isEmpty()) {
            r.error("database.password", "is required: give a reference such as {secrets_manager: ds/db}");
        } else {
            r.secret("database.password", db.password().get());
        }
    }

    private static void registry(RegistrySpec zk, Report r) {
        String path = "registry.connect_string";
        if (r.required(path, zk.connectString(), "the ZooKeeper ensemble as host:port[,host:port...]")) {
            String[] parts = zk.connectString().split(",", -1);
            for (String part : parts) {
                String problem = Formats.hostPortProblem(part.trim());
                if (problem != null) {
                    r.error(path, problem);
                }
            }
            if (parts.length == 2) {
                r.warn(path, "two ZooKeeper servers tolerate no failure; use 3 or 5");
            }
        }
        r.matches("registry.namespace", zk.namespace(), Formats.ZK_NAMESPACE, "a ZooKeeper namespace such as dolphinscheduler");
        r.required("registry.namespace", zk.namespace(), "a namespace (dolphinscheduler by default)");
        r.positive("registry.session_timeout", zk.sessionTimeout());
        r.positive("registry.block_until_connected", zk.blockUntilConnected());
    }

    private static void storage(StorageSpec s3, Report r) {
        if (r.required("storage.bucket", s3.bucket(), "an existing S3 bucket name")) {
            String problem = Formats.bucketProblem(s3.bucket());
            if (problem != null) {
                r.error("storage.bucket", problem);
            }
        }
        r.absolutePath("storage.upload_path", s3.prefix());
        if (!s3.region().isEmpty()) {
            r.matches("storage.region", s3.region(), Formats.REGION, "a region name such as us-east-1");
        }
        if (!s3.endpoint().isEmpty()) {
            try {
                URI u = new URI(s3.endpoint());
                if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                    r.error("storage.endpoint", "'" + s3.endpoint() + "' must be an http(s) URL, or empty for AWS S3");
                }
            } catch (URISyntaxException e) {
                r.error("storage.endpoint", "'" + s3.endpoint() + "' is not a URL: " + e.getReason());
            }
        }
        String creds = ": DS 3.2.0's S3 storage uses only static credentials, never the instance profile"
                + "; give a reference such as {ssm: /ds/s3/...}";
        if (s3.accessKeyId().isEmpty()) {
            r.error("storage.access_key_id", "is required" + creds);
        } else {
            r.secret("storage.access_key_id", s3.accessKeyId().get());
        }
        if (s3.secretAccessKey().isEmpty()) {
            r.error("storage.secret_access_key", "is required" + creds);
        } else {
            r.secret("storage.secret_access_key", s3.secretAccessKey().get());
        }
    }

    private static void commonProperties(Map<String, String> props, Report r) {
        ClusterRules.properties("service_config.common", props, true, r);
        props.forEach((k, v) -> {
            if (Checks.sensitiveKey(k)) {
                r.warn("service_config.common." + k, "looks like a secret in plain text; it will be written to"
                        + " common.properties on every node");
            }
        });
    }
}
