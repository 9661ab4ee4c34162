package io.dsec2.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.examples.cli.CliProcess;
import io.dsec2.testkit.LocalCloud;
import io.dsec2.testkit.LocalCloudEndpoints;
import io.dsec2.testkit.LocalCloudExtension;
import io.dsec2.testkit.standin.StandInDistribution;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The CLI on a terminal, as an operator sees it: {@code bin/ds-ec2 create} of a {@code package_file} cluster runs in
 * a tmux pane (a pseudo-terminal, 200 columns), through the unpacked distribution with only {@code java} on the PATH;
 * the pane, captured every 100 ms, shows the transfer bar of the package upload moving (bytes done, total, rate) and
 * then the created cluster. Needs tmux ({@code scripts/setup.sh} installs it). Runs under failsafe, after package.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TerminalProgressIT {
    static final String NAME = "termit";
    static final Path STATE = Path.of("target/it-state-terminal").toAbsolutePath();
    /** Large enough for the upload to last a few of the bar's 1 s redraws. */
    static final long PADDING = 192L << 20;
    static final Pattern BAR = Pattern.compile("master-1 <- \\S+.*?(\\d+)/(\\d+) MiB.*MiB/s");

    final String socket = "dsec2-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
    Path yaml;

    @BeforeAll
    void setUp(LocalCloud cloud) throws Exception {
        LocalCloudEndpoints e = cloud.endpoints();
        if (Files.exists(STATE)) {
            try (var walk = Files.walk(STATE)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(STATE);
        Path tarball = StandInDistribution.build(STATE.resolve("package"), PADDING);
        cloud.createDatabase(NAME);
        yaml = STATE.resolve("cluster.yaml");
        Files.writeString(yaml, LocalCloudSpecs.seedsYaml(e, NAME).replace("master: {count: 2", "master: {count: 1")
                .replace("worker: {count: 3", "worker: {count: 1").replace("api: {count: 2", "api: {count: 1")
                .replace("alert: {count: 1", "alert: {count: 0")
                .replace("database: dolphinscheduler\n", "database: " + NAME + "\n")
                .replace("  type: zookeeper\n", "  type: zookeeper\n  namespace: " + NAME + "\n")
                .replaceAll("  package_url: .*\n  package_sha512: .*\n", "  package_file: " + tarball + "\n")
                .replaceAll("(?s)service_config:.*", ""));
        assertThat(Files.readString(yaml)).contains("package_file: " + tarball).doesNotContain("package_url");
    }

    @AfterAll
    void tearDown() throws Exception {
        tmux("kill-server");
        if (yaml != null) {
            CliProcess.packaged(STATE, "delete", "-f", yaml.toString(), "--state-dir", STATE.toString(), "--force");
        }
    }

    String tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("tmux is needed for this test: run scripts/setup.sh (apt-get install tmux)", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    @Test
    void aTerminalShowsTheUploadBarMovingThenTheCluster() throws Exception {
        Path exit = STATE.resolve("exit-code");
        Path bin = CliProcess.unpackedDistribution().resolve("bin/ds-ec2");
        var env = CliProcess.javaOnly(STATE);
        String command = "cd " + STATE + " && env PATH=" + env.get("PATH") + " HOME=" + env.get("HOME") + " " + bin
                + " create -f " + yaml + " --state-dir " + STATE + "; echo $? > " + exit + "; sleep 600";
        tmux("new-session", "-d", "-s", "op", "-x", "200", "-y", "50", command);

        TreeSet<Long> seen = new TreeSet<>();
        long total = -1;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(6);
        String pane = "";
        while (!Files.exists(exit) && System.nanoTime() < deadline) {
            pane = tmux("capture-pane", "-p", "-t", "op");
            Matcher m = BAR.matcher(pane);
            while (m.find()) {
                seen.add(Long.parseLong(m.group(1)));
                total = Long.parseLong(m.group(2));
            }
            Thread.sleep(100);
        }
        Thread.sleep(300);
        pane = tmux("capture-pane", "-p", "-S", "-200", "-t", "op");
        assertThat(exit).as("create finished within 6 minutes; last pane:%n%s", pane).exists();
        assertThat(Files.readString(exit).strip()).as(pane).isEqualTo("0");
        assertThat(pane).contains("created " + NAME + " (3 nodes)");
        assertThat(total).as("a transfer bar with bytes done/total MiB and a rate appeared:%n%s", pane)
                .isGreaterThanOrEqualTo(PADDING >> 20);
        assertThat(seen).as("the bar moved: more than one value below the total was shown (%s of %d MiB)", seen, total)
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(seen.first()).isLessThan(total);
    }
}
