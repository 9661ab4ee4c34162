package io.dsec2.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.testkit.internal.Processes;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceType;

/**
 * The launcher ({@code LocalCloudMain up|status|down}, what {@code scripts/localcloud} runs) as a user drives it,
 * and the clean-up of a crashed run: a LocalCloud whose process is killed with SIGKILL leaves its host, bridge,
 * moto and run dir behind; the next {@code up} recognises them by their name prefix and removes them.
 */
class LauncherIT {
    @TempDir
    Path tmp;
    Path state;

    @AfterEach
    void down() {
        if (state != null) {
            launcher("down");
        }
    }

    @Test
    void upStatusDownAndCrashLeftoversAreRemovedByTheNextUp() throws Exception {
        state = tmp.resolve("state");
        Path base = tmp.resolve("runs");
        Processes.Result up = launcher("up", "--no-services", "--base-dir", base.toString());
        assertThat(up.exitCode()).as(up.stderr()).isZero();
        Map<String, String> ep = parse(up.stdout());
        assertThat(ep.get("awsEndpoint")).startsWith("http://10.");
        assertThat(up.stdout()).contains("\"subnetIds\": [\"subnet-").contains("\"zookeeperConnectString\": null");
        Processes.Result status = launcher("status");
        assertThat(status.exitCode()).isZero();
        assertThat(status.stdout()).isEqualTo(up.stdout());
        Processes.Result upAgain = launcher("up", "--no-services", "--base-dir", base.toString());
        assertThat(upAgain.exitCode()).isZero();
        assertThat(upAgain.stdout()).as("a second up shows the running LocalCloud").isEqualTo(up.stdout());

        // one host, so the crash leaves a namespace with processes behind
        String instanceId;
        String ip;
        try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(URI.create(ep.get("awsEndpoint")))
                .region(Region.of(ep.get("region"))).httpClientBuilder(ApacheHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build()) {
            String subnet = first(up.stdout(), "\"subnetIds\": \\[\"([^\"]+)\"");
            var instance = ec2.runInstances(b -> b.imageId(ep.get("amiId")).instanceType(InstanceType.T3_MICRO)
                    .minCount(1).maxCount(1).subnetId(subnet).keyName(ep.get("keyPairName"))).instances().get(0);
            instanceId = instance.instanceId();
            ip = instance.privateIpAddress();
        }
        String runDirName = Path.of(ep.get("privateKeyFile")).getParent().getParent().getFileName().toString();
        String runId = runDirName.substring("dsec2-".length());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Processes.run("ip", "netns", "list").stdout().contains(runDirName + "-")
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        String ns = Processes.run("ip", "netns", "list").stdout().lines().filter(l -> l.startsWith(runDirName + "-"))
                .findFirst().orElseThrow(() -> new AssertionError("no host for " + instanceId)).split(" ")[0];
        deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!LocalCloudIT.canConnect(ip, 22, 1000) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(LocalCloudIT.canConnect(ip, 22, 1000)).as("sshd of %s at %s", instanceId, ip).isTrue();
        List<Long> orphans = Processes.run("ip", "netns", "pids", ns).stdout().lines().map(String::strip)
                .filter(s -> !s.isEmpty()).map(Long::parseLong).toList();
        assertThat(orphans).isNotEmpty();

        // crash: SIGKILL, so no shutdown hook runs
        long pid = Long.parseLong(Files.readString(state.resolve("localcloud.pid")).strip().split(" ")[0]);
        List<ProcessHandle> children = ProcessHandle.of(pid).orElseThrow().children().toList();
        assertThat(children).as("moto runs as a child of the LocalCloud process").isNotEmpty();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
        assertThat(launcher("status").exitCode()).isEqualTo(1);
        assertThat(Processes.run("ip", "netns", "list").stdout()).contains(ns);
        assertThat(base.resolve(runDirName)).exists();

        // the next up removes everything of the dead run
        Processes.Result again = launcher("up", "--no-services", "--base-dir", base.toString());
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(Processes.run("ip", "netns", "list").stdout()).doesNotContain(runDirName);
        assertThat(Processes.run("ip", "-o", "link", "show").stdout()).doesNotContain("dsec2b-" + runId);
        assertThat(base.resolve(runDirName)).doesNotExist();
        assertThat(orphans).allSatisfy(p -> assertThat(ProcessHandle.of(p).isPresent()).as("host pid %d", p).isFalse());
        assertThat(children).allSatisfy(c -> assertThat(c.isAlive()).as("pid %d", c.pid()).isFalse());

        String secondRun = Path.of(parse(again.stdout()).get("privateKeyFile")).getParent().getParent().getFileName()
                .toString();
        Processes.Result down = launcher("down");
        assertThat(down.exitCode()).isZero();
        state = null;
        assertThat(launcher("status").exitCode()).isEqualTo(1);
        assertThat(Processes.run("ip", "-o", "link", "show").stdout()).doesNotContain(secondRun.replace("dsec2-", ""));
        assertThat(base.resolve(secondRun)).doesNotExist();
        assertThat(tmp.resolve("state").resolve("localcloud.pid")).doesNotExist();
    }

    private Processes.Result launcher(String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dds-ec2.localcloud.state-dir=" + tmp.resolve("state"),
                "-Dds-ec2.project.root=" + io.dsec2.testkit.internal.ProjectPaths.root(),
                LocalCloudMain.class.getName()));
        cmd.addAll(List.of(args));
        return Processes.run(cmd, Map.of(), Duration.ofMinutes(5));
    }

    private static Map<String, String> parse(String json) {
        Map<String, String> m = new java.util.HashMap<>();
        Matcher x = Pattern.compile("\"(\\w+)\": \"([^\"]*)\"").matcher(json);
        while (x.find()) {
            m.put(x.group(1), x.group(2));
        }
        return m;
    }

    private static String first(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new AssertionError(regex + " not in " + text);
        }
        return m.group(1);
    }
}
