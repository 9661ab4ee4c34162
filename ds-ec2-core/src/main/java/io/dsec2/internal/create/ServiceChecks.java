package io.dsec2.internal.create;

import io.dsec2.internal.ds.Ds320Profile;
import io.dsec2.internal.ds.MetadataDatabase;
import io.dsec2.internal.registry.RegistryProbe;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.DatabaseSpec;
import io.dsec2.model.DatabaseType;
import io.dsec2.model.Secret;
import io.dsec2.model.StorageSpec;
import io.dsec2.spi.SecretResolver;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The non-AWS checks of validate(): secrets, database (java.sql through {@link MetadataDatabase}; the engine's
 * driver must be on the class path, as in the CLI), ZooKeeper (Curator through {@link RegistryProbe}) and package URLs (HTTP HEAD from this machine).
 * Secret values stay in local variables and never reach a finding.
 */
final class ServiceChecks {
    private final ClusterSpec spec;
    private final SecretResolver resolver;
    private final Findings out;
    private final Duration timeout;

    ServiceChecks(ClusterSpec spec, SecretResolver resolver, Findings out, Duration timeout) {
        this.spec = spec;
        this.resolver = resolver;
        this.out = out;
        this.timeout = timeout;
    }

    private Map<String, Secret> secretsByPath() {
        Map<String, Secret> m = new LinkedHashMap<>();
        spec.database().password().ifPresent(s -> m.put("database.password", s));
        spec.storage().flatMap(StorageSpec::accessKeyId).ifPresent(s -> m.put("storage.access_key_id", s));
        spec.storage().flatMap(StorageSpec::secretAccessKey).ifPresent(s -> m.put("storage.secret_access_key", s));
        if (spec.pythonGatewayEnabled()) {
            spec.pythonGatewayToken().ifPresent(s -> m.put("service_config.api.python_gateway.auth_token", s));
        }
        spec.adminPassword().ifPresent(s -> m.put("service_config.api.admin_password", s));
        return m;
    }

    void secrets() {
        secretsByPath().forEach((path, secret) -> {
            try {
                resolver.resolve(secret);
            } catch (UnsupportedOperationException e) {
                out.error("secrets.resolve", path, "no resolver for " + secret + ". Fix: add ds-ec2-aws to the class"
                        + " path for Secrets Manager and SSM references");
            } catch (RuntimeException e) {
                out.error("secrets.resolve", path, "cannot resolve " + secret + " (" + e.getMessage()
                        + "). Fix: create the secret, correct the reference, or grant read access to it");
            }
        });
    }

