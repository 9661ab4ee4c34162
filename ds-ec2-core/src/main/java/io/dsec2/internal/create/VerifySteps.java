package io.dsec2.internal.create;

import io.dsec2.exception.ClusterTimeoutException;
import io.dsec2.internal.ds.Ds320Profile;
import io.dsec2.internal.ds.MetadataDatabase;
import io.dsec2.internal.registry.RegistryProbe;
import io.dsec2.model.NodeRole;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Checks a create's outcome: schema version, ZooKeeper registration, admin login. */
final class VerifySteps {
    private static final Logger LOG = LoggerFactory.getLogger(VerifySteps.class);
    private final CreateContext ctx;
    private final NodeSteps node;

    VerifySteps(CreateContext ctx, NodeSteps node) {
        this.ctx = ctx;
        this.node = node;
    }

    /**
     * Reads {@code t_ds_version} over JDBC from this machine (java.sql; a driver must be on the class path, as
     * in the CLI). When the database cannot be reached from here, returns false and the schema step runs
     * {@code upgrade-schema.sh}, which is idempotent.
     *
     * @return true if the schema already says 3.2.0
     */
    boolean schemaCurrent() {
        MetadataDatabase db = database();
        try {
            return db.schemaVersion().filter(Ds320Profile.VERSION::equals).isPresent();
        } catch (SQLException e) {
            LOG.info("schema version not readable from here ({}); upgrade-schema.sh will run", db.describe(e));
            return false;
        }
    }

    /** @return true if the spec sets no admin password, or {@code t_ds_user} already holds its hash */
    boolean adminPasswordCurrent() {
        if (ctx.secrets.adminPassword == null) {
            return true;
        }
        MetadataDatabase db = database();
        try {
            return db.adminPasswordHash().filter(Ds320Profile.passwordHash(ctx.secrets.adminPassword)::equals)
                    .isPresent();
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Gives DS's admin user the spec's password ({@code service_config.api.admin_password}): its hash written to
     * {@code t_ds_user} over JDBC from this machine, as DS stores it; the login reads it there on every call, so
     * nothing restarts. Does nothing when the spec sets no password.
     *
     * @throws DsEc2Exception if the database cannot be written from here or has no admin user
     */
    void setAdminPassword() {
        if (ctx.secrets.adminPassword == null) {
            return;
        }
        MetadataDatabase db = database();
        int rows;
        try {
            rows = db.setAdminPasswordHash(Ds320Profile.passwordHash(ctx.secrets.adminPassword));
        } catch (SQLException e) {
            throw new io.dsec2.exception.DsEc2Exception("service_config.api.admin_password: setting the admin user's"
                    + " password in the metadata database from this machine failed (" + db.describe(e) + "); the"
                    + " database must be reachable from where ds-ec2 runs", e, true);
        }
        if (rows == 0) {
            throw new io.dsec2.exception.DsEc2Exception("service_config.api.admin_password: t_ds_user has no admin"
                    + " user to set the password of", null, false);
        }
        LOG.info("admin password of {} set from {}", ctx.spec.name(), ctx.spec.adminPassword().orElseThrow());
    }

    /** Waits until every master and worker, and one alert server, hold their registry node. */
    void registry() {
        Duration timeout = ctx.wiring.timeouts().serverHealthy();
        String ns = ctx.spec.registry().namespace();
        try (RegistryProbe probe = RegistryProbe.connect(ctx.spec.registry().connectString(), Duration.ofSeconds(30))) {
            long deadline = System.nanoTime() + timeout.toNanos();
            String missing = "";
            while (System.nanoTime() < deadline) {
                missing = missing(probe, ns);
                if (missing.isEmpty()) {
                    return;
                }
                CloudSteps.sleep(Duration.ofSeconds(1));
            }
            throw new ClusterTimeoutException("registration in ZooKeeper", timeout, "missing: " + missing);
        }
    }

    private String missing(RegistryProbe probe, String ns) {
        StringBuilder out = new StringBuilder();
        for (NodeRole role : List.of(NodeRole.MASTER, NodeRole.WORKER, NodeRole.ALERT)) {
            Set<String> registered = probe.servers(ns, role).stream().map(RegistryProbe.RegisteredServer::address)
                    .collect(Collectors.toSet());
            List<String> expected = ctx.nodes.stream().filter(n -> n.role() == role)
                    .map(n -> ctx.instance(n).privateIp() + ":" + role.rpcPort()).toList();
            if (role == NodeRole.ALERT) {
                if (!expected.isEmpty() && expected.stream().noneMatch(registered::contains)) {
                    out.append("no active alert-server among ").append(expected).append("; ");
                }
            } else {
                expected.stream().filter(a -> !registered.contains(a))
                        .forEach(a -> out.append(role.id()).append(' ').append(a).append("; "));
            }
        }
        return out.toString();
    }

    void login() {
        ctx.nodes.stream().filter(n -> n.role() == NodeRole.API).findFirst().ifPresent(node::adminLogin);
    }

    /** The metadata database as seen from this machine: 5 s to connect, 30 s per statement. */
    private MetadataDatabase database() {
        return new MetadataDatabase(ctx.spec.database(), ctx.secrets.dbPassword, Duration.ofSeconds(5),
                Duration.ofSeconds(30));
    }
}
