package io.dsec2.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.examples.cli.DsEc2Cli;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.ClusterStatus;
import io.dsec2.model.NodeRole;
import io.dsec2.model.RollingPolicy;
import io.dsec2.model.RolloutResult;
import io.dsec2.model.UpdateOptions;
import io.dsec2.testkit.LocalCloudExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real DolphinScheduler 3.2.0 distribution, end to end, on one shared cluster of 2 masters, 2 workers, 1 api
 * (ALB) and 1 alert ({@link RealClusterExtension}): create with the real {@code upgrade-schema.sh}; workflows through
 * the REST API; workers rolled, reconfigured and scaled in under running workflows with no task killed and the
 * worker groups left able to schedule on every worker; masters rolled with a master always registered; the api
 * rolled behind the ALB without a failed request; delete with {@code --purge-data}. Stage times go to
 * {@code target/real-ds-timings.txt}.
 */
@ExtendWith({LocalCloudExtension.class, RealClusterExtension.class, StandInClusterExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealDsClusterIT {
    static final Path TIMINGS = Path.of("target/real-ds-timings.txt");
    static final int SUCCESS = Workflows.SUCCESS;
    RollingCluster c;
    DsRest rest;
    long project;
    long echo;
    Workflows wf;

    @BeforeAll
    void setUp(RollingCluster c) throws Exception {
        this.c = c;
        c.timings.report(TIMINGS, "create (" + String.format("%.1f", c.createSeconds) + " s wall)");
        rest = new DsRest(c.ip("api-1"));
        rest.login();
        project = rest.createProject("dsec2-" + c.name);
        wf = new Workflows(rest, project, this::db);
        echo = rest.createShellWorkflow(project, "echo", "echo hello from $(hostname -I)", "default");
    }

    @BeforeEach
    void healthy() throws Exception {
        c.awaitHealthy(Duration.ofMinutes(4));
    }

    static RollingPolicy policy() {
        return RollingPolicy.builder().batchSize(1).monitorWindow(Duration.ofSeconds(2))
                .healthTimeout(Duration.ofMinutes(4)).drainTimeout(Duration.ofMinutes(5)).build();
    }

    String[] cliArgs(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("-f", c.yaml.toString(), "--state-dir", c.state.toString()));
        return all.toArray(String[]::new);
    }

    @Test
    @Order(1)
    void createRanTheRealSchemaAndEveryServerIsUpAndRegistered() throws Exception {
        assertThat(sqlString("select version from t_ds_version")).isEqualTo("3.2.0");
        assertThat(sqlLong("select count(*) from information_schema.tables where table_schema=database()"
                + " and table_name like 't\\_ds\\_%'")).as("t_ds_* tables of the real schema").isGreaterThan(40);
        assertThat(c.problems(c.targetGroupArn())).isEmpty();
        assertThat(c.registered(NodeRole.MASTER)).containsExactly("master-1", "master-2");
        assertThat(c.registered(NodeRole.WORKER)).containsExactly("worker-1", "worker-2");
        assertThat(c.host("worker-1").exec("test", "-f", c.applied().deployment().installPath()
                + "/tools/libs/mysql-connector-j-8.0.33.jar").ok()).as("MySQL driver in tools/libs").isTrue();
        assertThat(rest.login()).as("admin login").isNotBlank();
        ClusterStatus s = c.cluster().status();
        assertThat(s.verdict()).as("%s", s.reasons()).isEqualTo(ClusterStatus.Verdict.HEALTHY);
    }

    @Test
    @Order(2)
    void aShellWorkflowStartedThroughTheRestApiSucceedsWithARealPid() throws Exception {
        long instance = startAndAwait(echo, "default", Duration.ofMinutes(3));
        List<Map<String, Object>> tasks = tasksOf(instance);
        assertThat(tasks).hasSize(1);
        assertThat(tasks.get(0).get("state")).isEqualTo(SUCCESS);
        assertThat((Integer) tasks.get(0).get("pid")).as("the task's pid").isGreaterThan(0);
        assertThat((String) tasks.get(0).get("host")).isIn(addr("worker-1"), addr("worker-2"));
    }

    @Test
    @Order(3)
    void rollingTheWorkersUnderALongTaskKillsNothingAndBothWorkersScheduleAfterwards() throws Exception {
        long sleep = rest.createShellWorkflow(project, "sleep60", "sleep 60; echo slept", "default");
        long instance = start(sleep, "default");
        String host = awaitTaskRunning(instance, Duration.ofMinutes(2));
        Map<String, String> before = c.startMarkers();
        RollingCluster.Cli cli = RollingCluster.cli(cliArgs("restart", "--role", "worker", "--batch-size", "1",
                "--monitor", "2s", "--health-timeout", "4m", "--drain-timeout", "5m"));
        c.timings.report(TIMINGS, "restart --role worker (task on " + host + ")");
        assertThat(cli.exit()).as(cli.out()).isEqualTo(DsEc2Cli.OK);
        awaitInstanceDone(instance, Duration.ofMinutes(3));
        assertThat(instanceState(instance)).isEqualTo(SUCCESS);
        assertThat(tasksOf(instance)).as("one task instance, not killed and re-run").hasSize(1)
                .allSatisfy(t -> assertThat(t.get("state")).isEqualTo(SUCCESS));
        Map<String, String> after = c.startMarkers();
        for (String w : c.roleNodes(NodeRole.WORKER)) {
            assertThat(after.get(w)).as("%s restarted", w).isNotEqualTo(before.get(w));
        }
        assertSchedulesOn(Set.of("worker-1", "worker-2"));
    }

    @Test
    @Order(4)
    void aConfigUpdateThatRestartsTheWorkersKeepsThemSchedulingAndTheNewValueIsLive() throws Exception {
        long sleep = rest.createShellWorkflow(project, "sleep40", "sleep 40; echo slept", "default");
        long instance = start(sleep, "default");
        awaitTaskRunning(instance, Duration.ofMinutes(2));
        ClusterSpec desired = c.applied().copy(b -> b.workers(w -> w.putConfig("worker.exec-threads", "42")));
        RolloutResult r = c.cluster(desired).update(desired, UpdateOptions.builder().note("real-it: exec-threads 42")
                .policy(policy()).build());
        c.timings.report(TIMINGS, "config update worker.exec-threads");
        c.applied(desired);
        assertThat(r.outcome()).as("%s", r).isEqualTo(RolloutResult.Outcome.COMPLETED);
        assertThat(r.restarted()).containsExactlyInAnyOrder("worker-1", "worker-2");
        for (String w : List.of("worker-1", "worker-2")) {
            String log = c.host(w).exec("sh", "-c", "grep -h 'Worker config: execThreads' "
                    + c.applied().deployment().installPath() + "/worker-server/logs/*.log | tail -n 1").stdout();
            assertThat(log).as("%s startup log", w).contains("execThreads -> 42");
        }
        awaitInstanceDone(instance, Duration.ofMinutes(3));
        assertThat(tasksOf(instance)).hasSize(1).allSatisfy(t -> assertThat(t.get("state")).isEqualTo(SUCCESS));
        assertSchedulesOn(Set.of("worker-1", "worker-2"));
    }

    @Test
    @Order(5)
    void scalingWorkersOutAndInUnderATaskOnTheLeavingWorker() throws Exception {
        RollingCluster.Cli out = RollingCluster.cli(cliArgs("scale", "--role", "worker", "--count", "3"));
        c.timings.report(TIMINGS, "scale --role worker --count 3");
        assertThat(out.exit()).as(out.out()).isEqualTo(DsEc2Cli.OK);
        String w3 = c.ec2.describeInstances(b -> b.filters(
                        f -> f.name("tag:ds-ec2:cluster").values(c.name), f -> f.name("tag:ds-ec2:node").values("worker-3"),
                        f -> f.name("instance-state-name").values("running")))
                .reservations().get(0).instances().get(0).privateIpAddress() + ":1234";
        awaitRegistered(w3, Duration.ofMinutes(2));
        // the operator's own group, holding only the newest worker while the task starts
        assertThat(rest.saveWorkerGroup(0, "leaver", w3)).isZero();
        long sleep = rest.createShellWorkflow(project, "sleep45", "sleep 45; echo slept", "leaver");
        Thread.sleep(12_000); // the masters load the new group
        long instance = start(sleep, "leaver");
        assertThat(awaitTaskRunning(instance, Duration.ofMinutes(2))).isEqualTo(w3);
        long leaverId = groupId("leaver");
        assertThat(rest.saveWorkerGroup(leaverId, "leaver", w3 + "," + addr("worker-1"))).isZero();

        RollingCluster.Cli in = RollingCluster.cli(cliArgs("scale", "--role", "worker", "--count", "2",
                "--drain-timeout", "5m"));
        c.timings.report(TIMINGS, "scale --role worker --count 2 (task on the leaving worker)");
        assertThat(in.exit()).as(in.out()).isEqualTo(DsEc2Cli.OK);
        awaitInstanceDone(instance, Duration.ofMinutes(2));
        assertThat(tasksOf(instance)).hasSize(1).allSatisfy(t -> assertThat(t.get("state")).isEqualTo(SUCCESS));
        assertThat(groups().get("leaver")).as("the operator's group keeps its remaining member")
                .containsExactly(addr("worker-1"));
        assertSchedulesOn(Set.of("worker-1", "worker-2"));
    }

    @Test
    @Order(6)
    void rollingTheMastersUnderAWorkflowKeepsAMasterRegisteredAndTheWorkflowSucceeds() throws Exception {
        long sleep = rest.createShellWorkflow(project, "sleep30", "sleep 30; echo slept", "default");
        long instance = start(sleep, "default");
        awaitTaskRunning(instance, Duration.ofMinutes(2));
        RolloutResult r;
        MasterRegistryWatch watch = new MasterRegistryWatch(c);
        try {
            r = c.cluster().restart(NodeRole.MASTER, policy());
        } finally {
            watch.close();
        }
        c.timings.report(TIMINGS, "restart --role master");
        assertThat(r.outcome()).as("%s", r).isEqualTo(RolloutResult.Outcome.COMPLETED);
        assertThat(r.restarted()).containsExactlyInAnyOrder("master-1", "master-2");
        assertThat(watch.errors()).isEmpty();
        assertThat(watch.everAbsent()).containsExactlyInAnyOrder("master-1", "master-2");
        assertThat(watch.momentsWithoutMaster()).as("moments with no master registered").isEmpty();
        awaitInstanceDone(instance, Duration.ofMinutes(4));
        assertThat(instanceState(instance)).isEqualTo(SUCCESS);
    }

    @Test
    @Order(7)
    void rollingTheApiBehindTheAlbLosesNoRequestOfAClientFollowingTargetHealth() throws Exception {
        RolloutResult r;
        BalancedClient client = new BalancedClient(c);
        try {
            Thread.sleep(1_000);
            r = c.cluster().restart(NodeRole.API, policy());
            Thread.sleep(1_000);
        } finally {
            client.close();
        }
        c.timings.report(TIMINGS, "restart --role api");
        assertThat(r.outcome()).as("%s", r).isEqualTo(RolloutResult.Outcome.COMPLETED);
        assertThat(client.failures()).as("failed requests (of %d)", client.sent()).isEmpty();
        assertThat(client.sent()).as("requests sent").isGreaterThan(100);
        rest = new DsRest(c.ip("api-1"));
        rest.login();
        wf = new Workflows(rest, project, this::db);
        assertThat(startAndAwait(echo, "default", Duration.ofMinutes(3))).isPositive();
    }

    @Test
    @Order(50)
    void theStandInKeepsTheRealDistributionsContracts(StandInClusterExtension.StandIn standIn) throws Exception {
        Map<String, String> real = new DsContract(c, realJdbcUrl()).observe();
        Map<String, String> stand = new DsContract(standIn.cluster(), standIn.cluster().jdbcUrl).observe();
        c.timings.report(TIMINGS, "contract probes");
        assertThat(real).as("the real distribution's answers").containsEntry("worker-group.delete.running-process-instance",
                "10145").containsEntry("worker-group.delete.dependent-task", "1401000")
                .containsEntry("worker-group.save.unregistered-address", "10177").containsEntry("login.admin", "0")
                .containsEntry("daemon.start.then-healthy-and-registered", "true")
                .containsEntry("start-sh.without-mysql-driver", "exit=1, names the driver: true");
        assertThat(stand).as("the stand-in's answers, probe by probe").isEqualTo(real);
    }

    /**
     * The admin user's public default password replaced by one from a secret reference, through a configuration
     * update on the real distribution: DS logs in with the new one only, nothing restarts, and ds-ec2's own logins
     * (status reads the worker groups through the REST API) use it.
     */
    @Test
    @Order(60)
    void anAdminPasswordFromASecretReferenceReplacesThePublicDefaultWithoutARestart() throws Exception {
        String password = "real-Adm1n'$x!" + c.name;
        Path file = c.state.resolve("admin-password");
        java.nio.file.Files.writeString(file, password);
        Map<String, String> markers = c.startMarkers();
        // what the nodes run (test 4's update); the CLI's scale in test 5 recorded the YAML file's spec as the newest
        // version, so the plan also lists the keys where the two differ
        ClusterSpec withPassword = c.applied().copy(b -> b.adminPassword(io.dsec2.model.Secret.fromFile(file)));

        io.dsec2.model.ChangeSet plan = c.cluster().planUpdate(withPassword);
        assertThat(plan.changes()).filteredOn(ch -> ch.key().equals("service_config.api.admin_password"))
                .singleElement().satisfies(ch -> assertThat(ch.policy()).isEqualTo(io.dsec2.model.UpdatePolicy.NONE));
        RolloutResult r = c.cluster(withPassword).update(withPassword, UpdateOptions.builder()
                .note("real-it: admin password").policy(policy()).build());
        c.applied(withPassword);

        assertThat(r.restarted()).isEmpty();
        DsRest fresh = new DsRest(c.ip("api-1"));
        assertThat(fresh.loginCode(password)).as("the new password").isZero();
        assertThat(fresh.loginCode(DsRest.ADMIN_PASSWORD)).as("the public default").isNotZero();
        ClusterStatus s = c.cluster().status();
        assertThat(s.verdict()).as("%s", s.reasons()).isEqualTo(ClusterStatus.Verdict.HEALTHY);
        assertThat(c.startMarkers()).as("no server restarted").isEqualTo(markers);
    }

    @Test
    @Order(100)
    void deleteWithPurgeDataLeavesNothingTaggedAndNoTable() throws Exception {
        RollingCluster.Cli cli = RollingCluster.cli(cliArgs("delete", "--force", "--purge-data"));
        c.timings.report(TIMINGS, "delete --purge-data");
        assertThat(cli.exit()).as(cli.out()).isEqualTo(DsEc2Cli.OK);
        assertThat(c.instances()).as("instances tagged ds-ec2:cluster=%s, not terminated", c.name).isEmpty();
        assertThat(c.elb.describeLoadBalancers().loadBalancers()).noneMatch(lb -> lb.loadBalancerName().startsWith(c.name));
        assertThat(sqlLong("select count(*) from information_schema.tables where table_schema=database()"
                + " and (table_name like 't\\_ds\\_%' or table_name like 'qrtz\\_%')")).isZero();
    }

    // ---- workflows (through Workflows) -------------------------------------------------------------------------

    long start(long definition, String group) throws Exception {
        return wf.start(definition, group);
    }

    long startAndAwait(long definition, String group, Duration timeout) throws Exception {
        return wf.startAndAwait(definition, group, timeout);
    }

    String awaitTaskRunning(long instance, Duration timeout) throws Exception {
        return wf.awaitTaskRunning(instance, timeout);
    }

    void awaitInstanceDone(long instance, Duration timeout) throws Exception {
        wf.awaitInstanceDone(instance, timeout);
    }

    int instanceState(long id) throws Exception {
        return wf.instanceState(id);
    }

    List<Map<String, Object>> tasksOf(long instance) throws Exception {
        return wf.tasksOf(instance);
    }

    /** Runs the echo workflow until each of these workers ran one (at most 12 runs, 3 at a time). */
    void assertSchedulesOn(Set<String> workers) throws Exception {
        Set<String> want = new TreeSet<>();
        workers.forEach(w -> want.add(addr(w)));
        Set<String> seen = new TreeSet<>();
        for (int round = 0; round < 4 && !seen.containsAll(want); round++) {
            List<Long> ids = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                ids.add(start(echo, "default"));
            }
            for (long id : ids) {
                awaitInstanceDone(id, Duration.ofMinutes(2));
                assertThat(instanceState(id)).as("process instance %d, tasks %s, groups %s", id, tasksOf(id), groups())
                        .isEqualTo(SUCCESS);
                tasksOf(id).forEach(t -> seen.add((String) t.get("host")));
            }
        }
        assertThat(seen).as("workers that ran a workflow (groups %s)", groups()).containsAll(want);
        Map<String, List<String>> groups = groups();
        if (groups.containsKey("default")) {
            assertThat(groups.get("default")).as("the explicit default row").containsExactlyInAnyOrderElementsOf(want);
        }
        ClusterStatus s = c.cluster().status();
        assertThat(s.verdict()).as("%s", s.reasons()).isEqualTo(ClusterStatus.Verdict.HEALTHY);
    }

    void awaitRegistered(String address, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (c.zk.checkExists().forPath(c.registryDir(NodeRole.WORKER) + "/" + address) != null) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(address + " not registered within " + timeout);
    }

    String addr(String worker) {
        return c.ip(worker) + ":1234";
    }

    // ---- the metadata database ---------------------------------------------------------------------------------

    String realJdbcUrl() {
        return c.jdbcUrl;
    }

    Connection db() throws Exception {
        return DriverManager.getConnection(realJdbcUrl(), c.e.dbUser(), c.dbPassword);
    }

    long sqlLong(String sql) throws Exception {
        return wf.sqlLong(sql);
    }

    String sqlString(String sql) throws Exception {
        return wf.sqlString(sql);
    }

    Map<String, List<String>> groups() throws Exception {
        Map<String, List<String>> out = new TreeMap<>();
        try (Connection k = db(); ResultSet rs = k.createStatement().executeQuery(
                "select name, addr_list from t_ds_worker_group")) {
            while (rs.next()) {
                String a = rs.getString(2) == null ? "" : rs.getString(2);
                out.put(rs.getString(1), Arrays.stream(a.split(",")).map(String::trim).filter(x -> !x.isEmpty())
                        .toList());
            }
        }
        return out;
    }

    long groupId(String name) throws Exception {
        try (Connection k = db(); PreparedStatement ps = k.prepareStatement(
                "select id from t_ds_worker_group where name=?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("row %s", name).isTrue();
                return rs.getLong(1);
            }
        }
    }
}