    private Optional<String> quietly(Secret s) {
        try {
            return Optional.of(resolver.resolve(s));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    void database() {
        DatabaseSpec db = spec.database();
        String password = null;
        if (db.password().isPresent()) {
            Optional<String> pw = quietly(db.password().get());
            if (pw.isEmpty()) {
                out.notChecked("database.connect", "database.password", "the password cannot be resolved");
                return;
            }
            password = pw.get();
        }
        Duration limit = Duration.ofSeconds(Math.max(1, Math.min(timeout.toSeconds(), 10)));
        MetadataDatabase meta = new MetadataDatabase(db, password, limit, limit);
        String where = db.host() + ":" + db.port();
        try (Connection c = meta.connect()) {
            if (currentSchema(meta, c)) {
                schema(c);
            }
        } catch (SQLException e) {
            classify(e, where);
        }
    }

    /** @return false (with an error) when PostgreSQL's currentSchema names no schema the user can see */
    private boolean currentSchema(MetadataDatabase meta, Connection c) throws SQLException {
        if (meta.type() != DatabaseType.POSTGRESQL || meta.currentSchema(c).isPresent()) {
            return true;
        }
        out.error("database.schema", "database.params", "no schema of the search path exists in database "
                + spec.database().database() + " (currentSchema in database.params), so DolphinScheduler's tables"
                + " have nowhere to go. Fix: CREATE SCHEMA <name> AUTHORIZATION " + spec.database().username()
                + ", or correct currentSchema");
        return false;
    }

    private void classify(SQLException e, String where) {
        DatabaseSpec db = spec.database();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String msg = e.getMessage() == null ? "" : e.getMessage();
        if (MetadataDatabase.noDriver(e)) {
            out.notChecked("database.connect", "database.host", "no JDBC driver for " + db.type()
                    + " on this class path (add " + MetadataDatabase.driverArtifact(db.type()) + "; the CLI has it)");
        } else if (db.type() == DatabaseType.POSTGRESQL && msg.contains("does not support SSL")) {
            out.error("database.tls", "database.params", "the database at " + where + " does not offer TLS, and"
                    + " sslmode=require asks for it. Fix: turn TLS on at the server (RDS and Aurora have it on), or"
                    + " set sslmode=disable in database.params (credentials then cross the network in clear)");
        } else if (state.equals("3D000")) {
            out.error("database.connect", "database.database", "database " + db.database() + " does not exist on "
                    + where + ". Fix: CREATE DATABASE " + db.database() + ", or correct database.database");
        } else if (state.equals("42501")) {
            out.error("database.credentials", "database.username", "user " + db.username() + " may not connect to "
                    + db.database() + ". Fix: GRANT CONNECT ON DATABASE " + db.database() + " to the user");
        } else if (e.getErrorCode() == 1045 || state.equals("28000") || state.equals("28P01")) {
            out.error("database.credentials", "database.password", "the database at " + where + " rejected user "
                    + db.username() + " with the password given. Fix: correct database.password (and"
                    + " database.username), or grant the user access from this host");
        } else if (e.getErrorCode() == 1049) {
            out.error("database.connect", "database.database", "database " + db.database() + " does not exist on "
                    + where + ". Fix: CREATE DATABASE " + db.database() + ", or correct database.database");
        } else if (e.getErrorCode() == 1044) {
            out.error("database.credentials", "database.username", "user " + db.username() + " may not use "
                    + db.database() + ". Fix: GRANT ALL ON " + db.database() + ".* to the user");
        } else {
            out.error("database.connect", "database.host", "cannot connect to the database at " + where
                    + " from this machine (SQLState " + state + "). Fix: correct database.host and database.port,"
                    + " open the security group; if it is reachable only from inside the VPC, suppress"
                    + " database.connect");
        }
    }

    private void schema(Connection c) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(Ds320Profile.VERSION_QUERY)) {
            String v = rs.next() ? rs.getString(1) : null;
            if (Ds320Profile.VERSION.equals(v)) {
                out.info("database.schema", "database.database", "schema version " + v);
            } else {
                out.warn("database.schema", "database.database", "schema version " + v + ", not "
                        + Ds320Profile.VERSION + ": create will run upgrade-schema.sh on it. Fix: use an empty"
                        + " database or one of this DolphinScheduler version");
            }
        } catch (SQLException e) {
            if (MetadataDatabase.missingTable(e)) {
                out.info("database.schema", "database.database", "no DolphinScheduler schema yet: create"
                        + " initialises it");
            } else {
                out.warn("database.schema", "database.database", "cannot read the schema version (SQLState "
                        + e.getSQLState() + ")");
            }
        }
    }

    void registry() {
        String cs = spec.registry().connectString();
        Duration wait = timeout.compareTo(Duration.ofSeconds(5)) < 0 ? timeout : Duration.ofSeconds(5);
        try (RegistryProbe probe = RegistryProbe.connect(cs, wait)) {
            out.info("registry.connect", "registry.connect_string", "ZooKeeper " + cs + " is reachable");
        } catch (RuntimeException e) {
            out.error("registry.connect", "registry.connect_string", "ZooKeeper " + cs + " is not reachable from"
                    + " this machine within " + wait.toSeconds() + " s. Fix: correct registry.connect_string, start"
                    + " ZooKeeper or open its port (2181)");
        }
    }

    void packages() {
        var d = spec.deployment();
        if (d.packageFile().isEmpty()) {
            reachable("deployment.package_url", "deployment.package_url", d.packageUrl());
            if (d.packageSha512() == null || d.packageSha512().isBlank()) {
                reachable("deployment.package_sha512", "deployment.package_sha512",
                        URI.create(d.packageUrl() + ".sha512"));
            }
        }
        if (spec.database().type() == DatabaseType.MYSQL) {
            // PostgreSQL's driver ships inside the DolphinScheduler distribution; nodes fetch only MySQL's
            reachable("deployment.mysql_driver_url", "deployment.mysql_driver_url", d.mysqlDriverUrl());
        }
    }

    private void reachable(String id, String path, URI url) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        try {
            int status = http.send(HttpRequest.newBuilder(url).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 405 || status == 501) {
                HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(url).GET()
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofInputStream());
                r.body().close();
                status = r.statusCode();
            }
            if (status >= 400) {
                out.error(id, path, url + " answers HTTP " + status + ". Fix: correct " + path
                        + " (nodes download from it)");
            } else {
                out.info(id, path, url + " is reachable (HTTP " + status + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            out.warn(id, path, url + " is not reachable from this machine (" + e.getClass().getSimpleName()
                    + "); nodes may still reach it. Fix: correct " + path + " if it is wrong");
        }
    }
}
