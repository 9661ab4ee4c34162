package io.dsec2.internal.ds;

import io.dsec2.model.DatabaseSpec;
import io.dsec2.model.DatabaseType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * DolphinScheduler's metadata database as the client reads it over JDBC (java.sql; the engine's driver must be on
 * the class path: {@code com.mysql:mysql-connector-j} for MySQL, {@code org.postgresql:postgresql} for PostgreSQL),
 * with the SQL that differs between the engines in one place: connection timeouts (Connector/J takes milliseconds,
 * pgJDBC seconds), identifier quoting, the current schema (MySQL: the database; PostgreSQL: the first schema of the
 * search path, which {@code currentSchema} in the URL sets) and the error codes of a missing table.
 *
 * <p>DS 3.2.0's tables: {@code dolphinscheduler-dao/src/main/resources/sql/dolphinscheduler_{mysql,postgresql}.sql}
 * at tag 3.2.0. Table names are unqualified, so on PostgreSQL they resolve through the search path. Every call opens
 * and closes its own connection. Thread-safe; holds the password only in memory and never shows it.
 */
public final class MetadataDatabase {
    /** DS 3.2.0's {@code TaskExecutionStatus} code of a running task instance. */
    public static final int RUNNING_EXECUTION = 1;

    private final DatabaseSpec spec;
    private final String password;
    private final Duration connectTimeout;
    private final Duration socketTimeout;

    /**
     * @param spec the database
     * @param password the password, or null for none
     * @param connectTimeout how long a connection attempt may take (whole seconds for PostgreSQL, at least 1)
     * @param socketTimeout how long one read may block (whole seconds for PostgreSQL, at least 1)
     */
    public MetadataDatabase(DatabaseSpec spec, String password, Duration connectTimeout, Duration socketTimeout) {
        this.spec = spec;
        this.password = password;
        this.connectTimeout = connectTimeout;
        this.socketTimeout = socketTimeout;
    }

    /** @return the engine */
    public DatabaseType type() {
        return spec.type();
    }

    /**
     * The driver properties for a connection: user, password and the two timeouts in the unit the engine's driver
     * takes (Connector/J {@code connectTimeout}/{@code socketTimeout} in ms; pgJDBC {@code connectTimeout},
     * {@code socketTimeout} and {@code loginTimeout} in s, rounded up).
     *
     * @return new properties
     */
    public static Properties properties(DatabaseType type, String user, String password, Duration connect,
            Duration socket) {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        if (type == DatabaseType.POSTGRESQL) {
            p.setProperty("connectTimeout", String.valueOf(seconds(connect)));
            p.setProperty("loginTimeout", String.valueOf(seconds(connect)));
            p.setProperty("socketTimeout", String.valueOf(seconds(socket)));
        } else {
            p.setProperty("connectTimeout", String.valueOf(Math.max(1, connect.toMillis())));
            p.setProperty("socketTimeout", String.valueOf(Math.max(1, socket.toMillis())));
        }
        return p;
    }

