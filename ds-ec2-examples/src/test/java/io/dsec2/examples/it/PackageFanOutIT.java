package io.dsec2.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.DsCluster;
import io.dsec2.DsClusterHandle;
import io.dsec2.event.ClusterListener;
import io.dsec2.event.StageEvent;
import io.dsec2.event.TaskEvent;
import io.dsec2.model.ClusterNode;
import io.dsec2.model.DeploymentSpec;
import io.dsec2.spi.ExecRequest;
import io.dsec2.spi.ExecResult;
import io.dsec2.spi.RemoteExecutor;
import io.dsec2.spi.RemoteHost;
import io.dsec2.spi.UploadRequest;
import io.dsec2.spi.UploadResult;
import io.dsec2.ssh.SshjRemoteExecutor;
import io.dsec2.testkit.LocalCloud;
import io.dsec2.testkit.LocalCloudEndpoints;
import io.dsec2.testkit.LocalCloudExtension;
import io.dsec2.testkit.aws.LocalAws;
import io.dsec2.testkit.net.Host;
import io.dsec2.testkit.standin.StandInDistribution;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
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
 * {@code deployment.package_file} on the LocalCloud: a 1/2/1/0 cluster is created from a local stand-in tarball
 * (padded to 64 MiB); the client uploads it once, to master-1, and the other nodes pull it from master-1's port
 * 18080; a second create uploads nothing. The remote executor is the SSH one, wrapped by the test to count what the
 * client sends, as a user auditing transfers would.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackageFanOutIT {
    static final String NAME = "fanout";
    static final Path STATE = Path.of("target/it-state-fanout");
    static final long PADDING = 64L << 20;

    LocalCloud cloud;
    LocalCloudEndpoints e;
    Ec2Client ec2;
    Path tarball;
    String sha512;
    SshjRemoteExecutor ssh;
    final List<UploadRequest> fileUploads = new CopyOnWriteArrayList<>();
    final AtomicLong bytesUploaded = new AtomicLong();
    final Map<String, Duration> stageDurations = new ConcurrentHashMap<>();
    final List<String> skipped = new CopyOnWriteArrayList<>();
    final Map<String, Duration> packageTasks = new ConcurrentHashMap<>();
    DsClusterHandle handle;

    @BeforeAll
    void setUp(LocalCloud cloud) throws Exception {
        this.cloud = cloud;
        this.e = cloud.endpoints();
        ec2 = LocalAws.ec2(URI.create(e.awsEndpoint()), e.region());
        tarball = StandInDistribution.build(Path.of("target/fanout-package"), PADDING);
        sha512 = StandInDistribution.sha512Hex(tarball);
        // each LocalCloud is new, with new host keys: known_hosts pinned by an earlier run would refuse them
        if (Files.exists(STATE)) {
            try (var paths = Files.walk(STATE)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(STATE);
        ssh = SshjRemoteExecutor.builder().privateKeyFile(Path.of(e.privateKeyFile()))
                .knownHostsFile(STATE.resolve(NAME).resolve("known_hosts")).build();
    }

    @AfterAll
    void tearDown() {
        try {
            if (handle != null) {
                handle.close();
            }
            List<String> ids = clusterInstances().stream().map(Instance::instanceId).toList();
            if (!ids.isEmpty()) {
                ec2.terminateInstances(b -> b.instanceIds(ids));
            }
        } finally {
            ssh.close();
            ec2.close();
        }
    }

    /** The SSH executor, counting uploads of local files and every byte the client sends. */
    RemoteExecutor counting() {
        return new RemoteExecutor() {
            @Override
            public ExecResult execute(ExecRequest request) {
                return ssh.execute(request);
            }

            @Override
            public UploadResult upload(UploadRequest request) {
                if (request.localFile().isPresent()) {
                    fileUploads.add(request);
                }
                UploadResult r = ssh.upload(request);
                bytesUploaded.addAndGet(r.bytes());
                return r;
            }

            @Override
            public void awaitReachable(RemoteHost host, Duration timeout) {
                ssh.awaitReachable(host, timeout);
            }

            @Override
            public void close() {
            }
        };
    }

    ClusterListener timings() {
        return new ClusterListener() {
            @Override
            public void stageSucceeded(StageEvent ev) {
                stageDurations.put(ev.stage(), ev.duration());
            }

            @Override
            public void taskSucceeded(TaskEvent ev) {
                if (ev.stage().equals("package")) {
                    packageTasks.put(ev.nodeId().orElseThrow(), ev.duration());
                }
            }

            @Override
            public void taskSkipped(TaskEvent ev) {
                skipped.add(ev.taskId());
            }

            @Override
            public void transferProgress(io.dsec2.event.TransferEvent ev) {
                transfers.add(ev);
            }
        };
    }

    final List<io.dsec2.event.TransferEvent> transfers = new java.util.concurrent.CopyOnWriteArrayList<>();

    DsCluster cluster() {
        return LocalCloudSpecs.builder(e, NAME, STATE).masters(1).workers(2).apis(1).alerts(0)
                .loadBalancer(lb -> lb.enabled(false))
                // the file wins over the URL: nothing listens at this one
                .deployment(d -> d.packageFile(tarball).packageSha512("")
                        .packageUrl(URI.create("http://127.0.0.1:9/not-used.tar.gz")))
                .remoteExecutor(counting()).addListener(timings()).build();
    }

    @Test
    @Order(1)
    void theClientUploadsThePackageOnceAndTheOtherNodesPullItFromTheSeed() throws Exception {
        long size = Files.size(tarball);
        DsCluster cluster = cluster();
        assertThat(cluster.plan()).contains("package-seed, package, package-serve-stop").contains(tarball.toString());
        handle = cluster.create();

        List<ClusterNode> nodes = handle.nodes();
        assertThat(nodes).extracting(ClusterNode::nodeId).containsExactly("master-1", "worker-1", "worker-2", "api-1");
        assertThat(nodes).allMatch(n -> n.health().equals("UP"));
        ClusterNode seed = nodes.get(0);

        String cached = "/opt/ds-ec2/cache/" + StandInDistribution.TARBALL;
        assertThat(fileUploads).hasSize(1);
        assertThat(fileUploads.get(0).host().address()).isEqualTo(seed.privateIp());
        assertThat(fileUploads.get(0).remotePath()).isEqualTo(cached);
        assertThat(bytesUploaded.get()).as("the package once plus small config files")
                .isGreaterThanOrEqualTo(size).isLessThan(size + size / 4);

        String log = host(seed).exec("cat", "/opt/ds-ec2/fanout/http.log").stdout();
        for (ClusterNode n : nodes) {
            Host h = host(n);
            assertThat(h.exec("sha512sum", cached).stdout()).as(n.nodeId()).startsWith(sha512);
            assertThat(h.exec("cat", "/opt/dolphinscheduler/.ds-ec2/package.sha512").stdout().strip()).isEqualTo(sha512);
            if (n != seed) {
                assertThat(log).as("the seed served " + n.nodeId())
                        .containsPattern(java.util.regex.Pattern.quote(n.privateIp()) + " .*\"GET /"
                                + java.util.regex.Pattern.quote(StandInDistribution.TARBALL) + " HTTP/1.1\" 200");
            }
        }
        assertThat(host(seed).exec("ss", "-ltnH", "sport = :" + DeploymentSpec.PACKAGE_FANOUT_PORT).stdout())
                .as("the package server was stopped").isBlank();

        // the upload's byte progress reaches the caller's listener: increasing, from the seed, ending at the size
        assertThat(transfers).isNotEmpty();
        assertThat(transfers).allSatisfy(t -> {
            assertThat(t.nodeId()).isEqualTo("master-1");
            assertThat(t.what()).isEqualTo("package " + StandInDistribution.TARBALL);
            assertThat(t.bytesTotal()).isEqualTo(size);
            assertThat(t.clusterId()).isEqualTo(NAME);
        });
        assertThat(transfers.stream().map(io.dsec2.event.TransferEvent::bytesDone).toList()).isSorted();
        io.dsec2.event.TransferEvent last = transfers.get(transfers.size() - 1);
        assertThat(last.done()).isTrue();
        assertThat(last.bytesDone()).isEqualTo(size);

        Duration upload = stageDurations.get("package-seed");
        Duration fanOut = stageDurations.get("package");
        assertThat(upload).isNotNull();
        assertThat(fanOut).isNotNull();
        assertThat(packageTasks).containsOnlyKeys("master-1", "worker-1", "worker-2", "api-1");
        System.out.printf("package fan-out: %d bytes; package-seed (digest + upload to master-1) %d ms; package stage"
                + " (3 pulls from master-1 in parallel + extract on 4) %d ms; per node %s (master-1 only extracts);"
                + " create %d ms%n", size, upload.toMillis(), fanOut.toMillis(), new java.util.TreeMap<>(packageTasks),
                handle.duration().toMillis());
    }

    @Test
    @Order(2)
    void aSecondCreateUploadsNothing() {
        transfers.clear();
        fileUploads.clear();
        skipped.clear();
        try (DsClusterHandle again = cluster().create()) {
            assertThat(again.nodes()).allMatch(n -> n.health().equals("UP"));
        }
        assertThat(fileUploads).isEmpty();
        assertThat(transfers).as("nothing moved, so no transfer progress").isEmpty();
        assertThat(skipped).contains("package-seed/master-1");
    }

    Host host(ClusterNode n) {
        return cloud.host(n.instanceId()).orElseThrow();
    }

    List<Instance> clusterInstances() {
        Filter tag = Filter.builder().name("tag:ds-ec2:cluster").values(NAME).build();
        Filter live = Filter.builder().name("instance-state-name").values("pending", "running", "stopping", "stopped")
                .build();
        return ec2.describeInstances(b -> b.filters(tag, live)).reservations().stream()
                .flatMap(r -> r.instances().stream()).toList();
    }
}
