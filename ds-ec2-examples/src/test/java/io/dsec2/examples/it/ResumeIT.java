package io.dsec2.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.model.NodeRole;
import io.dsec2.testkit.LocalCloudExtension;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 5's resume acceptance on the shared {@link RollingCluster}: the {@code ds-ec2} CLI, in its own JVM, rolls the
 * workers one at a time and is killed (SIGKILL) after the first worker is back and before the last one restarted;
 * the same command again completes, and each worker restarted exactly once overall while the other roles kept their
 * JVMs.
 */
@ExtendWith({LocalCloudExtension.class, RollingClusterExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResumeIT {
    static final List<String> WORKERS = RollingCluster.nodesOf(NodeRole.WORKER);

    RollingCluster c;
    final List<Process> started = new ArrayList<>();

    @BeforeAll
    void setUp(RollingCluster c) throws Exception {
        this.c = c;
        c.awaitHealthy(Duration.ofMinutes(2));
    }

    @AfterAll
    void tearDown() throws Exception {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The CLI as its own JVM, with this JVM's class path and environment (AWS credentials for the LocalCloud). */
    Process cli(String log) throws Exception {
        String cp = System.getProperty("java.class.path");
        assertThat(cp).as("the test class path").contains("ds-ec2-examples");
        Path out = Path.of("target", log);
        Files.deleteIfExists(out);
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
                "-Dorg.slf4j.simpleLogger.logFile=System.err", "-Dorg.slf4j.simpleLogger.log.io.dsec2=debug",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "io.dsec2.examples.cli.DsEc2Cli", "restart", "-f", c.yaml.toString(),
                "--state-dir", RollingCluster.STATE.toString(), "--role", "worker", "--batch-size", "1",
                "--monitor", "2s", "--health-timeout", "2m", "--drain-timeout", "10s");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        started.add(p);
        return p;
    }

    Map<String, Long> registeredStartupTimes() {
        Map<String, Long> m = new TreeMap<>();
        WORKERS.forEach(w -> m.put(w, c.registeredStartupTime(w)));
        return m;
    }

    @Test
    void theCliKilledMidRollResumesWithoutRestartingANodeTwice() throws Exception {
        Map<String, String> markersBefore = c.startMarkers();
        Map<String, Long> before = registeredStartupTimes();
        long t0 = System.currentTimeMillis();

        Map<String, Long> atKill;
        int exit;
        try (NodeSampler s = new NodeSampler(c, RollingCluster.NODES).start()) {
            Process first = cli("resume-it-first.log");
            long deadline = System.currentTimeMillis() + 5 * 60_000;
            Map<String, Long> now = registeredStartupTimes();
            while (restartedSince(now, before) < 1 && first.isAlive() && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
                now = registeredStartupTimes();
            }
            assertThat(first.isAlive()).as("the first run is still rolling when a worker is back (log "
                    + "target/resume-it-first.log)").isTrue();
            assertThat(restartedSince(now, before)).as("restarted workers at the kill: %s", now).isEqualTo(1);
            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            atKill = registeredStartupTimes();
            assertThat(restartedSince(atKill, before)).as("killed before the last worker restarted: %s", atKill)
                    .isLessThan(WORKERS.size());

            Process second = cli("resume-it-second.log");
            assertThat(second.waitFor(8, TimeUnit.MINUTES)).as("the second run ends").isTrue();
            exit = second.exitValue();
            s.close();
            assertThat(exit).as("second run's exit code; its output: %s",
                    Files.readString(Path.of("target/resume-it-second.log"))).isZero();
            s.assertOneAtATime(WORKERS);
        }

        c.awaitHealthy(Duration.ofMinutes(1));
        Map<String, Long> after = registeredStartupTimes();
        for (String w : WORKERS) {
            assertThat(after.get(w)).as("%s restarted after the first run began", w).isGreaterThan(t0);
            if (atKill.get(w) != 0 && atKill.get(w) > t0) {
                assertThat(after.get(w)).as("%s, restarted by the first run, was not restarted again", w)
                        .isEqualTo(atKill.get(w));
            }
        }
        Map<String, String> markersAfter = c.startMarkers();
        for (String n : RollingCluster.NODES) {
            if (WORKERS.contains(n)) {
                assertThat(markersAfter.get(n)).as("%s restarted", n).isNotEqualTo(markersBefore.get(n)).isNotEmpty();
            } else {
                assertThat(markersAfter.get(n)).as("%s kept its JVM", n).isEqualTo(markersBefore.get(n));
            }
        }
    }

    static long restartedSince(Map<String, Long> now, Map<String, Long> before) {
        return now.entrySet().stream().filter(en -> en.getValue() != 0 && !en.getValue().equals(before.get(en.getKey())))
                .count();
    }
}
