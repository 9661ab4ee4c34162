package io.dsec2.testkit.standin;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.testkit.services.MariaDbServer;
import io.dsec2.testkit.services.ZooKeeperServer;
import io.dsec2.testkit.standin.server.Json;
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
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Runs the stand-in distribution as a deployer would (extracted tarball, MySQL driver copied into libs, exports in
 * bin/env/dolphinscheduler_env.sh, the real scripts run with bash) against MariaDB and ZooKeeper on 127.0.0.1,
 * and checks the DolphinScheduler 3.2.0 contract of ds-3.2.0-facts.md. The host IP the servers register comes from
 * a bridge this test creates (so no traffic leaves for another address). Uses the fixed real ports; every process
 * started is killed by pid in {@link #cleanUp()}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandInIT {
    private static final String IP = "10.255.77.1";
    private static final String BRIDGE = "dsi" + ProcessHandle.current().pid() % 100000;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Path work;
    private static Path home;
    private static MariaDbServer db;
    private static ZooKeeperServer zk;
    private static CuratorFramework curator;
    private static boolean bridgeCreated;
    private static final List<ProcessHandle> started = new ArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        work = Files.createTempDirectory("standin-it-");
        Path dist = StandInDistribution.build(work.resolve("dist"), 0);
        assertThat(dist.getFileName().toString()).isEqualTo("apache-dolphinscheduler-3.2.0-bin.tar.gz");
        // second build is served from the cache: same file, untouched
        long mtime = Files.getLastModifiedTime(dist).toMillis();
        assertThat(StandInDistribution.build(work.resolve("dist"), 0)).isEqualTo(dist);
        assertThat(Files.getLastModifiedTime(dist).toMillis()).isEqualTo(mtime);
        Result sum = run(work.resolve("dist"), Map.of(), 60, "sha512sum", "-c", dist.getFileName() + ".sha512");
        assertThat(sum.code).as(sum.out).isZero();
        Result untar = run(work, Map.of(), 120, "tar", "-xzf", dist.toString());
        assertThat(untar.code).as(untar.out).isZero();
        home = work.resolve("apache-dolphinscheduler-3.2.0-bin");

        Result br = run(work, Map.of(), 30, "ip", "link", "add", BRIDGE, "type", "bridge");
        assertThat(br.code).as("creating bridge (needs root and iproute2): " + br.out).isZero();
        bridgeCreated = true;
        assertThat(run(work, Map.of(), 30, "ip", "addr", "add", IP + "/32", "dev", BRIDGE).code).isZero();
        assertThat(run(work, Map.of(), 30, "ip", "link", "set", BRIDGE, "up").code).isZero();

        db = MariaDbServer.start(work.resolve("mariadb"), "127.0.0.1", 0);
        db.createDatabase("dolphinscheduler", "ds", "ds-pass");
        zk = ZooKeeperServer.start(work.resolve("zk"), "127.0.0.1", 0);
        curator = CuratorFrameworkFactory.newClient(zk.connectString(), 30000, 5000, new RetryOneTime(500));
        curator.start();
        assertThat(curator.blockUntilConnected(20, TimeUnit.SECONDS)).isTrue();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        for (ProcessHandle p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        if (home != null) {
            // JVMs orphaned by a wrapper that already exited: their -cp names this run's unique install dir
            String mine = home.toString() + "/";
            ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(mine))
                    .forEach(p -> {
                        p.destroyForcibly();
                        try {
                            p.onExit().get(10, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new IllegalStateException("process " + p.pid() + " did not exit", e);
                        }
                    });
        }
        for (ProcessHandle p : started) {
            p.onExit().get(10, TimeUnit.SECONDS);
        }
        if (curator != null) {
            curator.close();
        }
        if (zk != null) {
            zk.close();
        }
        if (db != null) {
            db.close();
        }
        if (bridgeCreated) {
            run(Path.of("/"), Map.of(), 30, "ip", "link", "del", BRIDGE);
        }
        if (work != null) {
            run(Path.of("/"), Map.of(), 120, "rm", "-rf", work.toString());
        }
    }

    @Test
    @Order(1)
    void layoutIsThatOf320AndTheEnvFileShipsWithoutExports() throws Exception {
        for (String p : List.of("bin/dolphinscheduler-daemon.sh", "bin/install.sh", "bin/scp-hosts.sh",
                "bin/start-all.sh", "bin/stop-all.sh", "bin/status-all.sh", "bin/remove-zk-node.sh",
                "bin/env/install_env.sh", "bin/env/dolphinscheduler_env.sh", "api-server/ui/index.html",
                "api-server/conf/task-type-config.yaml", "tools/bin/upgrade-schema.sh", "tools/conf/application.yaml",
                "tools/sql/sql/dolphinscheduler_mysql.sql", "standalone-server/bin/start.sh", "LICENSE", "NOTICE")) {
            assertThat(home.resolve(p)).as(p).exists();
        }
        for (String s : List.of("master-server", "worker-server", "api-server", "alert-server")) {
            for (String p : List.of("bin/start.sh", "bin/jvm_args_env.sh", "conf/application.yaml",
                    "conf/common.properties", "conf/logback-spring.xml", "conf/dolphinscheduler_env.sh",
                    "conf/bootstrap.yaml")) {
                assertThat(home.resolve(s).resolve(p)).as(s + "/" + p).exists();
            }
            try (var libs = Files.list(home.resolve(s).resolve("libs"))) {
                List<String> names = libs.map(f -> f.getFileName().toString()).toList();
                assertThat(names).anyMatch(n -> n.startsWith("dolphinscheduler-")).anyMatch(n -> n.startsWith("zookeeper-"))
                        .noneMatch(n -> n.contains("mysql"));
            }
        }
        try (var libs = Files.list(home.resolve("tools/libs"))) {
            assertThat(libs.map(f -> f.getFileName().toString()))
                    .allMatch(n -> n.startsWith("dolphinscheduler-") || n.startsWith("spring-"));
        }
        assertThat(Files.readAllLines(home.resolve("bin/env/dolphinscheduler_env.sh")))
                .noneMatch(l -> l.strip().startsWith("export"));
        assertThat(Files.readString(home.resolve("master-server/bin/jvm_args_env.sh")))
                .contains("-Xms4g", "-Xmx4g", "-Xmn2g", "-Duser.timezone=${SPRING_JACKSON_TIME_ZONE}");
        assertThat(Files.readString(home.resolve("api-server/bin/jvm_args_env.sh"))).contains("-Xmx1g");
        String yaml = Files.readString(home.resolve("master-server/conf/application.yaml"));
        assertThat(yaml).contains("org.postgresql.Driver", "on-profile: mysql", "com.mysql.cj.jdbc.Driver",
                "block-until-connected: 600ms", "listen-port: 5678", "port: 5679");
        assertThat(Files.readString(home.resolve("api-server/conf/application.yaml")))
                .contains("block-until-connected: 15s", "context-path: /dolphinscheduler/");
    }

    @Test
    @Order(2)
    void refusesToStartWithoutJavaHome() throws Exception {
        Start s = start("master-server");
        s.awaitExit();
        assertThat(daemon("status", "master-server").out).contains("STOP");
        assertThat(s.out()).contains("JAVA_HOME is not set: No such file or directory");
    }

    @Test
    @Order(3)
    void refusesWithoutTheMysqlDriverUnderTheMysqlProfile() throws Exception {
        writeEnv(Map.of());
        Result up = upgradeSchema();
        assertThat(up.code).isNotZero();
        assertThat(up.out).contains("Cannot load driver class: com.mysql.cj.jdbc.Driver");
        Start s = start("master-server");
        s.awaitExit();
        assertThat(s.log()).contains("Cannot load driver class: com.mysql.cj.jdbc.Driver", "Application run failed");
    }

    @Test
    @Order(4)
    void refusesWithoutSchemaAndWithAProfileThatDoesNotMatchTheDatabase() throws Exception {
        Path driver = Path.of(com.mysql.cj.jdbc.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        for (String d : List.of("master-server", "worker-server", "api-server", "alert-server", "tools")) {
            Files.copy(driver, home.resolve(d + "/libs/" + driver.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        for (String server : List.of("master-server", "api-server", "alert-server")) {
            Start s = start(server);
            s.awaitExit();
            assertThat(s.log()).as(server).contains("Table 'dolphinscheduler.t_ds_version' doesn't exist");
        }
        writeEnv(Map.of("SPRING_PROFILES_ACTIVE", ""));
        Start s = start("master-server");
        s.awaitExit();
        assertThat(s.log()).contains("Driver org.postgresql.Driver claims to not accept jdbcUrl, jdbc:mysql://");
    }

    @Test
    @Order(5)
    void upgradeSchemaIsIdempotent() throws Exception {
        writeEnv(Map.of());
        Result first = upgradeSchema();
        assertThat(first.code).as(first.out).isZero();
        String after1 = schemaSnapshot();
        try (Connection c = dsConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("insert into t_ds_worker_group (name, addr_list) values ('keep-me', '1.2.3.4:1234')");
        }
        Result second = upgradeSchema();
        assertThat(second.code).as(second.out).isZero();
        assertThat(second.out).contains("Current version is 3.2.0");
        String after2 = schemaSnapshot();
        assertThat(after2).isEqualTo(after1);
        assertThat(after2).contains("version=3.2.0", "t_ds_task_instance", "admin=1");
        try (Connection c = dsConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from t_ds_worker_group where name='keep-me'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("upgrade keeps data").isEqualTo(1);
            st.executeUpdate("delete from t_ds_worker_group where name='keep-me'");
        }
    }

    @Test
    @Order(6)
    void refusesWithoutZooKeeper() throws Exception {
        writeEnv(Map.of("REGISTRY_ZOOKEEPER_BLOCK_UNTIL_CONNECTED", ""));
        zk.stop();
        try {
            Start s = start("master-server");
            s.awaitExit();
            assertThat(s.log()).contains("zookeeper connect failed in : 600ms", "Application run failed");
        } finally {
            zk.restart();
        }
        assertThat(curator.blockUntilConnected(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    @Order(7)
    void serversComeUpOnTheRealPortsWithHealthAndHeartbeats() throws Exception {
        writeEnv(Map.of("MASTER_HEARTBEAT_INTERVAL", "2s", "WORKER_HEARTBEAT_INTERVAL", "2s"));
        for (String s : List.of("master-server", "worker-server", "alert-server", "api-server")) {
            start(s);
        }
        awaitHealth("http://127.0.0.1:5679/actuator/health");
        awaitHealth("http://127.0.0.1:1235/actuator/health");
        awaitHealth("http://127.0.0.1:50053/actuator/health");
        Map<?, ?> api = awaitHealth("http://127.0.0.1:12345/dolphinscheduler/actuator/health");
        assertThat(((Map<?, ?>) ((Map<?, ?>) api.get("components")).get("db")).get("status")).isEqualTo("UP");
        // the alert server opens 50052 only once it holds /lock/alert; a lock node left by an alert process of an
        // earlier test (whose session ZooKeeper's restart in refusesWithoutZooKeeper kept alive) lasts until that
        // session expires (30 s after the restart), as with real DS
        for (int port : List.of(5678, 1234, 50052)) {
            await("port " + port, port == 50052 ? 90 : 30, () -> listening(port));
        }
        for (String s : List.of("master-server", "worker-server", "alert-server", "api-server")) {
            assertThat(daemon("status", s).out).as(s).contains("RUNNING");
        }
        Map<?, ?> info = (Map<?, ?>) Json.parse(get("http://127.0.0.1:5679/standin/info", null).body());
        assertThat(info.get("jvmArgs").toString()).contains("-Xmx4g", "-Xmx64m",
                "-Duser.timezone=${SPRING_JACKSON_TIME_ZONE}");
        assertThat(((Number) info.get("maxHeapBytes")).longValue()).isLessThan(100L << 20);
        long rssKb = Files.readAllLines(Path.of("/proc/" + info.get("processId") + "/status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst()
                .orElseThrow();
        assertThat(rssKb).as("master RSS in kB").isLessThan(250_000L);

        Set<String> masterKeys = Set.of("startupTime", "reportTime", "cpuUsage", "memoryUsage",
                "availablePhysicalMemorySize", "reservedMemory", "diskAvailable", "processId", "serverStatus", "host",
                "port");
        Set<String> workerKeys = new TreeSet<>(masterKeys);
        workerKeys.addAll(Set.of("loadAverage", "workerHostWeight", "workerWaitingTaskCount", "workerExecThreadCount"));
        Set<String> alertKeys = Set.of("processId", "startupTime", "reportTime", "cpuUsage", "memoryUsage",
                "availablePhysicalMemorySize", "host", "port");
        Map<?, ?> m = node("/dolphinscheduler/nodes/master/" + IP + ":5678");
        assertThat(m.keySet()).isEqualTo(masterKeys);
        assertThat(m.get("host")).isEqualTo(IP);
        assertThat(((Number) m.get("port")).intValue()).isEqualTo(5678);
        Map<?, ?> w = node("/dolphinscheduler/nodes/worker/" + IP + ":1234");
        assertThat(w.keySet()).isEqualTo(workerKeys);
        assertThat(((Number) w.get("workerHostWeight")).intValue()).isEqualTo(100);
        await("alert node", 90, () -> exists("/dolphinscheduler/nodes/alert-server/" + IP + ":50052"));
        assertThat(node("/dolphinscheduler/nodes/alert-server/" + IP + ":50052").keySet()).isEqualTo(alertKeys);
        assertThat(curator.getChildren().forPath("/dolphinscheduler/lock/alert")).hasSize(1);
        long report = ((Number) m.get("reportTime")).longValue();
        await("master heartbeat refresh", 15, () -> {
            try {
                return ((Number) node("/dolphinscheduler/nodes/master/" + IP + ":5678").get("reportTime")).longValue()
                        > report;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    @Order(8)
    void apiLoginMonitorAndWorkerGroups() throws Exception {
        HttpResponse<String> bad = post("http://127.0.0.1:12345/dolphinscheduler/login",
                "userName=admin&userPassword=wrong", null);
        assertThat(((Number) ((Map<?, ?>) Json.parse(bad.body())).get("code")).intValue()).isEqualTo(10013);
        HttpResponse<String> r = post("http://127.0.0.1:12345/dolphinscheduler/login",
                "userName=admin&userPassword=dolphinscheduler123", null);
        Map<?, ?> login = (Map<?, ?>) Json.parse(r.body());
        assertThat(((Number) login.get("code")).intValue()).isZero();
        String sid = (String) ((Map<?, ?>) login.get("data")).get("sessionId");
        assertThat(((Map<?, ?>) login.get("data")).get("securityConfigType")).isEqualTo("PASSWORD");
        assertThat(r.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("sessionId=" + sid));

        assertThat(get("http://127.0.0.1:12345/dolphinscheduler/monitor/masters", null).statusCode()).isEqualTo(401);
        List<?> masters = data(get("http://127.0.0.1:12345/dolphinscheduler/monitor/masters", sid));
        assertThat(masters).hasSize(1);
        Map<?, ?> master = (Map<?, ?>) masters.get(0);
        assertThat(master.get("host")).isEqualTo(IP);
        assertThat(master.get("zkDirectory")).isEqualTo("/nodes/master/" + IP + ":5678");
        assertThat((String) master.get("resInfo")).contains("\"serverStatus\"");
        List<?> workers = data(get("http://127.0.0.1:12345/dolphinscheduler/monitor/workers", sid));
        assertThat(((Map<?, ?>) workers.get(0)).get("port")).isEqualTo(1234L);
        assertThat(data(get("http://127.0.0.1:12345/dolphinscheduler/worker-groups/worker-address-list", sid)))
                .containsExactly(IP + ":1234");

        Map<?, ?> created = (Map<?, ?>) ((Map<?, ?>) Json.parse(post(
                "http://127.0.0.1:12345/dolphinscheduler/worker-groups", "name=g1&addrList=" + IP + ":1234", sid)
                .body())).get("data");
        long id = ((Number) created.get("id")).longValue();
        assertThat(data(get("http://127.0.0.1:12345/dolphinscheduler/worker-groups/all", sid))).contains("default", "g1");
        post("http://127.0.0.1:12345/dolphinscheduler/worker-groups", "id=" + id + "&name=g2&addrList=" + IP + ":1234",
                sid);
        assertThat(data(get("http://127.0.0.1:12345/dolphinscheduler/worker-groups/all", sid))).contains("g2")
                .doesNotContain("g1");
        HttpResponse<String> del = HTTP.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:12345/dolphinscheduler/worker-groups/" + id)).header("sessionId", sid).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(del.body()).contains("\"code\":0");
        assertThat(data(get("http://127.0.0.1:12345/dolphinscheduler/worker-groups/all", sid))).containsExactly("default");
        assertThat(get("http://127.0.0.1:12345/dolphinscheduler/ui/", null).body()).contains("DolphinScheduler");

        // the real API's guards (WorkerGroupServiceImpl at 3.2.0): unregistered addresses, deletes of a group in use
        assertThat(post("http://127.0.0.1:12345/dolphinscheduler/worker-groups", "name=g3&addrList=10.9.9.9:1234", sid)
                .body()).contains("\"code\":10177");
        long g3 = ((Number) ((Map<?, ?>) ((Map<?, ?>) Json.parse(post(
                "http://127.0.0.1:12345/dolphinscheduler/worker-groups", "name=g3&addrList=", sid).body())).get("data"))
                .get("id")).longValue();
        try (Connection c = dsConnection(); java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("insert into t_ds_process_instance (name, process_definition_code, state, worker_group)"
                    + " values ('probe', 9, 1, 'g3')");
            assertThat(deleteGroup(g3, sid)).contains("\"code\":10145");
            st.executeUpdate("update t_ds_process_instance set state=7 where worker_group='g3'");
            st.executeUpdate("insert into t_ds_task_definition (code, name, project_code, task_type, worker_group,"
                    + " create_time, update_time) values (9, 'probe', 9, 'SHELL', 'g3', now(), now())");
            assertThat(deleteGroup(g3, sid)).contains("\"code\":1401000");
            assertThat(post("http://127.0.0.1:12345/dolphinscheduler/worker-groups", "id=" + g3 + "&name=g3&addrList="
                    + IP + ":1234", sid).body()).as("updating addr_list stays allowed").contains("\"code\":0");
            assertThat(post("http://127.0.0.1:12345/dolphinscheduler/worker-groups", "id=" + g3 + "&name=g4&addrList=",
                    sid).body()).as("a rename is guarded").contains("\"code\":1401000");
            st.executeUpdate("delete from t_ds_task_definition where worker_group='g3'");
            st.executeUpdate("delete from t_ds_process_instance where worker_group='g3'");
        }
        assertThat(deleteGroup(g3, sid)).contains("\"code\":0");
    }

    @Test
    @Order(9)
    void tasksRunOnTheWorkerAndAStoppedWorkerKillsThemAfterThreeSeconds() throws Exception {
        long quick = taskId(post("http://127.0.0.1:5679/standin/tasks?worker=" + IP + ":1234&durationMs=500", "", null));
        await("quick task succeeds", 20, () -> {
            try {
                return state(quick) == 7;
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(host(quick)).isEqualTo(IP + ":1234");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(taskId(post("http://127.0.0.1:5679/standin/tasks?worker=" + IP + ":1234&durationMs=120000", "",
                    null)));
        }
        for (long id : ids) {
            assertThat(state(id)).isEqualTo(1);
        }
        long t0 = System.currentTimeMillis();
        java.util.concurrent.CompletableFuture<Result> stopping = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return daemon("stop", "worker-server");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long killedAt = 0;
        while (System.currentTimeMillis() - t0 < 15_000 && killedAt == 0) {
            if (state(ids.get(0)) != 1) {
                killedAt = System.currentTimeMillis();
            }
            Thread.sleep(50);
        }
        Result stop = stopping.get(30, TimeUnit.SECONDS);
        long took = System.currentTimeMillis() - t0;
        assertThat(stop.code).as(stop.out).isZero();
        assertThat(took).isBetween(4_500L, 15_000L);
        assertThat(killedAt - t0).as("tasks are killed after the 3 s wait").isBetween(2_900L, 8_000L);
        for (long id : ids) {
            assertThat(state(id)).as("task " + id).isEqualTo(8);
        }
        assertThat(Files.readString(home.resolve("worker-server/logs/dolphinscheduler-worker.log")))
                .contains("Worker killed 3 running task(s)");
        assertThat(exists("/dolphinscheduler/nodes/worker/" + IP + ":1234")).isFalse();
        assertThat(daemon("status", "worker-server").out).contains("STOP");
    }

    /**
     * The daemon's "force" step is {@code pkill -P -9 <pid>}. procps-ng's pkill takes any {@code -<signal>}
     * argument as the signal wherever it appears (checked with procps-ng 4.0.2, Debian 12), so this is
     * {@code pkill -9 -P <pid>}: a server still running after the 5 s wait is SIGKILLed, its shutdown hook is cut
     * short, and its ephemeral registry node lingers until the ZooKeeper session times out (30 s); only then does the
     * master mark its running task NEED_FAULT_TOLERANCE.
     */
    @Test
    @Order(10)
    void aServerSlowToShutDownIsKilledAfterFiveSecondsAndItsNodeLingers() throws Exception {
        writeEnv(Map.of("STANDIN_SHUTDOWN_DELAY", "20s"));
        Start s = start("worker-server");
        awaitHealth("http://127.0.0.1:1235/actuator/health");
        List<ProcessHandle> javas = s.bash.children().toList();
        assertThat(javas).hasSize(1);
        ProcessHandle java = javas.get(0);
        assertThat(java.info().commandLine().orElse("")).contains("org.apache.dolphinscheduler.server.worker.WorkerServer");
        String node = "/dolphinscheduler/nodes/worker/" + IP + ":1234";
        assertThat(exists(node)).isTrue();
        long task = taskId(post("http://127.0.0.1:5679/standin/tasks?worker=" + IP + ":1234&durationMs=120000", "",
                null));
        long t0 = System.currentTimeMillis();
        Result stop = daemon("stop", "worker-server");
        assertThat(System.currentTimeMillis() - t0).isBetween(4_500L, 11_000L);
        assertThat(stop.out).contains("did not stop gracefully after 5 seconds: killing with kill -9");
        java.onExit().get(10, TimeUnit.SECONDS);
        s.awaitExit();
        assertThat(home.resolve("worker-server/pid")).doesNotExist();
        assertThat(s.log()).contains("delaying shutdown by PT20S").doesNotContain("worker server stopped");
        assertThat(listening(1235)).isFalse();
        assertThat(exists(node)).as("a SIGKILLed server's ephemeral node outlives it").isTrue();
        assertThat(state(task)).as("its task is not killed or reported").isEqualTo(1);
        await("session expiry removes " + node, 60, () -> !exists(node));
        await("master fails the task over", 20, () -> {
            try {
                return state(task) == 8;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    @Order(11)
    void aStandbyAlertServerServesHttpAndTakesTheLockWhenTheActiveOneStops() throws Exception {
        // a second alert server on this machine, started like a systemd unit would (start.sh, cwd = server dir),
        // on other ports so it can coexist with the first
        ProcessBuilder pb = new ProcessBuilder("bash", "bin/start.sh").directory(home.resolve("alert-server").toFile())
                .redirectErrorStream(true).redirectOutput(work.resolve("standby-alert.out").toFile());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().put("SERVER_PORT", "50063");
        pb.environment().put("ALERT_PORT", "50062");
        Process standby = pb.start();
        started.add(standby.toHandle());
        Map<?, ?> health = awaitHealth("http://127.0.0.1:50063/actuator/health");
        assertThat(((Map<?, ?>) health.get("standin")).get("active")).isEqualTo(false);
        assertThat(curator.getChildren().forPath("/dolphinscheduler/lock/alert")).hasSize(2);
        String standbyNode = "/dolphinscheduler/nodes/alert-server/" + IP + ":50062";
        assertThat(exists(standbyNode)).isFalse();
        assertThat(listening(50062)).isFalse();

        Result stop = daemon("stop", "alert-server");
        assertThat(stop.out).doesNotContain("did not stop gracefully");
        // the standby polls the lock; under a loaded CI machine its takeover has taken over 30 s
        await("standby takes over", 60, () -> exists(standbyNode));
        assertThat(exists("/dolphinscheduler/nodes/alert-server/" + IP + ":50052")).isFalse();
        assertThat(listening(50062)).isTrue();

        List<ProcessHandle> javas = standby.toHandle().children().toList();
        assertThat(javas).hasSize(1);
        javas.get(0).destroy();
        assertThat(standby.waitFor(30, TimeUnit.SECONDS)).isTrue();
        await("standby's node removed", 10, () -> !exists(standbyNode));
    }

    @Test
    @Order(12)
    void theOthersStopCleanly() throws Exception {
        for (String s : List.of("api-server", "master-server")) {
            Result stop = daemon("stop", s);
            assertThat(stop.out).as(s).doesNotContain("did not stop gracefully");
        }
        for (ProcessHandle p : started) {
            assertThat(p.isAlive()).isFalse();
        }
        assertThat(curator.getChildren().forPath("/dolphinscheduler/nodes/master")).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private record Result(int code, String out) {
    }

    private final class Start {
        final String server;
        final ProcessHandle bash;
        final long logOffset;
        final long outOffset;

        Start(String server, ProcessHandle bash, long logOffset, long outOffset) {
            this.server = server;
            this.bash = bash;
            this.logOffset = logOffset;
            this.outOffset = outOffset;
        }

        void awaitExit() throws Exception {
            bash.onExit().get(90, TimeUnit.SECONDS);
        }

        String log() throws IOException {
            return tail(logFile(server), logOffset);
        }

        String out() throws IOException {
            return tail(outFile(server), outOffset);
        }
    }

    private Start start(String server) throws Exception {
        long lo = size(logFile(server));
        long oo = size(outFile(server));
        Result r = daemon("start", server);
        assertThat(r.code).as(r.out).isZero();
        long pid = Long.parseLong(Files.readString(home.resolve(server + "/pid")).trim());
        ProcessHandle bash = ProcessHandle.of(pid).orElseThrow();
        started.add(bash);
        return new Start(server, bash, lo, oo);
    }

    private static Path logFile(String server) {
        String n = server.equals("alert-server") ? "alert" : server.substring(0, server.indexOf('-'));
        return home.resolve(server + "/logs/dolphinscheduler-" + n + ".log");
    }

    private static Path outFile(String server) throws IOException {
        String host = run(Path.of("/"), Map.of(), 10, "hostname").out.strip();
        return home.resolve(server + "/logs/" + server + "-" + host + ".out");
    }

    private static long size(Path p) throws IOException {
        return Files.exists(p) ? Files.size(p) : 0;
    }

    private static String tail(Path p, long from) throws IOException {
        if (!Files.exists(p)) {
            return "";
        }
        byte[] b = Files.readAllBytes(p);
        return new String(b, (int) Math.min(from, b.length), (int) Math.max(0, b.length - from), StandardCharsets.UTF_8);
    }

    private static Result daemon(String verb, String server) throws Exception {
        return run(home, Map.of(), 60, "bash", "bin/dolphinscheduler-daemon.sh", verb, server);
    }

    private static Result upgradeSchema() throws Exception {
        return run(home, Map.of(), 120, "bash", "tools/bin/upgrade-schema.sh");
    }

    /** Writes the exports a deployer adds; an empty value in {@code overrides} drops that export. */
    private static void writeEnv(Map<String, String> overrides) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("DATABASE", "mysql");
        env.put("SPRING_PROFILES_ACTIVE", "mysql");
        env.put("SPRING_DATASOURCE_URL", db.jdbcUrl("dolphinscheduler"));
        env.put("SPRING_DATASOURCE_USERNAME", "ds");
        env.put("SPRING_DATASOURCE_PASSWORD", "ds-pass");
        env.put("REGISTRY_ZOOKEEPER_CONNECT_STRING", zk.connectString());
        env.put("REGISTRY_ZOOKEEPER_BLOCK_UNTIL_CONNECTED", "30000ms");
        env.put("DOLPHIN_SCHEDULER_NETWORK_INTERFACE_PREFERRED", BRIDGE);
        env.putAll(overrides);
        StringBuilder sb = new StringBuilder(Files.readString(home.resolve("bin/env/dolphinscheduler_env.sh"))
                .replaceAll("(?s)\n# ---- added by StandInIT.*", ""));
        sb.append("\n# ---- added by StandInIT\n");
        env.forEach((k, v) -> {
            if (!v.isEmpty()) {
                sb.append("export ").append(k).append("=\"").append(v).append("\"\n");
            }
        });
        Files.writeString(home.resolve("bin/env/dolphinscheduler_env.sh"), sb.toString());
    }

    private static Result run(Path dir, Map<String, String> env, int timeoutSec, String... cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().put("HOME", System.getProperty("user.home"));
        pb.environment().putAll(env);
        Path out = Files.createTempFile("standin-cmd-", ".out");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(timeoutSec, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " timed out");
            }
            return new Result(p.exitValue(), Files.readString(out));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static String schemaSnapshot() throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Connection c = dsConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("show tables")) {
                while (rs.next()) {
                    sb.append(rs.getString(1)).append('\n');
                }
            }
            try (ResultSet rs = st.executeQuery("select group_concat(version) from t_ds_version")) {
                rs.next();
                sb.append("version=").append(rs.getString(1)).append('\n');
            }
            try (ResultSet rs = st.executeQuery("select count(*) from t_ds_user where user_name='admin'")) {
                rs.next();
                sb.append("admin=").append(rs.getInt(1)).append('\n');
            }
        }
        return sb.toString();
    }

    private static String deleteGroup(long id, String sid) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:12345/dolphinscheduler/worker-groups/" + id))
                .header("sessionId", sid).DELETE().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static Connection dsConnection() throws Exception {
        return DriverManager.getConnection(db.jdbcUrl("dolphinscheduler"), "ds", "ds-pass");
    }

    private static int state(long id) throws Exception {
        return (int) taskColumn(id, "state");
    }

    private static String host(long id) throws Exception {
        try (Connection c = dsConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select host from t_ds_task_instance where id=" + id)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long endTime(long id) throws Exception {
        return taskColumn(id, "unix_timestamp(end_time) * 1000");
    }

    private static long taskColumn(long id, String expr) throws Exception {
        try (Connection c = dsConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select " + expr + " from t_ds_task_instance where id=" + id)) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    private static long taskId(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return ((Number) ((Map<?, ?>) Json.parse(r.body())).get("id")).longValue();
    }

    private static Map<?, ?> node(String path) throws Exception {
        Stat stat = new Stat();
        byte[] data = curator.getData().storingStatIn(stat).forPath(path);
        assertThat(stat.getEphemeralOwner()).as(path + " is ephemeral").isNotZero();
        return (Map<?, ?>) Json.parse(new String(data, StandardCharsets.UTF_8));
    }

    /** @throws IllegalStateException if ZooKeeper cannot answer: an absent node must be seen, not assumed */
    private static boolean exists(String path) {
        try {
            return curator.checkExists().forPath(path) != null;
        } catch (Exception e) {
            throw new IllegalStateException("ZooKeeper did not answer whether " + path + " exists", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> data(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<?, ?> m = (Map<?, ?>) Json.parse(r.body());
        assertThat(((Number) m.get("code")).intValue()).as(r.body()).isZero();
        return (List<Object>) m.get("data");
    }

    private static Map<?, ?> awaitHealth(String url) {
        Map<?, ?>[] last = new Map<?, ?>[1];
        await(url + " UP", 90, () -> {
            try {
                HttpResponse<String> r = get(url, null);
                last[0] = (Map<?, ?>) Json.parse(r.body());
                return r.statusCode() == 200 && "UP".equals(last[0].get("status"));
            } catch (Exception e) {
                return false;
            }
        });
        return last[0];
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static HttpResponse<String> get(String url, String sid) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (sid != null) {
            b.header("sessionId", sid);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String form, String sid) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (sid != null) {
            b.header("sessionId", sid);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits for a condition; the time limit is multiplied by {@code -Dds-ec2.test.timeout-factor} (default 1). */
    private static void await(String what, int seconds, BooleanSupplier cond) {
        String f = System.getProperty("ds-ec2.test.timeout-factor", "1");
        double factor = f.isBlank() ? 1 : Double.parseDouble(f);
        long deadline = System.nanoTime() + (long) (TimeUnit.SECONDS.toNanos(seconds) * Math.max(1, factor));
        while (System.nanoTime() < deadline) {
            if (cond.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
    }
}
