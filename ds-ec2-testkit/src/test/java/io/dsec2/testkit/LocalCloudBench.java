package io.dsec2.testkit;

import io.dsec2.testkit.internal.Processes;
import io.dsec2.testkit.net.Host;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceType;

/**
 * Benchmark (not a test) for the LocalCloud closing-note figures: time from start to ready, time for N instances
 * launched at once to be SSH-ready (an sshj login as ec2-user on each), and memory used by N idle hosts (sum of the
 * proportional set size of every process in their namespaces).
 *
 * <pre>
 * mvn -q -o -pl ds-ec2-testkit -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=target/localcloud.classpath
 * java -cp ds-ec2-testkit/target/test-classes:ds-ec2-testkit/target/classes:$(cat ds-ec2-testkit/target/localcloud.classpath) \
 *     io.dsec2.testkit.LocalCloudBench [instances=24]
 * </pre>
 */
public final class LocalCloudBench {
    private LocalCloudBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 24;
        long t0 = System.nanoTime();
        try (LocalCloud cloud = LocalCloud.start(LocalCloudOptions.defaults())) {
            long upMs = (System.nanoTime() - t0) / 1_000_000;
            LocalCloudEndpoints ep = cloud.endpoints();
            try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(URI.create(ep.awsEndpoint()))
                    .region(Region.of(ep.region())).credentialsProvider(cloud.credentials())
                    .httpClientBuilder(ApacheHttpClient.builder()).build()) {
                long t1 = System.nanoTime();
                List<String> ids = new ArrayList<>();
                List<String> ips = new ArrayList<>();
                int subnets = ep.subnetIds().size();
                for (int s = 0; s < subnets; s++) {
                    int count = n / subnets + (s < n % subnets ? 1 : 0);
                    if (count == 0) {
                        continue;
                    }
                    String subnet = ep.subnetIds().get(s);
                    for (Instance i : ec2.runInstances(b -> b.imageId(ep.amiId()).instanceType(InstanceType.T3_MICRO)
                            .minCount(count).maxCount(count).subnetId(subnet).keyName(ep.keyPairName())).instances()) {
                        ids.add(i.instanceId());
                        ips.add(i.privateIpAddress());
                    }
                }
                ExecutorService pool = Executors.newFixedThreadPool(8);
                List<Future<?>> logins = new ArrayList<>();
                for (int i = 0; i < ids.size(); i++) {
                    String id = ids.get(i);
                    String ip = ips.get(i);
                    logins.add(pool.submit(() -> {
                        cloud.awaitSshReady(id, Duration.ofMinutes(5));
                        try (SshProbe ssh = SshProbe.connect(ip, "ec2-user", Path.of(ep.privateKeyFile()),
                                Duration.ofSeconds(60))) {
                            ssh.run("sudo -n true");
                        }
                        return null;
                    }));
                }
                for (Future<?> f : logins) {
                    f.get();
                }
                pool.shutdown();
                long readyMs = (System.nanoTime() - t1) / 1_000_000;
                Thread.sleep(3000); // idle
                long pssKb = 0;
                int processes = 0;
                for (Host h : cloud.hosts()) {
                    for (String pid : Processes.run("ip", "netns", "pids", h.namespace()).stdout().split("\\s+")) {
                        if (pid.isBlank()) {
                            continue;
                        }
                        Path rollup = Path.of("/proc", pid.strip(), "smaps_rollup");
                        if (Files.exists(rollup)) {
                            for (String line : Files.readAllLines(rollup)) {
                                if (line.startsWith("Pss:")) {
                                    pssKb += Long.parseLong(line.replaceAll("[^0-9]", ""));
                                    processes++;
                                }
                            }
                        }
                    }
                }
                long diskKb = Long.parseLong(Processes.run("du", "-sk", cloud.runDirectory().resolve("hosts")
                        .toString()).stdout().split("\\s+")[0]);
                System.out.printf("LocalCloud start to ready (moto, fault proxy, region, ZooKeeper, MariaDB, "
                        + "file server): %.1f s%n", upMs / 1000.0);
                System.out.printf("%d instances launched at once to all SSH-ready (sshj login + sudo on each): "
                        + "%.1f s%n", ids.size(), readyMs / 1000.0);
                System.out.printf("memory of %d idle hosts: %.1f MiB PSS in %d processes (%.2f MiB/host); "
                        + "host disks %.1f MiB%n", cloud.hosts().size(), pssKb / 1024.0, processes,
                        pssKb / 1024.0 / Math.max(1, cloud.hosts().size()), diskKb / 1024.0);
            }
        }
    }
}