    private static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }

    /**
     * @return a new connection (the caller closes it)
     * @throws SQLException as the driver reports it; {@link #noDriver(SQLException)} tells a missing driver
     */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(spec.jdbcUrl(),
                properties(spec.type(), spec.username(), password, connectTimeout, socketTimeout));
    }

    /** @return whether {@code e} says no driver on the class path takes the URL */
    public static boolean noDriver(SQLException e) {
        return e.getMessage() != null && e.getMessage().startsWith("No suitable driver");
    }

    /** @return the Maven coordinates of the engine's JDBC driver, for error messages */
    public static String driverArtifact(DatabaseType type) {
        return type == DatabaseType.POSTGRESQL ? "org.postgresql:postgresql" : "com.mysql:mysql-connector-j";
    }

    /**
     * @return a short, secret-free description of {@code e} for messages: the missing driver, or SQLState and
     *         vendor code
     */
    public String describe(SQLException e) {
        if (noDriver(e)) {
            return "no JDBC driver for " + spec.type() + " on this class path (add " + driverArtifact(spec.type())
                    + "; the CLI has it)";
        }
        return "SQLState " + e.getSQLState() + ", error " + e.getErrorCode();
    }

    /** @return whether {@code e} says a table does not exist (MySQL 1146 / 42S02, PostgreSQL 42P01) */
    public static boolean missingTable(SQLException e) {
        return e.getErrorCode() == 1146 || "42S02".equals(e.getSQLState()) || "42P01".equals(e.getSQLState());
    }

    /** @return {@code name} quoted as an identifier of the engine ({@code `a`} or {@code "a"}) */
    public static String quote(DatabaseType type, String name) {
        String q = type == DatabaseType.POSTGRESQL ? "\"" : "`";
        return q + name.replace(q, q + q) + q;
    }

    /**
     * @return the schema unqualified names resolve to: MySQL's current database, PostgreSQL's
     *         {@code current_schema()} (empty when {@code currentSchema} names no existing schema)
     */
    public Optional<String> currentSchema(Connection c) throws SQLException {
        String f = spec.type() == DatabaseType.POSTGRESQL ? "current_schema()" : "database()";
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select " + f)) {
            return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
        }
    }

    /** @return the version in {@code t_ds_version}; empty when the table does not exist or has no row */
    public Optional<String> schemaVersion() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(Ds320Profile.VERSION_QUERY)) {
            return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
        } catch (SQLException e) {
            if (missingTable(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** @return the admin user's password hash, empty if {@code t_ds_user} has no {@code admin} row */
    public Optional<String> adminPasswordHash() throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(Ds320Profile.ADMIN_HASH_QUERY)) {
            ps.setString(1, Ds320Profile.DEFAULT_ADMIN_USER);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * @param hash the new hash ({@link Ds320Profile#passwordHash})
     * @return rows changed: 1, or 0 when there is no {@code admin} row
     */
    public int setAdminPasswordHash(String hash) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(Ds320Profile.ADMIN_HASH_UPDATE)) {
            ps.setString(1, hash);
            ps.setString(2, Ds320Profile.DEFAULT_ADMIN_USER);
            return ps.executeUpdate();
        }
    }

    /** @return ids of the task instances running on {@code host} ({@code ip:1234}) */
    public List<Long> runningTaskIds(String host) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("select id from t_ds_task_instance where host=? and state=?")) {
            ps.setString(1, host);
            ps.setInt(2, RUNNING_EXECUTION);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    /** @return how many task instances run on workers at these IPs (any port) */
    public int runningTaskCount(List<String> ips) throws SQLException {
        if (ips.isEmpty()) {
            return 0;
        }
        StringBuilder sql = new StringBuilder("select count(*) from t_ds_task_instance where state = ? and (");
        for (int i = 0; i < ips.size(); i++) {
            sql.append(i == 0 ? "" : " or ").append("host like ?");
        }
        sql.append(')');
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            ps.setInt(1, RUNNING_EXECUTION);
            for (int i = 0; i < ips.size(); i++) {
                ps.setString(i + 2, ips.get(i) + ":%");
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    /** @return the state of each of these task instances that exists */
    public Map<Long, Integer> taskStates(List<Long> ids) throws SQLException {
        Map<Long, Integer> out = new HashMap<>();
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("select state from t_ds_task_instance where id=?")) {
            for (Long id : ids) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        out.put(id, rs.getInt(1));
                    }
                }
            }
        }
        return out;
    }

    /** @return every row of {@code t_ds_worker_group}: name to (id, address list, "" for null), sorted by name */
    public Map<String, Map.Entry<Long, String>> workerGroups() throws SQLException {
        Map<String, Map.Entry<Long, String>> rows = new TreeMap<>();
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select id, name, addr_list from t_ds_worker_group")) {
            while (rs.next()) {
                rows.put(rs.getString(2), Map.entry(rs.getLong(1), rs.getString(3) == null ? "" : rs.getString(3)));
            }
        }
        return rows;
    }

    /**
     * Drops DolphinScheduler's tables ({@code t_ds_*}, {@code qrtz_*}, any case) in the current schema (MySQL: the
     * database; PostgreSQL: {@code current_schema()}, so {@code currentSchema} in the URL is honoured), with
     * MySQL's foreign key checks off for the session and PostgreSQL's {@code cascade}. Other tables stay.
     *
     * @return what was dropped, as {@code database.table} (MySQL) or {@code database.schema.table} (PostgreSQL)
     */
    public List<String> dropTables() throws SQLException {
        List<String> dropped = new ArrayList<>();
        boolean pg = spec.type() == DatabaseType.POSTGRESQL;
        try (Connection c = connect(); Statement s = c.createStatement()) {
            Optional<String> schema = currentSchema(c);
            if (schema.isEmpty()) {
                return dropped;
            }
            List<String> tables = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select table_name from information_schema.tables"
                    + " where table_schema = ? and table_type = 'BASE TABLE'"
                    + " and (lower(table_name) like ? or lower(table_name) like ?)")) {
                ps.setString(1, schema.get());
                ps.setString(2, "t\\_ds\\_%");
                ps.setString(3, "qrtz\\_%");
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
            }
            if (!pg) {
                s.execute("set foreign_key_checks = 0");
            }
            for (String t : tables) {
                s.execute("drop table if exists " + quote(spec.type(), schema.get()) + "." + quote(spec.type(), t)
                        + (pg ? " cascade" : ""));
                dropped.add(pg ? spec.database() + "." + schema.get() + "." + t : spec.database() + "." + t);
            }
        }
        return dropped;
    }
}
