package io.dsec2.internal.spec;

import io.dsec2.model.DatabaseSpec;
import io.dsec2.model.DatabaseType;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rules for a PostgreSQL (or Aurora PostgreSQL) metadata database, and for Aurora endpoints of either engine:
 * {@code sslmode} (pgJDBC's values, https://jdbc.postgresql.org/documentation/use/#connection-parameters; anything
 * weaker than {@code require} is allowed with a warning), {@code currentSchema} (the schema DolphinScheduler's
 * tables go to) and Aurora reader endpoints, which cannot take DolphinScheduler's writes.
 */
final class PostgresqlRules {
    private static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca",
            "verify-full");
    private static final Set<String> WITHOUT_TLS = Set.of("disable", "allow", "prefer");
    private static final Pattern SCHEMAS = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}(,[A-Za-z_][A-Za-z0-9_$]{0,62})*");

    private PostgresqlRules() {
    }

    static void check(DatabaseSpec db, Report r) {
        if (db.host().toLowerCase(Locale.ROOT).contains(".cluster-ro-")) {
            r.warn("database.host", "'" + db.host() + "' is an Aurora reader endpoint, but DolphinScheduler writes to"
                    + " its database: use the cluster (writer) endpoint, <cluster>.cluster-<id>.<region>.rds.amazonaws.com");
        }
        if (db.type() != DatabaseType.POSTGRESQL) {
            return;
        }
        for (String kv : db.params().split("&")) {
            int eq = kv.indexOf('=');
            String key = eq < 0 ? kv : kv.substring(0, eq);
            String value = eq < 0 ? "" : kv.substring(eq + 1);
            if (key.equalsIgnoreCase("sslmode")) {
                sslMode(value, r);
            } else if (key.equals("currentSchema") && !SCHEMAS.matcher(value).matches()) {
                r.error("database.params", "currentSchema='" + value + "' is not a schema name (or a comma-separated"
                        + " list of them): give the schema DolphinScheduler's tables live in, for example"
                        + " currentSchema=dolphinscheduler");
            }
        }
    }

    private static void sslMode(String value, Report r) {
        String mode = value.toLowerCase(Locale.ROOT);
        if (!SSL_MODES.contains(mode)) {
            r.error("database.params", "sslmode='" + value + "' is not one of " + new java.util.TreeSet<>(SSL_MODES)
                    + "; remove it for the default sslmode=require");
        } else if (WITHOUT_TLS.contains(mode)) {
            r.warn("database.params", "sslmode=" + value + " does not require TLS: the database password and"
                    + " DolphinScheduler's data may cross the network unencrypted. Fix: remove sslmode (ds-ec2 then"
                    + " uses sslmode=require), or use verify-full with sslrootcert");
        }
    }
}
