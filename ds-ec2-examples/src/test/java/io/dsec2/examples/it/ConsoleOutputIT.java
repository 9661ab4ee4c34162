package io.dsec2.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.examples.cli.CliOutputTest;
import io.dsec2.examples.cli.CliProcess;
import io.dsec2.testkit.LocalCloud;
import io.dsec2.testkit.LocalCloudEndpoints;
import io.dsec2.testkit.LocalCloudExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console an operator sees, on the LocalCloud, through the packaged CLI as an operator installs it (the
 * distribution tarball unpacked, {@code bin/ds-ec2} run with only {@code java} on the PATH; so this class runs under
 * failsafe, after {@code package}): plan, create, scale, restart and delete, stdout and stderr not a terminal, print
 * plain lines only: no logger name, no stack frame, no ANSI code, each spec warning once, and nothing from sshj after
 * delete.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleOutputIT {
    static final String NAME = "consoleit";
    static final Path STATE = Path.of("target/it-state-console").toAbsolutePath();

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
        yaml = STATE.resolve("cluster.yaml");
        // no storage section: the spec rules warn about it, so the test sees how a warning is printed
        Files.writeString(yaml, LocalCloudSpecs.seedsYaml(e, NAME).replace("master: {count: 2", "master: {count: 1")
                .replace("worker: {count: 3", "worker: {count: 1").replace("api: {count: 2", "api: {count: 1")
                // its own registry namespace: DS lets one alert server per namespace hold /lock/alert, and other
                // classes' clusters in the default namespace may still run, leaving this alert server on standby
                .replace("  type: zookeeper\n", "  type: zookeeper\n  namespace: " + NAME + "\n"));
        assertThat(Files.readString(yaml)).contains("namespace: " + NAME);
    }

    CliProcess.Result run(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-f", yaml.toString(), "--state-dir", STATE.toString()));
        CliProcess.Result r = CliProcess.packaged(STATE, all.toArray(String[]::new));
        assertThat(r.exit()).as("%s%n%s%n%s", all, r.out(), r.err()).isZero();
        CliOutputTest.assertPlain(r.out());
        CliOutputTest.assertPlain(r.err());
        assertThat(r.out() + r.err()).doesNotContain("Dying because", "TransportImpl", "ClientCnxn", "CuratorFramework");
        return r;
    }

    static long count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    @Test
    @Order(1)
    void planAndCreatePrintEachWarningOnce() throws Exception {
        CliProcess.Result plan = run("plan");
        assertThat(count(plan.err(), "storage: is not set")).as(plan.err()).isEqualTo(1);
        CliProcess.Result create = run("create");
        assertThat(count(create.err(), "storage: is not set")).as(create.err()).isEqualTo(1);
        assertThat(create.out()).contains("created " + NAME + " (4 nodes)").containsPattern("\\[10/11\\] verify +done in").containsPattern("\\[11/11\\] worker-groups +done in");
    }

    @Test
    @Order(2)
    void scaleRestartAndDeleteArePlain() throws Exception {
        assertThat(run("scale", "--role", "worker", "--count", "2").out()).contains("worker: 1 -> 2");
        assertThat(run("restart", "--role", "alert", "--yes").out()).contains("restarted: alert-1");
        CliProcess.Result delete = run("delete", "--force");
        assertThat(delete.out()).contains("nothing tagged ds-ec2:cluster=" + NAME + " is left");
        assertThat(delete.err()).isEmpty();
    }
}
