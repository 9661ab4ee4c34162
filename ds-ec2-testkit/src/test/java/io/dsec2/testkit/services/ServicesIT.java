package io.dsec2.testkit.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServicesIT {
    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory("services-it-");
    }

    @AfterEach
    void cleanUp() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void fileServerServesGetHeadAndRanges() throws Exception {
        Files.createDirectories(dir.resolve("pkg"));
        Files.writeString(dir.resolve("pkg/a.txt"), "0123456789");
        Files.writeString(dir.resolve("secret"), "x");
        try (FileServer fs = FileServer.start(dir.resolve("pkg"), "127.0.0.1", 0)) {
            HttpClient c = HttpClient.newHttpClient();
            URI u = fs.url("a.txt");
            assertThat(u.toString()).isEqualTo("http://127.0.0.1:" + fs.port() + "/a.txt");
            HttpResponse<String> get = c.send(HttpRequest.newBuilder(u).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.body()).isEqualTo("0123456789");
            HttpResponse<Void> head = c.send(HttpRequest.newBuilder(u).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.discarding());
            assertThat(head.headers().firstValue("Content-Length")).hasValue("10");
            HttpResponse<String> range = c.send(HttpRequest.newBuilder(u).header("Range", "bytes=2-4").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.body()).isEqualTo("234");
            assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes 2-4/10");
            HttpResponse<String> suffix = c.send(HttpRequest.newBuilder(u).header("Range", "bytes=-3").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(suffix.body()).isEqualTo("789");
            assertThat(c.send(HttpRequest.newBuilder(fs.url("missing")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(404);
            assertThat(c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fs.port() + "/../secret")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void zooKeeperStopsAndRestartsWithItsData() throws Exception {
        try (ZooKeeperServer zk = ZooKeeperServer.start(dir.resolve("zk"), "127.0.0.1", 0)) {
            assertThat(zk.connectString()).isEqualTo("127.0.0.1:" + zk.port());
            try (CuratorFramework c = CuratorFrameworkFactory.newClient(zk.connectString(), 30000, 3000,
                    new RetryNTimes(20, 500))) {
                c.start();
                assertThat(c.blockUntilConnected(20, TimeUnit.SECONDS)).isTrue();
                c.create().creatingParentsIfNeeded().forPath("/dolphinscheduler/x", "v".getBytes(StandardCharsets.UTF_8));
                zk.stop();
                assertThat(listening(zk.port())).isFalse();
                zk.restart();
                assertThat(c.blockUntilConnected(30, TimeUnit.SECONDS)).isTrue();
                assertThat(new String(c.getData().forPath("/dolphinscheduler/x"), StandardCharsets.UTF_8)).isEqualTo("v");
            }
        }
        assertThat(dir.resolve("zk")).exists();
    }

    @Test
    void mariaDbCreatesTheDatabaseAndUserIdempotently() throws Exception {
        int port;
        try (MariaDbServer db = MariaDbServer.start(dir.resolve("db"), "127.0.0.1", 0)) {
            port = db.port();
            assertThat(db.jdbcUrl("dolphinscheduler")).isEqualTo("jdbc:mysql://127.0.0.1:" + port
                    + "/dolphinscheduler?useUnicode=true&characterEncoding=UTF-8&sslMode=REQUIRED");
            db.createDatabase("dolphinscheduler", "ds", "p'w");
            db.createDatabase("dolphinscheduler", "ds", "p'w");
            try (Connection c = DriverManager.getConnection(db.jdbcUrl("dolphinscheduler"), "ds", "p'w");
                    Statement st = c.createStatement()) {
                st.execute("create table t (id int)");
                try (ResultSet rs = st.executeQuery("show status like 'Ssl_cipher'")) {
                    rs.next();
                    assertThat(rs.getString(2)).as("the connection uses TLS").isNotBlank();
                }
                try (ResultSet rs = st.executeQuery("select @@character_set_database, @@collation_database")) {
                    rs.next();
                    assertThat(rs.getString(1)).startsWith("utf8");
                    assertThat(rs.getString(2)).isIn("utf8_general_ci", "utf8mb3_general_ci");
                }
            }
        }
        assertThat(listening(port)).isFalse();
    }

    @Test
    void postgresServesTlsClientsAndStopsWithItsSocket() throws Exception {
        // postgres runs as the postgres user; start() lets it through the 0700 temp directory
        Path sockets = Path.of("/tmp", "dsec2-it-" + ProcessHandle.current().pid() + "-pg");
        int port;
        long t0 = System.nanoTime();
        try (PostgresServer pg = PostgresServer.start(dir.resolve("pg"), sockets, "127.0.0.1", 0)) {
            long startMs = (System.nanoTime() - t0) / 1_000_000;
            port = pg.port();
            assertThat(startMs).as("PostgreSQL start (initdb, certificate, server) in ms").isLessThan(15_000);
            assertThat(sockets.resolve(".s.PGSQL." + port)).exists();
            assertThat(pg.jdbcUrl("dolphinscheduler")).isEqualTo("jdbc:postgresql://127.0.0.1:" + port
                    + "/dolphinscheduler?sslmode=require");
            pg.createDatabase("dolphinscheduler", "ds", "p'w");
            pg.createDatabase("dolphinscheduler", "ds", "p'w");
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("dolphinscheduler"), "ds", "p'w");
                    Statement st = c.createStatement()) {
                st.execute("create schema ds");
                st.execute("create table ds.t (id int)");
                try (ResultSet rs = st.executeQuery("select ssl, version from pg_stat_ssl"
                        + " where pid = pg_backend_pid()")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getBoolean(1)).as("connection uses TLS").isTrue();
                    assertThat(rs.getString(2)).startsWith("TLSv1.");
                }
                try (ResultSet rs = st.executeQuery("select current_database(), current_user,"
                        + " pg_encoding_to_char(encoding) from pg_database where datname = current_database()")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("dolphinscheduler");
                    assertThat(rs.getString(2)).isEqualTo("ds");
                    assertThat(rs.getString(3)).isEqualTo("UTF8");
                }
            }
            assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl("dolphinscheduler"), "ds", "wrong"))
                    .isInstanceOf(java.sql.SQLException.class).hasMessageContaining("password authentication failed");
        }
        assertThat(listening(port)).isFalse();
        assertThat(sockets).doesNotExist();
    }

    @Test
    void postgresRefusesASocketDirectoryTooLongForAUnixSocket() {
        Path tooLong = Path.of("/tmp", "x".repeat(100));
        assertThatThrownBy(() -> PostgresServer.start(dir.resolve("pg"), tooLong, "127.0.0.1", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too long");
        assertThat(tooLong).doesNotExist();
    }

    @Test
    void mariaDbStartsUnderADataDirectoryTooDeepForAUnixSocket() throws Exception {
        // a CI workspace such as /tmp/<40-char id>/src/... puts the data dir far past sun_path's 107 bytes
        Path deep = dir.resolve("x".repeat(60)).resolve("y".repeat(60)).resolve("db");
        assertThat(deep.resolve("mysqld.sock").toString().length()).isGreaterThan(107);
        try (MariaDbServer db = MariaDbServer.start(deep, "127.0.0.1", 0)) {
            try (Connection c = db.rootConnection()) {
                assertThat(c.isValid(5)).isTrue();
            }
        }
        try (Stream<Path> s = Files.list(Path.of("/tmp"))) {
            assertThat(s.filter(p -> p.getFileName().toString().startsWith("dsec2-db-"))
                    .filter(p -> Files.exists(p.resolve("mysqld.sock"))).toList())
                    .as("socket directories left behind").isEmpty();
        }
    }

    @Test
    void mariaDbStartFailureCarriesTheLastLinesOfItsLog() throws Exception {
        // an empty system schema directory: install is skipped, and mariadbd logs why it cannot start and exits
        Path db = dir.resolve("broken");
        Files.createDirectories(db.resolve("data/mysql"));
        assertThatThrownBy(() -> MariaDbServer.start(db, "127.0.0.1", 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mariadbd exited")
                .hasMessageContaining("last lines of its log")
                .hasMessageContaining("[ERROR]");
    }

    @Test
    void mariaDbRefusesASocketPathLongerThanTheLimit() {
        Path sock = dir.resolve("s".repeat(110));
        assertThatThrownBy(() -> MariaDbServer.start(dir.resolve("db"), sock, "127.0.0.1", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than 107 bytes");
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
