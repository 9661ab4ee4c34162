package io.dsec2.examples.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.DsCluster;
import io.dsec2.DsClusterHandle;
import io.dsec2.event.ClusterListener;
import io.dsec2.event.TaskEvent;
import io.dsec2.examples.cli.DsEc2Cli;
import io.dsec2.model.ClusterNode;
import io.dsec2.model.DeleteOptions;
import io.dsec2.model.DeleteResult;
import io.dsec2.model.NodeRole;
import io.dsec2.testkit.LocalCloud;
import io.dsec2.testkit.LocalCloudEndpoints;
import io.dsec2.testkit.LocalCloudExtension;
import io.dsec2.testkit.aws.LocalAws;
import io.dsec2.testkit.net.Host;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Issue 4's delete acceptance on the LocalCloud: a keeper cluster is created first and must stay untouched; a
 * second cluster (with an ALB) is deleted by a run that dies when termination starts, then by a re-run that
 * finishes; nothing tagged with its id remains, database and S3 data remain; deleting it again (CLI, with
 * --purge-data against a database and an S3 prefix of its own) drops only DolphinScheduler's tables there and
 * only the objects under that prefix.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeleteClusterIT {
    static final String KEEPER = "del-keeper";
    static final String DOOMED = "del-doomed";
    static final String PURGE_DB = "ds_purge_it";
    static final Path STATE = Path.of("target/it-state-delete");

    /** Stands in for the JVM dying in the middle of a delete: an Error is never caught by the engine. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash(String m) {
            super(m);
        }
    }

    LocalCloud cloud;
    LocalCloudEndpoints e;
    Ec2Client ec2;
    ElasticLoadBalancingV2Client elb;
    S3Client s3;
    String dbPassword;
    DsClusterHandle keeper;
    DsClusterHandle doomed;
    final String s3Key = DOOMED + "-data/default/resources/keep-me.txt";
    /** Shares the text of the cluster's prefix but not the prefix itself: a purge must not touch it. */
    final String s3Neighbour = DOOMED + "-database/notes.txt";

    @BeforeAll
    void setUp(LocalCloud cloud) throws Exception {
        this.cloud = cloud;
        this.e = cloud.endpoints();
        URI aws = URI.create(e.awsEndpoint());
        ec2 = LocalAws.ec2(aws, e.region());
        elb = LocalAws.elbv2(aws, e.region());
        s3 = LocalAws.s3(aws, e.region());
        try (var sm = LocalAws.secretsManager(aws, e.region())) {
            dbPassword = sm.getSecretValue(b -> b.secretId(e.dbSecretId())).secretString();
        }
        if (Files.exists(STATE)) {
            try (var walk = Files.walk(STATE)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(STATE);
    }

    @AfterAll
    void tearDown() {
        for (DsClusterHandle h : new DsClusterHandle[] {keeper, doomed}) {
            if (h != null) {
                h.close();
            }
        }
        for (String c : List.of(KEEPER, DOOMED)) { // safety net if an assertion failed half-way
            List<String> ids = instances(c).stream().map(Instance::instanceId).toList();
            if (!ids.isEmpty()) {
                ec2.terminateInstances(b -> b.instanceIds(ids));
            }
        }
        try (Connection root = rootConnection(); Statement st = root.createStatement()) {
            st.execute("drop database if exists " + PURGE_DB);
        } catch (Exception ex) {
            System.err.println("could not drop " + PURGE_DB + ": " + ex);
        }
        for (String key : List.of(s3Key, s3Neighbour)) {
            s3.deleteObject(b -> b.bucket(e.bucket()).key(key));
        }
        ec2.close();
        elb.close();
        s3.close();
    }

    @Test
    @Order(1)
    void createsTheKeeperAndTheClusterToDelete() {
        CompletableFuture<DsClusterHandle> k = LocalCloudSpecs.builder(e, KEEPER, STATE).masters(1).workers(1).apis(1)
                .alerts(0).build().createAsync();
        CompletableFuture<DsClusterHandle> d = LocalCloudSpecs.builder(e, DOOMED, STATE).masters(1).workers(1).apis(1)
                .alerts(0).loadBalancer(lb -> lb.enabled(true).deregistrationDelay(LocalCloudSpecs.DEREGISTRATION_DELAY))
                .build().createAsync();
        keeper = k.join();
        doomed = d.join();
        assertThat(instances(KEEPER)).hasSize(3);
        assertThat(instances(DOOMED)).hasSize(3);
        assertThat(securityGroups(DOOMED)).isNotEmpty();
        assertThat(elb.describeLoadBalancers().loadBalancers()).anyMatch(lb -> lb.loadBalancerName().equals(DOOMED));
        s3.putObject(b -> b.bucket(e.bucket()).key(s3Key), RequestBody.fromString("resource of " + DOOMED));
        s3.putObject(b -> b.bucket(e.bucket()).key(s3Neighbour), RequestBody.fromString("not the cluster's"));
    }

    @Test
    @Order(2)
    void deletingNeedsAConfirmation() throws Exception {
        assertThatThrownBy(() -> DeleteOptions.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("confirmed(true)");
        Path yaml = STATE.resolve(DOOMED + ".yaml");
        Files.writeString(yaml, LocalCloudSpecs.seedsYaml(e, DOOMED));
        // surefire gives the JVM no console: without --force the CLI refuses and touches nothing
        assertThat(DsEc2Cli.run("delete", "-f", yaml.toString(), "--state-dir", STATE.toString())).isEqualTo(2);
        assertThat(instances(DOOMED)).hasSize(3);
    }

    @Test
    @Order(3)
    void anInterruptedDeleteIsFinishedByARerun() throws Exception {
        long taskId = startTask(doomed, 4000);

        ClusterListener crashOnTerminate = new ClusterListener() {
            @Override
            public void taskStarted(TaskEvent ev) {
                if (ev.stage().equals("terminate")) {
                    throw new SimulatedCrash("process died as termination started");
                }
            }
        };
        DsCluster withCrash = LocalCloudSpecs.builder(e, DOOMED, STATE).masters(1).workers(1).apis(1).alerts(0)
                .loadBalancer(lb -> lb.enabled(true)).addListener(crashOnTerminate).build();
        DeleteOptions drainLong = DeleteOptions.builder().confirmed(true).drainTimeout(Duration.ofSeconds(60)).build();
        assertThatThrownBy(() -> withCrash.delete(drainLong)).isInstanceOf(SimulatedCrash.class);

        // half-way: servers drained and stopped, instances, ALB and groups still there
        assertThat(taskState(taskId)).as("the running task finished during the drain").isEqualTo(7);
        assertThat(instances(DOOMED)).hasSize(3);
        for (ClusterNode n : doomed.nodes()) {
            Host h = cloud.host(n.instanceId()).orElseThrow();
            assertThat(h.exec("ss", "-ltnH", "sport = :" + n.role().httpPort()).stdout().strip()).as(n.nodeId()).isEmpty();
        }
        assertThat(elb.describeLoadBalancers().loadBalancers()).anyMatch(lb -> lb.loadBalancerName().equals(DOOMED));

        DsCluster cluster = LocalCloudSpecs.builder(e, DOOMED, STATE).masters(1).workers(1).apis(1).alerts(0)
                .loadBalancer(lb -> lb.enabled(true)).build();
        DeleteResult r = cluster.delete(DeleteOptions.builder().confirmed(true).build());
        System.out.println("delete re-run: " + r);
        assertThat(r.complete()).isTrue();
        assertThat(r.leftovers()).isEmpty();
        assertThat(r.tasksKilled()).isZero();
        assertThat(r.serversStopped()).isEmpty(); // the first run had stopped them
        assertThat(r.instancesTerminated()).containsExactlyInAnyOrderElementsOf(
                doomed.nodes().stream().map(ClusterNode::instanceId).toList());
        assertNothingTagged(DOOMED);
    }

    @Test
    @Order(4)
    void databaseAndS3DataAreKept() throws Exception {
        try (Connection c = DriverManager.getConnection(e.jdbcUrl(), e.dbUser(), dbPassword);
             ResultSet rs = c.createStatement().executeQuery("select version from t_ds_version")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("3.2.0");
        }
        assertThat(s3.getObjectAsBytes(b -> b.bucket(e.bucket()).key(s3Key)).asUtf8String())
                .isEqualTo("resource of " + DOOMED);
    }

    @Test
    @Order(5)
    void deletingADeletedClusterWithPurgeDataDropsOnlyItsTablesAndObjects() throws Exception {
        // a DBA gives this cluster a database of its own, with DolphinScheduler's tables and one of the user's
        try (Connection root = rootConnection(); Statement s = root.createStatement()) {
            s.execute("create database if not exists " + PURGE_DB);
            s.execute("grant all privileges on " + PURGE_DB + ".* to '" + e.dbUser() + "'@'%'");
            s.execute("create table if not exists " + PURGE_DB + ".t_ds_version (id int primary key, version varchar(20))");
            s.execute("replace into " + PURGE_DB + ".t_ds_version values (1, '3.2.0')");
            s.execute("create table if not exists " + PURGE_DB + ".qrtz_locks (lock_name varchar(40) primary key)");
            s.execute("create table if not exists " + PURGE_DB + ".customer_notes (note varchar(40))");
        }
        Path yaml = STATE.resolve(DOOMED + "-purge.yaml");
        String storage = """
            storage:
              type: S3
              bucket: %s
              prefix: /%s-data
              endpoint: %s
              access_key_id: {env: AWS_ACCESS_KEY_ID}
              secret_access_key: {env: AWS_SECRET_ACCESS_KEY}
            deployment:
            """.formatted(e.bucket(), DOOMED, e.awsEndpoint());
        Files.writeString(yaml, LocalCloudSpecs.seedsYaml(e, DOOMED)
                .replace("  database: dolphinscheduler\n", "  database: " + PURGE_DB + "\n")
                .replace("deployment:\n", storage));
        assertThat(DsEc2Cli.run("delete", "-f", yaml.toString(), "--state-dir", STATE.toString(), "--force",
                "--purge-data", "--drain-timeout", "5s")).isZero();
        assertThat(tables(PURGE_DB)).containsExactly("customer_notes");
        assertThat(tables("dolphinscheduler")).contains("t_ds_version", "t_ds_task_instance");
        assertThat(s3.listObjectsV2(b -> b.bucket(e.bucket()).prefix(DOOMED)).contents())
                .extracting(o -> o.key()).containsExactly(s3Neighbour);
        assertNothingTagged(DOOMED);
    }

    @Test
    @Order(6)
    void theKeeperIsUntouchedAndHealthy() {
        assertThat(instances(KEEPER)).extracting(Instance::instanceId).containsExactlyInAnyOrderElementsOf(
                keeper.nodes().stream().map(ClusterNode::instanceId).toList());
        for (ClusterNode n : keeper.nodes()) {
            Host h = cloud.host(n.instanceId()).orElseThrow();
            String health = h.exec("curl", "-fsS", "http://127.0.0.1:" + n.role().httpPort()
                    + (n.role() == NodeRole.API ? "/dolphinscheduler" : "") + "/actuator/health").stdout();
            assertThat(health).as(n.nodeId()).contains("\"status\":\"UP\"");
        }
        assertThat(securityGroups(KEEPER)).isNotEmpty();
    }

    @Test
    @Order(7)
    void theKeeperIsDeletedLastAndATooShortDrainCountsTheKilledTask() throws Exception {
        long id = startTask(keeper, 60_000);
        DeleteResult r = LocalCloudSpecs.builder(e, KEEPER, STATE).masters(1).workers(1).apis(1).alerts(0).build()
                .delete(DeleteOptions.builder().confirmed(true).drainTimeout(Duration.ZERO).build());
        assertThat(r.serversStopped()).containsExactlyInAnyOrder("worker-1", "api-1", "master-1");
        assertThat(r.instancesTerminated()).hasSize(3);
        assertThat(r.tasksKilled()).isEqualTo(1);
        assertThat(taskState(id)).as("killed by the worker's stop, reported NEED_FAULT_TOLERANCE").isEqualTo(8);
        assertNothingTagged(KEEPER);
    }

    void assertNothingTagged(String cluster) {
        assertThat(instances(cluster)).as("live instances of " + cluster).isEmpty();
        assertThat(securityGroups(cluster)).as("security groups of " + cluster).isEmpty();
        assertThat(elb.describeLoadBalancers().loadBalancers()).noneMatch(lb -> lb.loadBalancerName().equals(cluster));
        assertThat(elb.describeTargetGroups().targetGroups()).noneMatch(t -> t.targetGroupName().equals(cluster + "-api"));
    }

    /** Runs a stand-in task of that length on the cluster's worker (STANDIN.md, tasks). @return its id */
    long startTask(DsClusterHandle h, long durationMs) throws Exception {
        ClusterNode master = node(h, NodeRole.MASTER);
        ClusterNode worker = node(h, NodeRole.WORKER);
        HttpResponse<String> task = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://"
                        + master.privateIp() + ":5679/standin/tasks?worker=" + worker.privateIp() + ":1234&durationMs="
                        + durationMs)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(task.statusCode()).as(task.body()).isEqualTo(200);
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(task.body());
        assertThat(id.find()).as(task.body()).isTrue();
        return Long.parseLong(id.group(1));
    }

    static ClusterNode node(DsClusterHandle h, NodeRole role) {
        return h.nodes().stream().filter(n -> n.role() == role).findFirst().orElseThrow();
    }

    int taskState(long id) throws Exception {
        try (Connection c = DriverManager.getConnection(e.jdbcUrl(), e.dbUser(), dbPassword);
             ResultSet rs = c.createStatement().executeQuery("select state from t_ds_task_instance where id = " + id)) {
            assertThat(rs.next()).isTrue();
            return rs.getInt(1);
        }
    }

    List<String> tables(String db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = rootConnection(); ResultSet rs = c.createStatement().executeQuery(
                "select table_name from information_schema.tables where table_schema = '" + db + "' order by 1")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** The LocalCloud's MariaDB lets root in without a password from its own bind address, as a local DBA. */
    Connection rootConnection() throws Exception {
        Matcher m = Pattern.compile("jdbc:mysql://([^:/]+):(\\d+)/").matcher(e.jdbcUrl());
        assertThat(m.find()).isTrue();
        return DriverManager.getConnection("jdbc:mysql://" + m.group(1) + ":" + m.group(2) + "/?user=root");
    }

    List<Instance> instances(String cluster) {
        Filter tag = Filter.builder().name("tag:ds-ec2:cluster").values(cluster).build();
        Filter live = Filter.builder().name("instance-state-name").values("pending", "running", "stopping", "stopped").build();
        return ec2.describeInstances(b -> b.filters(tag, live)).reservations().stream()
                .flatMap(r -> r.instances().stream()).toList();
    }

    List<String> securityGroups(String cluster) {
        Filter tag = Filter.builder().name("tag:ds-ec2:cluster").values(cluster).build();
        return ec2.describeSecurityGroups(b -> b.filters(tag)).securityGroups().stream().map(g -> g.groupId()).toList();
    }
}
