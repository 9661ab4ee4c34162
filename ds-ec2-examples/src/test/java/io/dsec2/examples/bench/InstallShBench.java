package io.dsec2.examples.bench;

import io.dsec2.testkit.LocalCloud;
import io.dsec2.testkit.LocalCloudEndpoints;
import io.dsec2.testkit.aws.LocalAws;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Benchmark support: DolphinScheduler's own installer, the way its deployment guide
 * ({@code docs/docs/en/guide/installation/cluster.md} at tag 3.2.0) has users run it, on 6 fresh LocalCloud hosts
 * (2 masters, 2 workers, 1 api, 1 alert) with the same link shaping as ds-ec2's benchmark: the SSH mesh
 * prepared by hand (the login user's key on the first host, which has passwordless sudo everywhere), the tarball
 * copied to the first host with OpenSSH {@code scp}, extracted and configured there ({@code bin/env/install_env.sh},
 * the datasource and registry exports in {@code bin/env/dolphinscheduler_env.sh}, the MySQL driver in every server's
 * {@code libs}, the same heaps as ds-ec2's benchmark in each {@code bin/jvm_args_env.sh}), {@code
 * tools/bin/upgrade-schema.sh}, then {@code bin/install.sh} ({@code scp-hosts.sh}, {@code stop-all.sh}, {@code
 * remove-zk-node.sh}, {@code start-all.sh}), timed until every server's actuator health says UP.
 */
final class InstallShBench {
    static final String DIR = "apache-dolphinscheduler-3.2.0-bin";
    private static final String JAVA_HOME = "/usr/lib/jvm/java-17-openjdk-amd64";

    private InstallShBench() {
    }

    /** @return phase name to seconds, "total" last */
    static Map<String, Double> run(LocalCloud cloud, Ec2Client ec2, LocalCloud.ServedPackage real, String name)
            throws Exception {
        LocalCloudEndpoints e = cloud.endpoints();
        Map<String, Double> t = new LinkedHashMap<>();
        // launch outside the timing: ds-ec2's figure is compared from its own launch too, see the caller
        List<Instance> launched = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            String subnet = e.subnetIds().get(k % e.subnetIds().size());
            launched.addAll(ec2.runInstances(b -> b.imageId(e.amiId()).instanceType(InstanceType.T3_MEDIUM).minCount(1)
                    .maxCount(1).subnetId(subnet).keyName(e.keyPairName())
                    .tagSpecifications(ts -> ts.resourceType("instance").tags(tg -> tg.key("ds-ec2:cluster").value(name))))
                    .instances());
        }
        try {
            List<String> ips = new ArrayList<>();
            for (Instance i : launched) {
                cloud.awaitSshReady(i.instanceId(), Duration.ofMinutes(5));
                ips.add(i.privateIpAddress());
            }
            CreateBench.shape(cloud, ec2, name); // the instances carry the ds-ec2:cluster tag
            String first = ips.get(0);
            String key = e.privateKeyFile();
            long t0 = System.nanoTime();
            long s = t0;
            scp(key, Path.of(key), first, ".ssh/id_rsa");
            ssh(key, first, "chmod 600 ~/.ssh/id_rsa && printf 'Host *\\n  StrictHostKeyChecking no\\n"
                    + "  UserKnownHostsFile /dev/null\\n  LogLevel ERROR\\n' > ~/.ssh/config && chmod 600 ~/.ssh/config");
            s = lap(t, "mesh", s);
            scp(key, real.file(), first, real.file().getFileName().toString());
            s = lap(t, "upload (scp)", s);
            String password;
            try (SecretsManagerClient sm = LocalAws.secretsManager(URI.create(e.awsEndpoint()), e.region())) {
                password = sm.getSecretValue(b -> b.secretId(e.dbSecretId())).secretString();
            }
            String jdbc = cloud.createDatabase(name);
            ssh(key, first, configure(real, e, jdbc, password, name, ips));
            s = lap(t, "extract + configure", s);
            ssh(key, first, "cd ~/" + DIR + " && bash tools/bin/upgrade-schema.sh > ~/upgrade-schema.log 2>&1");
            s = lap(t, "upgrade-schema.sh", s);
            ssh(key, first, "cd ~/" + DIR + " && bash bin/install.sh > ~/install.log 2>&1");
            s = lap(t, "install.sh", s);
            awaitUp(ips);
            lap(t, "until every server UP", s);
            t.put("total", (System.nanoTime() - t0) / 1e9);
            return t;
        } finally {
            List<String> ids = launched.stream().map(Instance::instanceId).toList();
            ec2.terminateInstances(b -> b.instanceIds(ids));
        }
    }

    private static String configure(LocalCloud.ServedPackage real, LocalCloudEndpoints e, String jdbc, String password,
            String name, List<String> ips) {
        String masters = ips.get(0) + "," + ips.get(1);
        String workers = ips.get(2) + ":default," + ips.get(3) + ":default";
        return String.join("\n",
                "set -e",
                "cd ~ && tar xzf " + real.file().getFileName() + " && cd " + DIR,
                "curl -fsS -o /tmp/mysql-connector.jar " + q(e.mysqlDriverUrl()),
                "for d in master-server worker-server api-server alert-server tools; do cp /tmp/mysql-connector.jar"
                        + " $d/libs/; done",
                // the heaps ds-ec2's benchmark gives the same roles (DS's defaults are 4g for master and worker)
                "for d in master-server worker-server api-server; do sed -i -e 's/^-Xms.*/-Xms768m/' -e"
                        + " 's/^-Xmx.*/-Xmx768m/' -e 's/^-Xmn.*/-Xmn256m/' $d/bin/jvm_args_env.sh; done",
                "sed -i -e 's/^-Xms.*/-Xms384m/' -e 's/^-Xmx.*/-Xmx384m/' -e 's/^-Xmn.*/-Xmn128m/'"
                        + " alert-server/bin/jvm_args_env.sh",
                "cat >> bin/env/dolphinscheduler_env.sh <<'EOF'",
                "export JAVA_HOME=" + JAVA_HOME,
                "export DATABASE=mysql",
                "export SPRING_PROFILES_ACTIVE=mysql",
                "export SPRING_JACKSON_TIME_ZONE=UTC",
                "export SPRING_DATASOURCE_URL=" + q(jdbc),
                "export SPRING_DATASOURCE_USERNAME=" + q(e.dbUser()),
                "export SPRING_DATASOURCE_PASSWORD=" + q(password),
                "export REGISTRY_TYPE=zookeeper",
                "export REGISTRY_ZOOKEEPER_CONNECT_STRING=" + q(e.zookeeperConnectString()),
                "export REGISTRY_ZOOKEEPER_NAMESPACE=" + name,
                "EOF",
                "cat > bin/env/install_env.sh <<'EOF'",
                "ips=" + q(String.join(",", ips)),
                "sshPort=22",
                "masters=" + q(masters),
                "workers=" + q(workers),
                "alertServer=" + q(ips.get(5)),
                "apiServers=" + q(ips.get(4)),
                "installPath=/opt/dolphinscheduler",
                "deployUser=ec2-user",
                "zkRoot=/" + name,
                "EOF");
    }

    /** Polls master, worker, api and alert health until all six say UP (10 min at most). */
    private static void awaitUp(List<String> ips) throws InterruptedException {
        List<String> urls = new ArrayList<>();
        urls.add("http://" + ips.get(0) + ":5679/actuator/health");
        urls.add("http://" + ips.get(1) + ":5679/actuator/health");
        urls.add("http://" + ips.get(2) + ":1235/actuator/health");
        urls.add("http://" + ips.get(3) + ":1235/actuator/health");
        urls.add("http://" + ips.get(4) + ":12345/dolphinscheduler/actuator/health");
        urls.add("http://" + ips.get(5) + ":50053/actuator/health");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (!urls.isEmpty()) {
            urls.removeIf(InstallShBench::up);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not UP after 10 min: " + urls);
            }
            Thread.sleep(250);
        }
    }

    private static boolean up(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(2000);
            try (var in = c.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("\"UP\"");
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static long lap(Map<String, Double> t, String phase, long since) {
        long now = System.nanoTime();
        t.put(phase, (now - since) / 1e9);
        return now;
    }

    private static String q(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static List<String> sshOpts(String key) {
        return List.of("-i", key, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o",
                "LogLevel=ERROR", "-o", "BatchMode=yes");
    }

    private static void ssh(String key, String ip, String script) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ssh"));
        cmd.addAll(sshOpts(key));
        cmd.add("ec2-user@" + ip);
        cmd.add("bash -s");
        run(cmd, script);
    }

    private static void scp(String key, Path from, String ip, String to) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("scp", "-q"));
        cmd.addAll(sshOpts(key));
        cmd.add(from.toString());
        cmd.add("ec2-user@" + ip + ":" + to);
        run(cmd, null);
    }

    private static void run(List<String> cmd, String stdin) throws Exception {
        Path out = Files.createTempFile("installsh", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd.subList(0, 1)) + " failed: "
                        + Files.readString(out));
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
