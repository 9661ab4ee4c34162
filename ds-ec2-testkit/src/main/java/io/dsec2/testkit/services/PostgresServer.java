package io.dsec2.testkit.services;

import io.dsec2.testkit.internal.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL 15 server process (Debian's {@code postgresql-15}: {@code initdb} and {@code postgres} from
 * {@value #BIN_DIR}) with its own data directory, port, bind address and Unix socket directory, run as the
 * {@code postgres} system user (PostgreSQL refuses to run as root) with TLS on: a self-signed certificate (EC P-256,
 * {@code CN=dsec2-localcloud}) is made at start, so clients can use {@code sslmode=require} (encryption without
 * certificate verification). Clients without TLS are accepted too ({@code host} rules in {@code pg_hba.conf}, SCRAM
 * passwords), so {@code sslmode=disable} also works.
 *
 * <p>A fresh data directory is initialised on start (under a second); an initialised one is reused. The superuser
 * {@code postgres} gets a random password known only to this object ({@link #superuserConnection()}); over the Unix
 * socket it needs none ({@code psql -h <socketDir> -p <port> -U postgres}). The socket directory must be a short path
 * (a Unix socket path has at most 107 bytes), for example {@code /tmp/dsec2-<run>-pg}. {@link #close()} stops the
 * server (fast shutdown: SIGINT, then SIGKILL after 30 s) and deletes the socket directory, and the data directory
 * only when this object created it. Needs root (to hand the directories to {@code postgres} and run {@code setpriv});
 * ancestors of the directory that others cannot search get {@code o+x}, so the {@code postgres} user reaches it.
 * Thread-safe for reads; lifecycle calls are not meant to race.
 *
 * <pre>{@code
 * try (PostgresServer pg = PostgresServer.start(dir, Path.of("/tmp/dsec2-x-pg"), "10.77.0.1", 0)) {
 *     pg.createDatabase("dolphinscheduler", "ds", password);
 *     String url = pg.jdbcUrl("dolphinscheduler");   // jdbc:postgresql://10.77.0.1:PORT/dolphinscheduler?sslmode=require
 * }
 * }</pre>
 */
public final class PostgresServer implements AutoCloseable {
    /** Where Debian's {@code postgresql-15} puts its server binaries. */
    public static final String BIN_DIR = "/usr/lib/postgresql/15/bin";
    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final int MAX_SOCKET_PATH = 107;

    private final Path dir;
    private final Path socketDir;
    private final String host;
    private final int port;
    private final String superPassword;
    private final Process process;
    private final boolean ownsDir;

    private PostgresServer(Path dir, Path socketDir, String host, int port, String superPassword, Process process,
            boolean ownsDir) {
        this.dir = dir;
        this.socketDir = socketDir;
        this.host = host;
        this.port = port;
        this.superPassword = superPassword;
        this.process = process;
        this.ownsDir = ownsDir;
    }

    /**
     * Initialises (if needed) and starts a server, waiting up to 60 s until it accepts TLS connections.
     *
     * @param dataDir the server's directory (data in {@code data/}, certificate, log); created when missing
     * @param socketDir the Unix socket directory, a short absolute path (the socket file name adds 17 bytes to it)
     * @param bindHost the address to listen on
     * @param port the TCP port, 0 for a free one
     * @return the running server
     * @throws IllegalArgumentException if the socket path would be too long
     * @throws IllegalStateException if the binaries are missing (run scripts/setup.sh), this is not root, or the
     *         server fails (its log is named)
     */
    public static PostgresServer start(Path dataDir, Path socketDir, String bindHost, int port) {
        Path sockets = socketDir.toAbsolutePath();
        if (sockets.resolve(".s.PGSQL.65535").toString().length() > MAX_SOCKET_PATH) {
            throw new IllegalArgumentException("socket directory " + sockets + " is too long for a Unix socket path"
                    + " (at most " + MAX_SOCKET_PATH + " bytes with .s.PGSQL.<port>); use a short one under /tmp");
        }
        if (!Files.isExecutable(Path.of(BIN_DIR, "postgres"))) {
            throw new IllegalStateException(BIN_DIR + "/postgres not found: install Debian's postgresql (run"
                    + " scripts/setup.sh)");
        }
        long t0 = System.nanoTime();
        try {
            int p = port == 0 ? ZooKeeperServer.freePort(bindHost) : port;
            Path d = dataDir.toAbsolutePath();
            boolean owns = !Files.exists(d);
            Files.createDirectories(d);
            grantTraversal(d.getParent());
            Files.createDirectories(sockets);
            Path data = d.resolve("data");
            String pw = randomPassword();
            if (!Files.exists(data.resolve("PG_VERSION"))) {
                initialise(d, data, pw);
            } else {
                pw = Files.readString(d.resolve("superuser.pw")).strip();
            }
            makeCertificate(d);
            chownPostgres(d, sockets);
            List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=postgres", "--regid=postgres",
                    "--init-groups", BIN_DIR + "/postgres", "-D", data.toString(), "-p", String.valueOf(p),
                    "-c", "listen_addresses=" + bindHost, "-c", "unix_socket_directories=" + sockets,
                    "-c", "ssl=on", "-c", "ssl_cert_file=" + d.resolve("server.crt"),
                    "-c", "ssl_key_file=" + d.resolve("server.key"), "-c", "shared_buffers=16MB",
                    "-c", "max_connections=300", "-c", "fsync=off", "-c", "synchronous_commit=off",
                    "-c", "full_page_writes=off", "-c", "password_encryption=scram-sha-256"));
            Process proc = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(d.resolve("postgres.log").toFile()).start();
            PostgresServer s = new PostgresServer(d, sockets, bindHost, p, pw, proc, owns);
            s.awaitReady(Duration.ofSeconds(60));
            LOG.info("PostgreSQL listening on {}:{} with TLS (data {}, socket dir {}), started in {} ms", bindHost, p,
                    data, sockets, (System.nanoTime() - t0) / 1_000_000);
            return s;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start PostgreSQL (install postgresql: run scripts/setup.sh): "
                    + e.getMessage(), e);
        }
    }

    private static void initialise(Path d, Path data, String pw) throws IOException {
        Path pwFile = d.resolve("superuser.pw");
        Files.writeString(pwFile, pw + "\n");
        chownPostgres(d);
        Processes.run(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups",
                BIN_DIR + "/initdb", "-D", data.toString(), "-U", "postgres", "--pwfile=" + pwFile, "-E", "UTF8",
                "--locale=C", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync"), Map.of(),
                Duration.ofSeconds(120)).orThrow();
        // every client address, with or without TLS; passwords are checked with SCRAM
        Files.writeString(data.resolve("pg_hba.conf"), "local all all trust\n"
                + "host all all 0.0.0.0/0 scram-sha-256\n");
    }

    /**
     * Lets the postgres user reach {@code dir}: ancestors without search permission for others (a 0700
     * {@code mktemp -d} directory, say) get {@code o+x} (traversal only, not listing).
     */
    private static void grantTraversal(Path dir) throws IOException {
        for (Path p = dir; p != null; p = p.getParent()) {
            java.util.Set<java.nio.file.attribute.PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            if (!perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                perms.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(p, perms);
                LOG.info("gave others search permission (o+x) on {} so that the postgres user reaches its data", p);
            }
        }
    }

    private static void makeCertificate(Path d) {
        if (Files.exists(d.resolve("server.crt"))) {
            return;
        }
        Processes.run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", d.resolve("server.key").toString(), "-out",
                d.resolve("server.crt").toString(), "-days", "30", "-subj", "/CN=dsec2-localcloud"), Map.of(),
                Duration.ofSeconds(30)).orThrow();
    }

    private static void chownPostgres(Path... paths) {
        for (Path p : paths) {
            Processes.run(List.of("chown", "-R", "postgres:postgres", p.toString()), Map.of(), Duration.ofSeconds(30))
                    .orThrow();
        }
        Path key = paths[0].resolve("server.key");
        if (Files.exists(key)) {
            Processes.run(List.of("chmod", "0600", key.toString()), Map.of(), Duration.ofSeconds(10)).orThrow();
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("postgres exited with " + process.exitValue() + "; see "
                        + dir.resolve("postgres.log"));
            }
            try (Connection c = superuserConnection()) {
                if (c.isValid(5)) {
                    return;
                }
            } catch (SQLException e) {
                last = e;
            }
            sleep(100);
        }
        close();
        throw new IllegalStateException("PostgreSQL did not come up on " + host + ":" + port + " within " + timeout
                + (last == null ? "" : ": " + last.getMessage()) + "; see " + dir.resolve("postgres.log"));
    }

    /** @return the bind address */
    public String host() {
        return host;
    }

    /** @return the TCP port */
    public int port() {
        return port;
    }

    /** @return the Unix socket directory */
    public Path socketDirectory() {
        return socketDir;
    }

    /** @return the self-signed server certificate (PEM) */
    public Path certificate() {
        return dir.resolve("server.crt");
    }

    /**
     * @param database the database name
     * @return {@code jdbc:postgresql://host:port/database?sslmode=require}
     */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database + "?sslmode=require";
    }

    /**
     * Creates a login role {@code user} with this password (set again when the role exists) and a database owned
     * by it (UTF8), so the user may create tables and schemas in it. Idempotent.
     *
     * @throws IllegalArgumentException for names outside {@code [a-z_][a-z0-9_]*}
     */
    public void createDatabase(String db, String user, String password) {
        if (!NAME.matcher(db).matches() || !NAME.matcher(user).matches()) {
            throw new IllegalArgumentException("database and user names must match " + NAME);
        }
        String pw = "'" + password.replace("'", "''") + "'";
        try (Connection c = superuserConnection(); Statement st = c.createStatement()) {
            st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + user + "') THEN"
                    + " CREATE ROLE " + user + " LOGIN; END IF; END $$");
            st.execute("ALTER ROLE " + user + " LOGIN PASSWORD " + pw);
            boolean exists;
            try (PreparedStatement ps = c.prepareStatement("select 1 from pg_database where datname = ?")) {
                ps.setString(1, db);
                try (ResultSet rs = ps.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (!exists) {
                st.execute("CREATE DATABASE " + db + " OWNER " + user + " ENCODING 'UTF8'");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + db + ": " + e.getMessage(), e);
        }
    }

    /**
     * @return a new TLS connection as the superuser to database {@code postgres} (caller closes it)
     * @throws SQLException if the server refuses
     */
    public Connection superuserConnection() throws SQLException {
        return connection("postgres");
    }

    /**
     * @param database a database
     * @return a new TLS connection as the superuser to that database (caller closes it)
     * @throws SQLException if the server refuses
     */
    public Connection superuserConnection(String database) throws SQLException {
        return connection(database);
    }

    private Connection connection(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", superPassword);
        p.setProperty("connectTimeout", "5");
        String h = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        return DriverManager.getConnection("jdbc:postgresql://" + h + ":" + port + "/" + database
                + "?sslmode=require", p);
    }

    /** Stops postgres (SIGINT: fast shutdown; SIGKILL after 30 s); deletes the socket dir, and the data dir if made here. */
    @Override
    public void close() {
        if (process.isAlive()) {
            Processes.run(List.of("kill", "-INT", String.valueOf(process.pid())), Map.of(), Duration.ofSeconds(10));
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
        MariaDbServer.deleteTree(socketDir);
        if (ownsDir) {
            MariaDbServer.deleteTree(dir);
        }
    }

    private static String randomPassword() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "PostgresServer[" + host + ":" + port + "]";
    }
}
