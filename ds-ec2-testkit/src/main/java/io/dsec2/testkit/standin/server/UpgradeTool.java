package io.dsec2.testkit.standin.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Stand-in of {@code UpgradeDolphinScheduler} (run by {@code tools/bin/upgrade-schema.sh} with
 * {@code -Dspring.profiles.active=upgrade,${DATABASE}}): if {@code t_ds_version} (or a legacy version table)
 * exists it takes the upgrade path and only raises the recorded version to 3.2.0, keeping all data; otherwise it
 * runs {@code sql/dolphinscheduler_<db>.sql} from the classpath ({@code tools/sql}), which records 3.2.0.
 * Exits 1 on failure.
 */
public final class UpgradeTool {
    private static final String LOGGER = "org.apache.dolphinscheduler.tools.datasource.UpgradeDolphinScheduler";
    private static final String VERSION = "3.2.0";

    private UpgradeTool() {
    }

    /** Runs the schema init or upgrade. */
    public static void main(String[] args) {
        Log.init("tools");
        try {
            Cfg cfg = Cfg.load();
            Log.info(LOGGER, "The following profiles are active: " + cfg.profiles());
            Node.checkDriver(cfg);
            String db = cfg.profiles().contains("mysql") ? "mysql" : "postgresql";
            try (Connection c = connectLikeHikari(cfg)) {
                String existing = versionTable(c);
                if (existing == null) {
                    Log.info(LOGGER, "Start initializing the DolphinScheduler manager table structure");
                    runScript(c, "sql/dolphinscheduler_" + db + ".sql");
                    Log.info(LOGGER, "Finished initializing the DolphinScheduler manager table structure,"
                            + " version " + VERSION);
                } else {
                    String current = currentVersion(c, existing);
                    Log.info(LOGGER, "Current version is " + current + ", target version is " + VERSION);
                    if (!VERSION.equals(current)) {
                        try (Statement st = c.createStatement()) {
                            st.executeUpdate("update t_ds_version set version='" + VERSION + "'");
                        }
                    }
                    Log.info(LOGGER, "upgrade DolphinScheduler finished");
                }
            }
            System.exit(0);
        } catch (Throwable e) {
            Log.error(LOGGER, "Upgrade DolphinScheduler failed", e);
            System.exit(1);
        }
    }

    /** Connects; a refused connection fails as Hikari's pool start does, with the driver's error as the cause. */
    private static Connection connectLikeHikari(Cfg cfg) throws SQLException {
        try {
            return Node.connect(cfg);
        } catch (SQLException e) {
            Log.error("com.zaxxer.hikari.pool.HikariPool", "DolphinScheduler - Exception during pool initialization.",
                    e);
            throw new IllegalStateException("Failed to initialize pool: " + e.getMessage(), e);
        }
    }

    private static String versionTable(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        for (String t : List.of("t_ds_version", "t_escheduler_version", "t_escheduler_queue")) {
            try (ResultSet rs = md.getTables(c.getCatalog(), null, t, new String[] {"TABLE"})) {
                if (rs.next()) {
                    return t;
                }
            }
        }
        return null;
    }

    private static String currentVersion(Connection c, String table) throws SQLException {
        if (!table.equals("t_ds_version")) {
            throw new IllegalStateException("stand-in limitation: upgrading from " + table + " is not simulated");
        }
        try (PreparedStatement ps = c.prepareStatement("select version from t_ds_version");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : "";
        }
    }

    private static void runScript(Connection c, String resource) throws SQLException, IOException {
        URL u = ClassLoader.getSystemResource(resource);
        if (u == null) {
            throw new IllegalStateException(resource + " not found on the classpath (tools/sql missing?)");
        }
        String text;
        try (InputStream in = u.openStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> stmts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("--")) {
                continue;
            }
            cur.append(line).append('\n');
            if (t.endsWith(";")) {
                stmts.add(cur.substring(0, cur.lastIndexOf(";")));
                cur.setLength(0);
            }
        }
        try (Statement st = c.createStatement()) {
            for (String s : stmts) {
                st.execute(s);
            }
        }
    }
}
