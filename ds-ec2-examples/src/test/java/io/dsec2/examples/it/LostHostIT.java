package io.dsec2.examples.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dsec2.DsCluster;
import io.dsec2.DsClusterHandle;
import io.dsec2.event.ClusterListener;
import io.dsec2.event.TaskEvent;
import io.dsec2.exception.DsEc2Exception;
import io.dsec2.model.ClusterStatus;
import io.dsec2.model.NodeRole;
import io.dsec2.model.NodeStatus;
import io.dsec2.model.RollingPolicy;
import io.dsec2.model.RolloutResult;
import io.dsec2.model.ScaleOptions;
import io.dsec2.model.ScaleResult;
import io.dsec2.spi.ClusterTags;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * Issue 16's lost hosts, on the stand-in (1 master, 2 workers, 1 api, 1 alert; its own database and registry
 * namespace): a worker cut off the network in the middle of a rolling restart, a worker's instance terminated behind
 * ds-ec2's back in the middle of a scale-out, and a scale-in of a worker that is down. Each operation fails naming
 * the step and the node (and, where it can resume, says that running it again does), {@code status} tells the
 * truth meanwhile, and the next run repairs the cluster: the rollout resumes, the terminated instance is replaced,
 * the down worker is removed without being counted as drained.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LostHostIT {
    static final Path STATE = Path.of("target/it-state-lost");

    LocalCloud cloud;
    LocalCloudEndpoints e;
    Ec2Client ec2;
    String name;
    String database;
    String dbPassword;
    final List<ClusterListener> listeners = new ArrayList<>();

    @BeforeAll
    void setUp(LocalCloud cloud) throws Exception {
        this.cloud = cloud;
        e = cloud.endpoints();
        ec2 = LocalAws.ec2(URI.create(e.awsEndpoint()), e.region());
        if (Files.exists(STATE)) {
            try (var walk = Files.walk(STATE)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        name = "lost-" + suffix;
        database = "ds_lost_" + suffix;
        cloud.createDatabase(database);
        try (var sm = LocalAws.secretsManager(URI.create(e.awsEndpoint()), e.region())) {
            dbPassword = sm.getSecretValue(b -> b.secretId(e.dbSecretId())).secretString();
        }
        try (DsClusterHandle h = cluster().create()) {
            assertThat(h.nodes()).hasSize(5);
        }
    }

    @AfterAll
    void tearDown() {
        try {
            cloud.hosts().stream().filter(Host::isCut).forEach(Host::restore);
            List<String> ids = instances().stream().map(Instance::instanceId).toList();
            if (!ids.isEmpty()) {
                ec2.terminateInstances(b -> b.instanceIds(ids));
            }
        } finally {
            ec2.close();
        }
    }

    /** The cluster as its operator builds it, with the test's listeners of the moment. */
    DsCluster cluster() {
        DsCluster.Builder b = LocalCloudSpecs.builder(e, name, STATE).masters(1).workers(2).apis(1).alerts(1)
                .database(d -> d.database(database)).registry(r -> r.namespace(name));
        listeners.forEach(b::addListener);
        return b.build();
    }

    /** A listener that runs {@code action} once, when the task {@code taskId} fires {@code kind}. */
    ClusterListener once(String kind, String taskId, Consumer<TaskEvent> action) {
        AtomicBoolean done = new AtomicBoolean();
        return new ClusterListener() {
            @Override
            public void taskStarted(TaskEvent ev) {
                fire("started", ev);
            }

            @Override
            public void taskSucceeded(TaskEvent ev) {
                fire("succeeded", ev);
            }

            private void fire(String k, TaskEvent ev) {
                if (k.equals(kind) && ev.taskId().equals(taskId) && done.compareAndSet(false, true)) {
                    action.accept(ev);
                }
            }
        };
    }

    @Test
    @Order(1)
    void aWorkerCutOffDuringARollingRestartFailsNamedAndTheNextRunResumes() throws Exception {
        RollingPolicy policy = RollingPolicy.builder().batchSize(1).monitorWindow(Duration.ofSeconds(1))
                .healthTimeout(Duration.ofMinutes(1)).drainTimeout(Duration.ofSeconds(10)).build();
        listeners.add(once("succeeded", "roll/worker-1", ev -> host("worker-2").cut()));
        DsEc2Exception failure = catchThrowableOfType(() -> cluster().restart(NodeRole.WORKER, policy),
                DsEc2Exception.class);
        listeners.clear();
        assertThat(failure).as("the restart fails").isNotNull();
        assertThat(failure.getMessage()).as("names the step and the node, and says a re-run resumes")
                .contains("worker-2").contains("again to resume");

        ClusterStatus during = cluster().status();
        assertThat(during.verdict()).as("%s", during).isEqualTo(ClusterStatus.Verdict.DEGRADED);
        assertThat(node(during, "worker-2").reasons()).as("%s", during).anyMatch(r -> r.contains("ssh unreachable"));

        host("worker-2").restore();
        RolloutResult again = cluster().restart(NodeRole.WORKER, policy);
        assertThat(again.outcome()).as("%s", again).isEqualTo(RolloutResult.Outcome.COMPLETED);
        assertThat(again.resumed()).as("%s", again).isTrue();
        assertThat(again.restarted()).as("worker-1 was restarted by the first run already: %s", again)
                .containsExactly("worker-2");
        awaitHealthy();
    }

    @Test
    @Order(2)
    void aWorkerTerminatedDuringScaleOutIsReplacedByTheNextRun() throws Exception {
        List<String> terminated = new ArrayList<>();
        listeners.add(once("started", "package/worker-3", ev -> {
            String id = instance("worker-3").instanceId();
            ec2.terminateInstances(b -> b.instanceIds(id));
            terminated.add(id);
        }));
        DsEc2Exception failure = catchThrowableOfType(() -> cluster().scale(NodeRole.WORKER, 3),
                DsEc2Exception.class);
        listeners.clear();
        assertThat(terminated).hasSize(1);
        assertThat(failure).as("the scale-out fails").isNotNull();
        assertThat(failure.getMessage()).as("names the node").contains("worker-3");

        ScaleResult r = cluster().scale(NodeRole.WORKER, 3);
        assertThat(r.count()).isEqualTo(3);
        Instance replaced = instance("worker-3");
        assertThat(replaced.instanceId()).as("a new instance for worker-3").isNotEqualTo(terminated.get(0));
        assertThat(instances().stream().map(i -> tag(i, ClusterTags.NODE)).toList()).as("no duplicate, no orphan")
                .containsExactlyInAnyOrder("master-1", "worker-1", "worker-2", "worker-3", "api-1", "alert-1");
        awaitHealthy();
    }

    @Test
    @Order(3)
    void aDownWorkerIsNotCountedAsDrainedAndGoesOnlyWithoutADrain() throws Exception {
        long task = startTask("worker-3", 120_000);
        host("worker-3").cut();
        long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        ClusterStatus during = cluster().status();
        while (node(during, "worker-3").reasons().stream().noneMatch(r -> r.contains("not registered"))
                && System.nanoTime() < end) {
            Thread.sleep(2000);
            during = cluster().status();
        }
        assertThat(during.verdict()).as("%s", during).isEqualTo(ClusterStatus.Verdict.DEGRADED);
        assertThat(node(during, "worker-3").reasons()).as("status names the down worker: %s", during)
                .anyMatch(r -> r.contains("ssh unreachable")).anyMatch(r -> r.contains("not registered"));

        DsEc2Exception refused = catchThrowableOfType(() -> cluster().scale(NodeRole.WORKER, 2,
                ScaleOptions.builder().drainTimeout(Duration.ofSeconds(30)).build()), DsEc2Exception.class);
        assertThat(refused).as("a drain of a down worker is refused").isNotNull();
        assertThat(refused.getMessage()).contains("drain/worker-3", "not registered", "--drain-timeout 0");

        ScaleResult r = cluster().scale(NodeRole.WORKER, 2, ScaleOptions.builder().drainTimeout(Duration.ZERO).build());
        assertThat(r.removed()).containsExactly("worker-3");
        assertThat(r.tasksFinished()).as("a down worker's task did not finish: %s", r).isZero();
        assertThat(taskState(task)).as("its masters failed the task over when the worker's session expired")
                .isEqualTo(8);
        assertThat(r.tasksKilled()).as("failed over before the scale-in began, not by it: %s", r).isZero();
        assertThat(r.warnings()).as("%s", r).anyMatch(w -> w.startsWith("worker-3 was down"));
        assertThat(instances().stream().map(i -> tag(i, ClusterTags.NODE)).toList())
                .containsExactlyInAnyOrder("master-1", "worker-1", "worker-2", "api-1", "alert-1");
        awaitHealthy();
    }

    // ---- helpers

    void awaitHealthy() throws Exception {
        long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        ClusterStatus s = cluster().status();
        while (s.verdict() != ClusterStatus.Verdict.HEALTHY && System.nanoTime() < end) {
            Thread.sleep(1000);
            s = cluster().status();
        }
        assertThat(s.verdict()).as("%s", s).isEqualTo(ClusterStatus.Verdict.HEALTHY);
    }

    static NodeStatus node(ClusterStatus s, String nodeId) {
        return s.nodes().stream().filter(n -> n.nodeId().equals(nodeId)).findFirst()
                .orElseThrow(() -> new AssertionError(nodeId + " not in " + s));
    }

    long startTask(String worker, long durationMs) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://"
                        + instance("master-1").privateIpAddress() + ":5679/standin/tasks?worker="
                        + instance(worker).privateIpAddress() + ":1234&durationMs=" + durationMs))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(r.body());
        assertThat(m.find()).as(r.body()).isTrue();
        return Long.parseLong(m.group(1));
    }

    int taskState(long id) throws Exception {
        String url = e.jdbcUrl().replaceFirst("/[^/?]*(\\?|$)", "/" + database + "$1");
        try (Connection c = DriverManager.getConnection(url, e.dbUser(), dbPassword);
                ResultSet rs = c.createStatement().executeQuery("select state from t_ds_task_instance where id="
                        + id)) {
            assertThat(rs.next()).as("task instance %d", id).isTrue();
            return rs.getInt(1);
        }
    }

    Host host(String nodeId) {
        return cloud.host(instance(nodeId).instanceId()).orElseThrow();
    }

    Instance instance(String nodeId) {
        return instances().stream().filter(i -> tag(i, ClusterTags.NODE).equals(nodeId)).findFirst()
                .orElseThrow(() -> new AssertionError("no running instance for " + nodeId));
    }

    List<Instance> instances() {
        List<Instance> out = new ArrayList<>();
        ec2.describeInstances(b -> b.filters(Filter.builder().name("tag:" + ClusterTags.CLUSTER).values(name).build(),
                Filter.builder().name("instance-state-name").values("pending", "running", "stopping", "stopped")
                        .build())).reservations().forEach(r -> out.addAll(r.instances()));
        return out;
    }

    static String tag(Instance i, String key) {
        return i.tags().stream().filter(t -> t.key().equals(key)).map(t -> t.value()).findFirst().orElse("");
    }
}
