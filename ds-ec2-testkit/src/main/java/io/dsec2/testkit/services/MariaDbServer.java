package io.dsec2.testkit.services;

import io.dsec2.testkit.internal.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MariaDB server process (Debian's {@code mariadb-server}: {@code mariadb-install-db} and {@code mariadbd})
 * with its own data directory, socket, pid file, port and bind address, run as root with {@code --user=root}
 * and {@code --no-defaults} so no system configuration is read.
 *
 * <p>A fresh data directory is initialised on start (a few seconds); an initialised one is reused. The root
 * account is reachable over the Unix socket and over TCP from the bind address only ({@code 127.0.0.1} for
 * {@code 0.0.0.0}), with no password (test use only). {@link #close()} stops the server process; the data directory is deleted only when
 * this object created it. Thread-safe for reads; lifecycle calls are not meant to race.
 *
 * <p>The Unix socket goes into a short runtime directory, not the data directory: a socket path is limited to
 * 107 bytes ({@code sun_path}), which a data directory under a deep checkout easily exceeds. When the server
 * fails to start, the exception message carries the last lines of its error log (the log may be deleted by
 * the caller's teardown right after).
 */
public final class MariaDbServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MariaDbServer.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

    private final Path dataDir;
    private final String host;
    private final int port;
    private final Process process;
    private final boolean ownsDir;
    private final Path socketDir;
    private final boolean ownsSocketDir;

    private MariaDbServer(Path dataDir, String host, int port, Process process, boolean ownsDir, Path socketDir,
            boolean ownsSocketDir) {
        this.dataDir = dataDir;
        this.host = host;
        this.port = port;
        this.process = process;
        this.ownsDir = ownsDir;
        this.socketDir = socketDir;
        this.ownsSocketDir = ownsSocketDir;
    }

    /**
     * Initialises (if needed) and starts a server, waiting up to 60 s until it accepts connections.
     *
     * @param dataDir the data directory; created and initialised when missing or empty
     * @param bindHost the address to listen on
     * @param port the TCP port, 0 for a free one
     * @return the running server
     * @throws IllegalStateException if the binaries are missing (run scripts/setup.sh) or the server fails
     */
    public static MariaDbServer start(Path dataDir, String bindHost, int port) {
        return start(dataDir, null, bindHost, port);
    }

    /**
     * Like {@link #start(Path, String, int)}, with the Unix socket ({@code mysqld.sock}) in {@code socketDir}.
     *
     * @param socketDir a directory with a short path (the socket path must stay under 108 bytes), created if
     *        missing and left in place on close; null for a fresh {@code /tmp/dsec2-db-*} directory that
     *        {@link #close()} removes
     * @throws IllegalArgumentException if the socket path would be longer than 107 bytes
     */
    public static MariaDbServer start(Path dataDir, Path socketDir, String bindHost, int port) {
        try {
            Path sockDir = socketDir != null ? socketDir.toAbsolutePath()
                    : Files.createTempDirectory(Path.of("/tmp"), "dsec2-db-");
            Files.createDirectories(sockDir);
            Path socket = sockDir.resolve("mysqld.sock");
            if (socket.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 107) {
                throw new IllegalArgumentException("MariaDB socket path " + socket
                        + " is longer than 107 bytes (the Unix socket limit); pass a shorter socket directory");
            }
            Path dir = dataDir.toAbsolutePath();
            boolean owns = !Files.exists(dir);
            Files.createDirectories(dir);
            Path db = dir.resolve("data");
            if (!Files.exists(db.resolve("mysql"))) {
                Files.createDirectories(db);
                Processes.run(List.of("mariadb-install-db", "--no-defaults", "--user=root", "--datadir=" + db,
                        "--auth-root-authentication-method=normal", "--skip-test-db"), Map.of(),
                        Duration.ofSeconds(120)).orThrow();
            }
            Path cert = dir.resolve("server-cert.pem");
            Path key = dir.resolve("server-key.pem");
            if (!Files.exists(cert) || !Files.exists(key)) {
                // self-signed, like a fresh RDS endpoint seen without its CA bundle: ds-ec2 requires TLS by
                // default (sslMode=REQUIRED encrypts without verifying the certificate)
                Processes.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650",
                        "-subj", "/CN=localcloud-mariadb", "-keyout", key.toString(), "-out", cert.toString()),
                        Map.of(), Duration.ofSeconds(60)).orThrow();
            }
            String rootHost = bindHost.equals("0.0.0.0") ? "127.0.0.1" : bindHost;
            Path init = dir.resolve("init.sql");
            Files.writeString(init, "CREATE USER IF NOT EXISTS 'root'@'" + rootHost + "';\n"
                    + "GRANT ALL PRIVILEGES ON *.* TO 'root'@'" + rootHost + "' WITH GRANT OPTION;\n");
            int p = port == 0 ? ZooKeeperServer.freePort(bindHost) : port;
            List<String> cmd = new ArrayList<>(List.of("mariadbd", "--no-defaults", "--user=root",
                    "--datadir=" + db, "--socket=" + socket,
                    "--pid-file=" + dir.resolve("mysqld.pid"), "--port=" + p, "--bind-address=" + bindHost,
                    "--log-error=" + dir.resolve("error.log"), "--skip-name-resolve",
                    "--character-set-server=utf8mb3", "--collation-server=utf8mb3_general_ci",
                    "--innodb-buffer-pool-size=32M", "--max-connections=2000", "--skip-log-bin", "--init-file=" + init,
                    "--ssl-cert=" + cert, "--ssl-key=" + key));
            Process proc = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile()).start();
            MariaDbServer s = new MariaDbServer(dir, bindHost, p, proc, owns, sockDir, socketDir == null);
            s.awaitReady(Duration.ofSeconds(60));
            LOG.info("MariaDB listening on {}:{} (data {})", bindHost, p, db);
            return s;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start MariaDB (install mariadb-server: run scripts/setup.sh): "
                    + e.getMessage(), e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String log = tail(dataDir.resolve("error.log"), dataDir.resolve("stdout.log"));
                close();
                throw new IllegalStateException("mariadbd exited with " + process.exitValue() + "; last lines of "
                        + "its log:\n" + log);
            }
            try (Socket sock = new Socket()) {
                sock.connect(new InetSocketAddress(host, port), 500);
                try (Connection c = rootConnection()) {
                    if (c.isValid(5)) {
                        return;
                    }
                } catch (SQLException e) {
                    last = e;
                }
            } catch (IOException e) {
                // not listening yet
            }
            sleep(200);
        }
        String log = tail(dataDir.resolve("error.log"), dataDir.resolve("stdout.log"));
        close();
        throw new IllegalStateException("MariaDB did not come up on " + host + ":" + port + " within " + timeout
                + (last == null ? "" : ": " + last.getMessage()) + "; last lines of its log:\n" + log);
    }

    /** The last 20 lines of each existing, non-empty log file, for an error message. */
    static String tail(Path... logs) {
        StringBuilder sb = new StringBuilder();
        for (Path log : logs) {
            try {
                if (Files.isRegularFile(log) && Files.size(log) > 0) {
                    List<String> lines = Files.readAllLines(log, java.nio.charset.StandardCharsets.UTF_8);
                    lines.subList(Math.max(0, lines.size() - 20), lines.size())
                            .forEach(l -> sb.append("  ").append(l).append('\n'));
                }
            } catch (IOException | UncheckedIOException e) {
                sb.append("  (cannot read ").append(log.getFileName()).append(": ").append(e.getMessage()).append(")\n");
            }
        }
        return sb.length() == 0 ? "  (the log is empty)" : sb.toString().stripTrailing();
    }

    /** @return the bind address */
    public String host() {
        return host;
    }

    /** @return the TCP port */
    public int port() {
        return port;
    }

    /**
     * @param database the database name
     * @return {@code jdbc:mysql://host:port/db?useUnicode=true&characterEncoding=UTF-8&sslMode=REQUIRED}
     */
    public String jdbcUrl(String database) {
        return "jdbc:mysql://" + host + ":" + port + "/" + database
                + "?useUnicode=true&characterEncoding=UTF-8&sslMode=REQUIRED";
    }

    /**
     * Creates a database (utf8 / utf8_general_ci, as DolphinScheduler's docs say) and a user
     * {@code user@'%'} with all privileges on it. Idempotent.
     *
     * @throws IllegalArgumentException for names outside {@code [A-Za-z0-9_]}
     */
    public void createDatabase(String db, String user, String password) {
        if (!NAME.matcher(db).matches() || !NAME.matcher(user).matches()) {
            throw new IllegalArgumentException("database and user names must match " + NAME);
        }
        String pw = password.replace("\\", "\\\\").replace("'", "''");
        try (Connection c = rootConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS `" + db
                    + "` DEFAULT CHARACTER SET utf8 DEFAULT COLLATE utf8_general_ci");
            st.execute("CREATE USER IF NOT EXISTS '" + user + "'@'%' IDENTIFIED BY '" + pw + "'");
            st.execute("ALTER USER '" + user + "'@'%' IDENTIFIED BY '" + pw + "'");
            st.execute("GRANT ALL PRIVILEGES ON `" + db + "`.* TO '" + user + "'@'%'");
            st.execute("FLUSH PRIVILEGES");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + db + ": " + e.getMessage(), e);
        }
    }

    /**
     * @return a new connection as root over TCP (caller closes it)
     * @throws SQLException if the server refuses
     */
    public Connection rootConnection() throws SQLException {
        String h = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        return DriverManager.getConnection("jdbc:mysql://" + h + ":" + port
                + "/?useSSL=false&allowPublicKeyRetrieval=true", "root", "");
    }

    /** Stops mariadbd (SIGTERM, then SIGKILL after 30 s); deletes the data directory only if created here. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (ownsDir) {
            deleteTree(dataDir);
        }
        if (ownsSocketDir) {
            deleteTree(socketDir);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
