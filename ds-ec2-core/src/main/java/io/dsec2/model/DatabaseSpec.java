package io.dsec2.model;

import io.dsec2.internal.spec.Checks;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The DolphinScheduler metadata database, which ds-ec2 uses but never creates (bring your own RDS/Aurora): MySQL or
 * Aurora MySQL, PostgreSQL or Aurora PostgreSQL (give the Aurora cluster's writer endpoint as the host).
 * ds-ec2 renders {@code SPRING_DATASOURCE_*} and {@code DATABASE} from it and runs
 * {@code tools/bin/upgrade-schema.sh} once
 * (https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-tools/src/main/dist-bin/upgrade-schema.sh).
 *
 * <pre>{@code
 * DatabaseSpec db = DatabaseSpec.builder()
 *         .mysql("analytics.cluster-x.rds.amazonaws.com", 3306, "dolphinscheduler")
 *         .username("ds").password(Secret.fromSecretsManager("ds/db"))
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link #toString()} shows only the password's reference. Values are checked
 * by {@link ClusterSpec.Builder#build()}.
 */
public final class DatabaseSpec {
    /**
     * JDBC parameters used for MySQL when none are given: the DS docs' encoding, with TLS required
     * ({@code sslMode=REQUIRED} encrypts but does not verify the server certificate; see
     * https://dev.mysql.com/doc/connector-j/en/connector-j-connp-props-security.html).
     */
    public static final String DEFAULT_MYSQL_PARAMS = "useUnicode=true&characterEncoding=UTF-8&sslMode=REQUIRED";
    private static final java.util.regex.Pattern MYSQL_TLS_SET =
            java.util.regex.Pattern.compile("(?i)(^|.*&)(sslMode|useSSL)=.*");
    /**
     * The TLS parameter added to PostgreSQL's parameters unless they set {@code sslmode}: encryption required, the
     * certificate not verified (give {@code sslmode=verify-full&sslrootcert=...} to verify it).
     */
    public static final String DEFAULT_POSTGRESQL_TLS = "sslmode=require";

    private final DatabaseType type;
    private final String host;
    private final int port;
    private final String database;
    private final String params;
    private final String username;
    private final Secret password;

    private DatabaseSpec(Builder b) {
        this.type = b.type;
        this.host = b.host;
        this.port = b.port;
        this.database = b.database;
        this.params = b.params;
        this.username = b.username;
        this.password = b.password;
    }

    /** @return a builder for MySQL with no host: set one */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this spec's values */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * @param change applied to a copy of this spec's builder
     * @return the changed copy
     */
    public DatabaseSpec copy(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /** @return MYSQL (default) or POSTGRESQL */
    public DatabaseType type() {
        return type;
    }

    /** @return the host name or IP; empty when unset (an error at build) */
    public String host() {
        return host;
    }

    /** @return the port; the engine's default (3306 or 5432) when not set */
    public int port() {
        return port == 0 ? type.defaultPort() : port;
    }

    /** @return the database (schema) name; default {@code dolphinscheduler} */
    public String database() {
        return database;
    }

    /**
     * @return the JDBC URL query, without {@code ?}; default {@link #DEFAULT_MYSQL_PARAMS} for MySQL; for PostgreSQL
     *         the given parameters plus {@value #DEFAULT_POSTGRESQL_TLS} unless they set {@code sslmode} themselves
     */
    public String params() {
        if (type == DatabaseType.POSTGRESQL) {
            return postgresqlParams(params == null ? "" : params);
        }
        if (params != null) {
            return params;
        }
        return type == DatabaseType.MYSQL ? DEFAULT_MYSQL_PARAMS : "";
    }

    /**
     * PostgreSQL's parameters: TLS unless turned off. {@code sslmode=require} encrypts without verifying the
     * server's certificate, as libpq's {@code require} does (pgJDBC: {@code sslmode}, {@code sslrootcert} for
     * {@code verify-full}; https://jdbc.postgresql.org/documentation/ssl/).
     */
    private static String postgresqlParams(String given) {
        for (String kv : given.split("&")) {
            if (kv.toLowerCase(java.util.Locale.ROOT).startsWith("sslmode=")) {
                return given;
            }
        }
        return given.isEmpty() ? DEFAULT_POSTGRESQL_TLS : given + "&" + DEFAULT_POSTGRESQL_TLS;
    }

    /** @return the user name; empty when unset (an error at build) */
    public String username() {
        return username;
    }

    /** @return the password reference, if any */
    public Optional<Secret> password() {
        return Optional.ofNullable(password);
    }

    /**
     * @return the JDBC URL, which never contains credentials; for MySQL, {@code sslMode=REQUIRED} is added when
     *     the params set neither {@code sslMode} nor {@code useSSL}
     */
    public String jdbcUrl() {
        String q = params();
        if (type == DatabaseType.MYSQL && !MYSQL_TLS_SET.matcher(q).matches()) {
            q = q.isEmpty() ? "sslMode=REQUIRED" : q + "&sslMode=REQUIRED";
        }
        return "jdbc:" + type.id() + "://" + host + ":" + port() + "/" + database + (q.isEmpty() ? "" : "?" + q);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DatabaseSpec)) {
            return false;
        }
        DatabaseSpec d = (DatabaseSpec) o;
        return type == d.type && host.equals(d.host) && port() == d.port() && database.equals(d.database)
                && params().equals(d.params()) && username.equals(d.username) && Objects.equals(password, d.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, host, port(), database, params(), username, password);
    }

    @Override
    public String toString() {
        return "DatabaseSpec{" + jdbcUrl() + ", username=" + username + ", password=" + password + "}";
    }

    /** Mutable, not thread-safe builder for {@link DatabaseSpec}. */
    public static final class Builder {
        private DatabaseType type = DatabaseType.MYSQL;
        private String host = "";
        private int port;
        private String database = "dolphinscheduler";
        private String params;
        private String username = "";
        private Secret password;

        private Builder() {
        }

        private Builder(DatabaseSpec s) {
            type = s.type;
            host = s.host;
            port = s.port;
            database = s.database;
            params = s.params;
            username = s.username;
            password = s.password;
        }

        /**
         * @param host host name or IP
         * @param port TCP port (1-65535)
         * @param database database name
         * @return this builder, set to MySQL
         */
        public Builder mysql(String host, int port, String database) {
            return type(DatabaseType.MYSQL).host(host).port(port).database(database);
        }

        /**
         * @param host host name or IP
         * @param port TCP port (1-65535)
         * @param database database name
         * @return this builder, set to PostgreSQL
         */
        public Builder postgresql(String host, int port, String database) {
            return type(DatabaseType.POSTGRESQL).host(host).port(port).database(database);
        }

        /**
         * @param type the engine; default MYSQL
         * @return this builder
         */
        public Builder type(DatabaseType type) {
            this.type = Checks.notNull(type, "type");
            return this;
        }

        /**
         * @param host host name or IP; required
         * @return this builder
         */
        public Builder host(String host) {
            this.host = Checks.notNull(host, "host");
            return this;
        }

        /**
         * @param port TCP port 1-65535; 0 means the engine's default
         * @return this builder
         */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * @param database database name; default {@code dolphinscheduler}
         * @return this builder
         */
        public Builder database(String database) {
            this.database = Checks.notNull(database, "database");
            return this;
        }

        /**
         * @param params JDBC URL query without {@code ?}; default depends on the engine. PostgreSQL: for example
         *        {@code currentSchema=ds} to keep DolphinScheduler's tables in schema {@code ds};
         *        {@value #DEFAULT_POSTGRESQL_TLS} is added unless {@code sslmode} is given
         * @return this builder
         */
        public Builder params(String params) {
            this.params = Checks.notNull(params, "params");
            return this;
        }

        /**
         * @param username database user; required
         * @return this builder
         */
        public Builder username(String username) {
            this.username = Checks.notNull(username, "username");
            return this;
        }

        /**
         * @param password a reference to the password; required
         * @return this builder
         */
        public Builder password(Secret password) {
            this.password = Checks.notNull(password, "password");
            return this;
        }

        /** @return the spec (checked later, by the cluster build) */
        public DatabaseSpec build() {
            return new DatabaseSpec(this);
        }
    }
}
