package io.dsec2.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.examples.cli.DsEc2Cli;
import io.dsec2.model.NodeRole;
import io.dsec2.testkit.LocalCloud;
import io.dsec2.testkit.LocalCloudExtension;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 17's acceptance: the real DolphinScheduler 3.2.0 distribution on the LocalCloud's PostgreSQL 15 (TLS,
 * {@code sslmode=require}), with DolphinScheduler's tables in a non-public schema ({@code currentSchema}), driven
 * through the CLI as a user would: create builds the schema with the real {@code upgrade-schema.sh}; a shell workflow
 * succeeds; the workers roll while a task runs, the drain read from PostgreSQL (no worker stops while its task runs,
 * nothing killed); scale-in; validate runs its database check; {@code delete --purge-data} leaves no
 * {@code t_ds_*}/{@code qrtz_*} table. One small cluster of its own: 1 master, 2 workers, 1 api (ALB), no alert.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealDsPostgresIT {
    static final String DATABASE = "ds_realpg";
    static final String SCHEMA = "dsreal";
    static final Path STATE = Path.of("target/it-state-real-pg");
    static final Path TIMINGS = Path.of("target/real-ds-timings.txt");
    static final List<String> NODES = List.of("master-1", "worker-1", "worker-2", "api-1");
    static final int SUCCESS = 7;

    LocalCloud cloud;
    RollingCluster c;
    DsRest rest;
    long project;
    long echo;
    Workflows wf;

    @BeforeAll
    void setUp(LocalCloud cloud) throws Exception {
        this.cloud = cloud;
        LocalCloud.ServedPackage real = cloud.realPackage();
        cloud.createPostgresDatabase(DATABASE);
        try (Connection k = cloud.postgresSuperuserConnection(DATABASE); Statement s = k.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA + " AUTHORIZATION " + LocalCloud.DB_USER);
        }
        var e = cloud.endpoints();
        URI pg = URI.create(e.postgresJdbcUrl().substring("jdbc:".length()));
        // RollingCluster also makes a MariaDB database of this name (unused here) and puts it in the YAML; the edit
        // below turns the database section into PostgreSQL's
        c = RollingCluster.create(cloud, "realpg", STATE, NODES, DATABASE, yaml -> {
            String y = yaml.replace("master: {count: 2,", "master: {count: 1,")
                    .replace("worker: {count: 3,", "worker: {count: 2,")
                    .replace("api: {count: 2,", "api: {count: 1,")
                    .replace("alert: {count: 1,", "alert: {count: 0,")
                    .replaceFirst("(?m)^  type: mysql\\n  host: .*\\n  port: .*\\n  database: " + DATABASE + "$",
                            "  type: postgresql\n  host: " + pg.getHost() + "\n  port: " + pg.getPort()
                                    + "\n  database: " + DATABASE + "\n  params: \"currentSchema=" + SCHEMA + "\"")
                    .replace("package_url: " + e.packageUrl(), "package_url: " + real.url())
                    .replace("package_sha512: " + e.packageSha512(), "package_sha512: " + real.sha512());
            if (!y.contains("type: postgresql") || !y.contains(real.sha512()) || !y.contains("alert: {count: 0,")) {
                throw new IllegalStateException("the seeds-shaped YAML changed shape:\n" + yaml);
            }
            return y + """
                jvm:
                  master: {heap: 768m, xmn: 256m}
                  worker: {heap: 768m, xmn: 256m}
                  api: {heap: 768m, xmn: 256m}
                """;
        });
        c.timings.report(TIMINGS, "PostgreSQL cluster: create (" + String.format("%.1f", c.createSeconds) + " s wall)");
        rest = new DsRest(c.ip("api-1"));
        rest.login();
        project = rest.createProject("dsec2-" + c.name);
        wf = new Workflows(rest, project, this::db);
        echo = rest.createShellWorkflow(project, "echo", "echo hello from $(hostname -I)", "default");
    }

    @AfterAll
    void tearDown() {
        if (c != null) {
            c.close();
        }
    }

    String[] cliArgs(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("-f", c.yaml.toString(), "--state-dir", c.state.toString()));
        return all.toArray(String[]::new);
    }

    @Test
    @Order(1)
    void createBuiltTheRealSchemaInTheNonPublicSchemaOverTls() throws Exception {
        assertThat(c.applied().database().jdbcUrl()).endsWith("/" + DATABASE + "?currentSchema=" + SCHEMA
                + "&sslmode=require");
        assertThat(sqlString("select version from t_ds_version")).isEqualTo("3.2.0");
        assertThat(dsTables(SCHEMA)).as("t_ds_*/qrtz_* tables of the real schema in " + SCHEMA).isGreaterThan(50);
        assertThat(dsTables("public")).as("nothing in public").isZero();
        for (String n : NODES) {
            assertThat(c.healthUp(n)).as("%s health", n).isTrue();
        }
        assertThat(c.registered(NodeRole.MASTER)).containsExactly("master-1");
        assertThat(c.registered(NodeRole.WORKER)).containsExactly("worker-1", "worker-2");
        String env = c.file("master-1", "bin/env/dolphinscheduler_env.sh");
        assertThat(env).contains("export DATABASE='postgresql'").contains("export SPRING_PROFILES_ACTIVE='postgresql'")
                .contains("currentSchema=" + SCHEMA + "&sslmode=require");
        assertThat(c.host("master-1").exec("sh", "-c", "ls " + c.applied().deployment().installPath()
                + "/tools/libs " + c.applied().deployment().installPath() + "/api-server/libs").stdout())
                .as("no MySQL driver downloaded; DS's own PostgreSQL driver").doesNotContain("mysql-connector")
                .contains("postgresql-42.4.1.jar");
        // the servers' connections to PostgreSQL use TLS
        try (Connection k = cloud.postgresSuperuserConnection(DATABASE); Statement s = k.createStatement();
                ResultSet rs = s.executeQuery("select count(*), count(*) filter (where ssl) from pg_stat_ssl"
                        + " join pg_stat_activity using (pid) where datname = '" + DATABASE + "' and usename = 'ds'"
                        + " and client_addr <> '" + cloud.endpoints().gatewayIp() + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("connections from the nodes").isPositive();
            assertThat(rs.getInt(2)).as("of which TLS").isEqualTo(rs.getInt(1));
        }
    }

    @Test
    @Order(2)
    void aShellWorkflowSucceeds() throws Exception {
        long instance = startAndAwait(echo, Duration.ofMinutes(3));
        List<Map<String, Object>> tasks = tasksOf(instance);
        assertThat(tasks).hasSize(1);
        assertThat(tasks.get(0).get("state")).isEqualTo(SUCCESS);
        assertThat((String) tasks.get(0).get("host")).isIn(addr("worker-1"), addr("worker-2"));
    }

    @Test
    @Order(3)
    void rollingTheWorkersUnderATaskDrainsFromPostgresqlAndKillsNothing() throws Exception {
        // the task runs on worker-1, the first the rollout takes: its drain must wait for it
        assertThat(rest.saveWorkerGroup(0, "first", addr("worker-1"))).isZero();
        long sleep = rest.createShellWorkflow(project, "sleep45", "sleep 45; echo slept", "first");
        Thread.sleep(12_000); // the master loads the new group
        long instance = start(sleep, "first");
        String host = awaitTaskRunning(instance, Duration.ofMinutes(2));
        String worker = "worker-1";
        assertThat(host).isEqualTo(addr(worker));
        AtomicBoolean sawUnregistered = new AtomicBoolean();
        // sample, while the rollout runs, whether the task still runs and whether its worker is registered
        List<String> stoppedWhileRunning = new CopyOnWriteArrayList<>();
        List<Integer> statesSeen = new CopyOnWriteArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        Thread watch = new Thread(() -> {
            while (!done.get()) {
                try {
                    int state = taskState(instance);
                    boolean registered = c.registered(NodeRole.WORKER).contains(worker);
                    statesSeen.add(state);
                    if (!registered) {
                        sawUnregistered.set(true);
                    }
                    if (state == 1 && !registered) {
                        stoppedWhileRunning.add(worker + " unregistered while its task ran");
                    }
                    Thread.sleep(300);
                } catch (InterruptedException ex) {
                    return;
                } catch (Exception ex) {
                    stoppedWhileRunning.add("watch failed: " + ex);
                }
            }
        }, "pg-drain-watch");
        watch.start();
        Map<String, String> before = c.startMarkers();
        RollingCluster.Cli cli;
        try {
            cli = RollingCluster.cli(cliArgs("restart", "--role", "worker", "--batch-size", "1", "--monitor", "2s",
                    "--health-timeout", "4m", "--drain-timeout", "5m"));
        } finally {
            done.set(true);
            watch.join(5_000);
        }
        c.timings.report(TIMINGS, "PostgreSQL cluster: restart --role worker (task on " + host + ")");
        assertThat(cli.exit()).as(cli.out()).isEqualTo(DsEc2Cli.OK);
        assertThat(statesSeen).as("the task ran while the rollout began").startsWith(1);
        assertThat(sawUnregistered).as("the watch saw %s stopped", worker).isTrue();
        assertThat(stoppedWhileRunning).as("drain: no worker stopped while its task ran").isEmpty();
        awaitInstanceDone(instance, Duration.ofMinutes(3));
        assertThat(tasksOf(instance)).as("one task instance, not killed and re-run").hasSize(1)
                .allSatisfy(t -> assertThat(t.get("state")).isEqualTo(SUCCESS));
        Map<String, String> after = c.startMarkers();
        for (String w : List.of("worker-1", "worker-2")) {
            assertThat(after.get(w)).as("%s restarted", w).isNotEqualTo(before.get(w));
        }
        assertThat(startAndAwait(echo, Duration.ofMinutes(3))).isPositive();
    }

    @Test
    @Order(4)
    void scalingInAWorkerUnderATaskKillsNothing() throws Exception {
        long sleep = rest.createShellWorkflow(project, "sleep30", "sleep 30; echo slept", "default");
        long instance = start(sleep);
        awaitTaskRunning(instance, Duration.ofMinutes(2));
        RollingCluster.Cli in = RollingCluster.cli(cliArgs("scale", "--role", "worker", "--count", "1",
                "--drain-timeout", "5m"));
        c.timings.report(TIMINGS, "PostgreSQL cluster: scale --role worker --count 1");
        assertThat(in.exit()).as(in.out()).isEqualTo(DsEc2Cli.OK);
        awaitInstanceDone(instance, Duration.ofMinutes(2));
        assertThat(tasksOf(instance)).hasSize(1).allSatisfy(t -> assertThat(t.get("state")).isEqualTo(SUCCESS));
        assertThat(c.registered(NodeRole.WORKER)).containsExactly("worker-1");
        assertThat(startAndAwait(echo, Duration.ofMinutes(3))).isPositive();
    }

    @Test
    @Order(5)
    void validateRunsTheDatabaseCheckOnPostgresql() {
        RollingCluster.Cli v = RollingCluster.cli(cliArgs("validate", "--json"));
        assertThat(v.out()).contains("{\"level\":\"INFO\",\"id\":\"database.schema\",\"path\":\"database.database\","
                + "\"message\":\"schema version 3.2.0\"}").doesNotContain("not checked: no JDBC driver");
        assertThat(v.exit()).as(v.out()).isZero();
    }

    @Test
    @Order(100)
    void deleteWithPurgeDataLeavesNoDolphinSchedulerTable() throws Exception {
        RollingCluster.Cli cli = RollingCluster.cli(cliArgs("delete", "--force", "--purge-data"));
        c.timings.report(TIMINGS, "PostgreSQL cluster: delete --purge-data");
        assertThat(cli.exit()).as(cli.out()).isEqualTo(DsEc2Cli.OK);
        assertThat(c.instances()).as("instances of %s not terminated", c.name).isEmpty();
        assertThat(dsTables(SCHEMA)).isZero();
        assertThat(dsTables("public")).isZero();
        try (Connection k = db(); ResultSet rs = k.createStatement().executeQuery(
                "select count(*) from information_schema.schemata where schema_name = '" + SCHEMA + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the schema itself stays").isEqualTo(1);
        }
    }

    // ---- workflows ---------------------------------------------------------------------------------------------

    long start(long definition) throws Exception {
        return wf.start(definition, "default");
    }

    long start(long definition, String group) throws Exception {
        return wf.start(definition, group);
    }

    long startAndAwait(long definition, Duration timeout) throws Exception {
        return wf.startAndAwait(definition, "default", timeout);
    }

    String awaitTaskRunning(long instance, Duration timeout) throws Exception {
        return wf.awaitTaskRunning(instance, timeout);
    }

    void awaitInstanceDone(long instance, Duration timeout) throws Exception {
        wf.awaitInstanceDone(instance, timeout);
    }

    String addr(String worker) {
        return c.ip(worker) + ":1234";
    }

    // ---- the metadata database, as user ds over TLS, tables through currentSchema --------------------------------

    Connection db() throws Exception {
        return DriverManager.getConnection(c.applied().database().jdbcUrl(), LocalCloud.DB_USER, c.dbPassword);
    }

    long sqlLong(String sql) throws Exception {
        return wf.sqlLong(sql);
    }

    String sqlString(String sql) throws Exception {
        return wf.sqlString(sql);
    }

    long dsTables(String schema) throws Exception {
        return sqlLong("select count(*) from information_schema.tables where table_schema = '" + schema
                + "' and (table_name like 't\\_ds\\_%' or table_name like 'qrtz\\_%')");
    }

    int taskState(long instance) throws Exception {
        return (int) sqlLong("select coalesce(max(state), -1) from t_ds_task_instance where process_instance_id="
                + instance);
    }

    List<Map<String, Object>> tasksOf(long instance) throws Exception {
        return wf.tasksOf(instance);
    }
}
