package io.dsec2.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.testkit.aws.AwsFaultProxy;
import io.dsec2.testkit.internal.Processes;
import io.dsec2.testkit.net.Host;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The LocalCloud acceptance test (issue 2): instances launched through the plain AWS SDK v2 become SSH hosts at
 * their private IPs; hosts are isolated, reach the services over the bridge and nothing else; termination takes
 * them down; shaping and faults are visible to clients; teardown leaves nothing behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalCloudIT {
    @TempDir
    static Path tmp;
    static LocalCloud cloud;
    static LocalCloudEndpoints ep;
    static Ec2Client ec2;
    static final Map<String, String> ipById = new ConcurrentHashMap<>();
    static final Set<Long> hostPids = ConcurrentHashMap.newKeySet();
    static final Set<Long> childrenBefore = ConcurrentHashMap.newKeySet();
    static final Duration READY = Duration.ofSeconds(90 * factor());

    @BeforeAll
    static void up() {
        ProcessHandle.current().children().forEach(p -> childrenBefore.add(p.pid()));
        cloud = LocalCloud.start(LocalCloudOptions.builder().baseDir(tmp.resolve("runs")).build());
        ep = cloud.endpoints();
        ec2 = Ec2Client.builder().endpointOverride(URI.create(ep.awsEndpoint())).region(Region.of(ep.region()))
                .credentialsProvider(cloud.credentials()).httpClientBuilder(ApacheHttpClient.builder()).build();
    }

    @AfterAll
    static void down() {
        if (ec2 != null) {
            ec2.close();
        }
        if (cloud == null) {
            return;
        }
        for (Host h : cloud.hosts()) {
            for (String p : Processes.run("ip", "netns", "pids", h.namespace()).stdout().split("\\s+")) {
                if (!p.isBlank()) {
                    hostPids.add(Long.parseLong(p.strip()));
                }
            }
        }
        String runId = cloud.runId().value();
        Path runDir = cloud.runDirectory();
        Path runtimeDir = cloud.runtimeDirectory();
        assertThat(runtimeDir.resolve("mariadb/mysqld.sock")).as("MariaDB's socket in the short runtime dir").exists();
        assertThat(runtimeDir.toString().length()).isLessThan(40);
        cloud.close();
        assertThat(cloud.leftovers()).isEmpty();
        assertThat(Processes.run("ip", "netns", "list").stdout()).doesNotContain("dsec2-" + runId);
        assertThat(Processes.run("ip", "-o", "link", "show").stdout()).doesNotContain(runId);
        assertThat(runDir).doesNotExist();
        assertThat(runtimeDir).doesNotExist();
        assertThat(hostPids).allSatisfy(p -> assertThat(ProcessHandle.of(p).map(ProcessHandle::isAlive)
                .orElse(false)).as("host process %d", p).isFalse());
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .filter(p -> !childrenBefore.contains(p)).toList()).as("child processes left by the LocalCloud")
                .isEmpty();
    }

    @Test
    @Order(1)
    void sixInstancesAcrossThreeSubnetsBecomeSshHostsWithSudoAndOwnOpt() {
        assertThat(ep.subnetIds()).hasSize(3);
        for (String subnet : ep.subnetIds()) {
            RunInstancesResponse r = ec2.runInstances(b -> b.imageId(ep.amiId()).instanceType(InstanceType.T3_MICRO)
                    .minCount(2).maxCount(2).subnetId(subnet).keyName(ep.keyPairName()));
            for (Instance i : r.instances()) {
                ipById.put(i.instanceId(), i.privateIpAddress());
            }
        }
        assertThat(ipById).hasSize(6);
        for (Map.Entry<String, String> e : ipById.entrySet()) {
            Host h = cloud.awaitSshReady(e.getKey(), READY);
            assertThat(h.privateIp()).isEqualTo(e.getValue());
        }
        for (Map.Entry<String, String> e : ipById.entrySet()) {
            try (SshProbe ssh = SshProbe.connect(e.getValue(), "ec2-user", Path.of(ep.privateKeyFile()),
                    Duration.ofSeconds(20))) {
                assertThat(ssh.run("whoami").strip()).isEqualTo("ec2-user");
                assertThat(ssh.run("sudo -n id -u").strip()).isEqualTo("0");
                assertThat(ssh.run("hostname -I").strip()).isEqualTo(e.getValue());
                ssh.run("sudo -n sh -c 'echo " + e.getKey() + " > /opt/owner'");
            }
        }
        for (Map.Entry<String, String> e : ipById.entrySet()) {
            Host h = cloud.host(e.getKey()).orElseThrow();
            assertThat(h.exec("sh", "-c", "ls /opt && cat /opt/owner").stdout().strip())
                    .isEqualTo("owner\n" + e.getKey());
        }
        assertThat(Path.of("/opt/owner")).doesNotExist();
    }

    @Test
    @Order(2)
    void hostsReachMotoAndServicesOverTheBridgeAndNothingElse() throws Exception {
        Host h = firstHost();
        // the package and driver from the file server, checked against their SHA-512
        assertThat(h.exec("sh", "-c", "curl -sf " + ep.packageUrl() + " | sha512sum").stdout())
                .startsWith(ep.packageSha512());
        assertThat(h.exec("sh", "-c", "curl -sf " + ep.mysqlDriverUrl() + " | sha512sum").stdout())
                .startsWith(ep.mysqlDriverSha512());
        // an S3 presigned URL (moto, through the fault proxy)
        try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(ep.awsEndpoint()))
                .region(Region.of(ep.region())).credentialsProvider(cloud.credentials()).forcePathStyle(true)
                .httpClientBuilder(ApacheHttpClient.builder()).build();
                S3Presigner presigner = S3Presigner.builder().endpointOverride(URI.create(ep.awsEndpoint()))
                        .region(Region.of(ep.region())).credentialsProvider(cloud.credentials())
                        .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
                                .pathStyleAccessEnabled(true).build()).build()) {
            s3.putObject(b -> b.bucket(ep.bucket()).key("hello.txt"), RequestBody.fromString("hello from s3"));
            String url = presigner.presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket(ep.bucket()).key("hello.txt"))).url().toString();
            assertThat(h.exec("curl", "-sf", url).stdout()).isEqualTo("hello from s3");
        }
        // MariaDB as user ds with the password from Secrets Manager, and ZooKeeper
        String password;
        try (SecretsManagerClient sm = SecretsManagerClient.builder().endpointOverride(URI.create(ep.awsEndpoint()))
                .region(Region.of(ep.region())).credentialsProvider(cloud.credentials())
                .httpClientBuilder(ApacheHttpClient.builder()).build()) {
            password = sm.getSecretValue(b -> b.secretId(ep.dbSecretId())).secretString();
        }
        URI jdbc = URI.create(ep.jdbcUrl().substring("jdbc:".length()));
        Host.ExecResult sql = h.exec("mariadb", "-h", jdbc.getHost(), "-P", Integer.toString(jdbc.getPort()), "-u",
                ep.dbUser(), "-p" + password, "-N", "-e", "select database()", "dolphinscheduler");
        assertThat(sql.stdout().strip()).as(sql.stderr()).isEqualTo("dolphinscheduler");
        // PostgreSQL as the same user and password, over TLS (sslmode=require)
        URI pgUrl = URI.create(ep.postgresJdbcUrl().substring("jdbc:".length()));
        assertThat(pgUrl.getHost()).isEqualTo(ep.gatewayIp());
        assertThat(pgUrl.getPort()).isEqualTo(Integer.parseInt(ep.postgresPort()));
        Host.ExecResult pgSql = h.exec("env", "PGPASSWORD=" + password, "psql", "host=" + pgUrl.getHost() + " port="
                + pgUrl.getPort() + " dbname=dolphinscheduler user=" + ep.postgresUser() + " sslmode=require", "-tAc",
                "select current_database() || ' ' || ssl from pg_stat_ssl where pid = pg_backend_pid()");
        assertThat(pgSql.stdout().strip()).as(pgSql.stderr()).isEqualTo("dolphinscheduler true");
        String[] zk = ep.zookeeperConnectString().split(":");
        assertThat(h.exec("bash", "-c", "exec 3<>/dev/tcp/" + zk[0] + "/" + zk[1] + " && echo open").stdout().strip())
                .isEqualTo("open");
        // hosts see each other, but have no route out of the /16
        String other = ipById.values().stream().filter(ip -> !ip.equals(h.privateIp())).findFirst().orElseThrow();
        assertThat(h.exec("bash", "-c", "exec 3<>/dev/tcp/" + other + "/22 && echo open").stdout().strip())
                .isEqualTo("open");
        assertThat(h.exec("ip", "route").stdout()).doesNotContain("default");
        Host.ExecResult out = h.exec("ip", "route", "get", "192.0.2.1");
        assertThat(out.ok()).isFalse();
        assertThat(out.stderr()).contains("unreachable");
        // another port on the bridge address (open to the machine) is closed to hosts
        try (java.net.ServerSocket closedToHosts = new java.net.ServerSocket(0, 5,
                java.net.InetAddress.getByName(ep.gatewayIp()))) {
            assertThat(canConnect(ep.gatewayIp(), closedToHosts.getLocalPort(), 2000)).isTrue();
            assertThat(h.exec("bash", "-c", "exec 3<>/dev/tcp/" + ep.gatewayIp() + "/" + closedToHosts.getLocalPort()
                    + " && echo open").stdout()).doesNotContain("open");
        }
        // an address of the /16 with no host fails locally (no ARP answer), instead of leaving the machine
        String nobody = ep.vpcCidr().replace(".0.0/16", ".250.250");
        assertThat(canConnect(nobody, 22, 3000)).isFalse();
    }

    @Test
    @Order(3)
    void addedLatencyLengthensAnSshRoundTrip() {
        Host h = firstHost();
        long base = medianExecMillis(h.privateIp());
        h.addLatency(Duration.ofMillis(400));
        long slow;
        try {
            slow = medianExecMillis(h.privateIp());
        } finally {
            h.clearLatency();
        }
        long after = medianExecMillis(h.privateIp());
        // one exec needs at least one round trip (channel open, exec request, output and exit status)
        assertThat(slow).as("with 400 ms latency vs %d ms without", base).isGreaterThanOrEqualTo(base + 350);
        assertThat(after).isLessThan(slow - 300);
    }

    @Test
    @Order(4)
    void bandwidthLimitSlowsAnUpload() throws IOException {
        Host h = firstHost();
        Path file = tmp.resolve("upload.bin");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            byte[] block = new byte[1 << 16];
            new java.util.Random(7).nextBytes(block);
            for (int i = 0; i < 32; i++) {
                f.write(block); // 2 MiB of incompressible data
            }
        }
        long free = uploadMillis(h.privateIp(), file);
        h.limitBandwidth(4_000_000); // 2 MiB at 4 Mbit/s: about 4.2 s
        long limited;
        try {
            limited = uploadMillis(h.privateIp(), file);
        } finally {
            h.clearBandwidth();
        }
        assertThat(limited).as("upload of 2 MiB at 4 Mbit/s vs %d ms unlimited", free).isGreaterThan(3000)
                .isGreaterThan(3 * free);
    }

    @Test
    @Order(5)
    void aCutHostIsUnreachableUntilRestored() {
        Host h = firstHost();
        assertThat(canConnect(h.privateIp(), 22, 2000)).isTrue();
        h.cut();
        try {
            assertThat(canConnect(h.privateIp(), 22, 2000)).isFalse();
        } finally {
            h.restore();
        }
        try (SshProbe ssh = SshProbe.connect(h.privateIp(), "ec2-user", Path.of(ep.privateKeyFile()),
                Duration.ofSeconds(20))) {
            assertThat(ssh.run("echo back").strip()).isEqualTo("back");
        }
    }

    @Test
    @Order(6)
    void throttlingByTheFaultProxyShowsAsSdkRetriesThatSucceed() {
        AtomicInteger attempts = new AtomicInteger();
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                attempts.incrementAndGet();
            }
        };
        AwsFaultProxy faults = cloud.faults();
        try (Ec2Client client = Ec2Client.builder().endpointOverride(URI.create(ep.awsEndpoint()))
                .region(Region.of(ep.region())).credentialsProvider(cloud.credentials())
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(ClientOverrideConfiguration.builder().addExecutionInterceptor(counter)
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(12).build())
                        .build()).build()) {
            faults.faults(Set.of(AwsFaultProxy.Fault.THROTTLING));
            faults.resetStats();
            faults.faultRate(0.5);
            int calls = 8;
            for (int i = 0; i < calls; i++) {
                assertThat(client.describeVpcs(b -> b.vpcIds(ep.vpcId())).vpcs()).hasSize(1);
            }
            long injected = faults.stats().injected(AwsFaultProxy.Fault.THROTTLING);
            assertThat(injected).isPositive();
            assertThat(attempts.get()).as("attempts for %d calls with 50%% throttling", calls)
                    .isEqualTo(calls + injected);
        } finally {
            faults.faultRate(0);
        }
    }

    @Test
    @Order(7)
    void stoppingAnInstanceKillsItsHostButKeepsItsDisk() {
        String id = ipById.keySet().iterator().next();
        Host h = cloud.host(id).orElseThrow();
        ec2.stopInstances(b -> b.instanceIds(id));
        long deadline = System.nanoTime() + READY.toNanos();
        while (h.running() && System.nanoTime() < deadline) {
            sleep(100);
        }
        assertThat(h.state()).isEqualTo(Host.State.STOPPED);
        assertThat(Processes.run("ip", "netns", "pids", h.namespace()).stdout().strip()).isEmpty();
        assertThat(canConnect(h.privateIp(), 22, 2000)).isFalse();
        ec2.startInstances(b -> b.instanceIds(id));
        cloud.awaitSshReady(id, READY);
        try (SshProbe ssh = SshProbe.connect(h.privateIp(), "ec2-user", Path.of(ep.privateKeyFile()),
                Duration.ofSeconds(20))) {
            assertThat(ssh.run("cat /opt/owner").strip()).isEqualTo(id);
        }
    }

    @Test
    @Order(8)
    void terminatingTwoInstancesTakesTheirHostsDown() {
        List<String> ids = new ArrayList<>(ipById.keySet());
        List<String> gone = ids.subList(0, 2);
        List<String> namespaces = gone.stream().map(id -> cloud.host(id).orElseThrow().namespace()).toList();
        ec2.terminateInstances(b -> b.instanceIds(gone));
        long deadline = System.nanoTime() + READY.toNanos();
        while (gone.stream().anyMatch(id -> cloud.host(id).isPresent()) && System.nanoTime() < deadline) {
            sleep(100);
        }
        for (String id : gone) {
            assertThat(cloud.host(id)).as(id).isEmpty();
            assertThat(canConnect(ipById.get(id), 22, 2000)).as(id).isFalse();
        }
        String netns = Processes.run("ip", "netns", "list").stdout();
        assertThat(namespaces).allSatisfy(ns -> assertThat(netns).doesNotContain(ns));
        for (String id : ids.subList(2, ids.size())) {
            assertThat(cloud.host(id).orElseThrow().running()).as(id).isTrue();
        }
        Set<String> running = new HashSet<>();
        cloud.hosts().forEach(h -> running.add(h.instanceId()));
        assertThat(running).containsExactlyInAnyOrderElementsOf(ids.subList(2, ids.size()));
    }

    // ------------------------------------------------------------------ helpers

    private static Host firstHost() {
        return cloud.hosts().stream().filter(Host::running).findFirst().orElseThrow();
    }

    private static long medianExecMillis(String ip) {
        try (SshProbe ssh = SshProbe.connect(ip, "ec2-user", Path.of(ep.privateKeyFile()), Duration.ofSeconds(30))) {
            List<Long> ms = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ms.add(SshProbe.nanos(() -> ssh.run("true")) / 1_000_000);
            }
            ms.sort(null);
            return ms.get(2);
        }
    }

    private static long uploadMillis(String ip, Path file) {
        try (SshProbe ssh = SshProbe.connect(ip, "ec2-user", Path.of(ep.privateKeyFile()), Duration.ofSeconds(60))) {
            return SshProbe.nanos(() -> ssh.upload(file, "/tmp/upload.bin")) / 1_000_000;
        }
    }

    static boolean canConnect(String ip, int port, int timeoutMs) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(ip, port), timeoutMs);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int factor() {
        return Integer.parseInt(System.getProperty("ds-ec2.test.timeout-factor", "1"));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
