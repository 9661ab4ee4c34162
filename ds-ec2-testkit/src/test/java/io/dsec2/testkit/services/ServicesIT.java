package io.dsec2.testkit.services;

import static org.assertj.core.api.Assertions.assertThat;

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

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
