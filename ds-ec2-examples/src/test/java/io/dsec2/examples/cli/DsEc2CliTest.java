package io.dsec2.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's plan and input errors: no credentials, no AWS call (the endpoint points at a closed port). */
class DsEc2CliTest {
    static final Path SAMPLE = Path.of(System.getProperty("ds-ec2.project.root", "..")).resolve("examples/cluster-aws.yaml");

    record Run(int exit, String out, String err) {
    }

    static Run cli(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = DsEc2Cli.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void planShowsNodesPlacementAndLoadBalancerWithoutCredentials() {
        Run r = cli("plan", "-f", SAMPLE.toString(), "--endpoint-url", "http://127.0.0.1:9");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("cluster analytics in us-east-1 (endpoint http://127.0.0.1:9)")
                .contains("master-1", "master-2", "worker-3", "api-2", "alert-1")
                .contains("subnet-0123456789abcdef0 (us-east-1a)").contains("subnet-0123456789abcdef1 (us-east-1b)")
                .contains("ALB analytics, ").contains("Secret[secretsmanager:ds/analytics/db]");
    }

    @Test
    void badSpecExitsTwoListingEveryProblem(@TempDir Path tmp) throws Exception {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(SAMPLE).replace("master: {count: 2", "master: {count: 0")
                .replace("  username: ds\n", "  username: ds\n  pasword: x\n"));
        Run r = cli("create", "-f", bad.toString(), "--endpoint-url", "http://127.0.0.1:9");
        assertThat(r.exit()).isEqualTo(DsEc2Cli.BAD_INPUT);
        assertThat(r.err()).contains("cluster.master.count").contains("database.pasword");
    }

    @Test
    void validateAndCreateWarnAboutAnInternetFacingLoadBalancerWithoutACertificate(@TempDir Path tmp) throws Exception {
        Path open = tmp.resolve("open.yaml");
        Files.writeString(open, Files.readString(SAMPLE).replace("scheme: internal", "scheme: internet-facing"));
        Run v = cli("validate", "--offline", "-f", open.toString());
        assertThat(v.out()).contains("service_config.api.load_balancer.scheme").contains("clear HTTP");
        Run c = cli("create", "--quiet", "-f", open.toString(), "--endpoint-url", "http://127.0.0.1:9");
        // spec warnings go to stderr, once, before anything is created
        assertThat(c.err()).contains("warning: service_config.api.load_balancer.scheme: internet-facing without"
                + " certificate_arn");
    }

    @Test
    void helpListsTheConfigAndRestartCommands() {
        Run r = cli("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("  config ", "  restart ", "Exit codes:");
        Run config = cli("config", "--help");
        assertThat(config.exit()).isZero();
        assertThat(config.out()).contains("  update ", "  update-jvm ", "  update-service ", "  history ", "  diff ",
                "  rollback ");
        Run update = cli("config", "update", "--help");
        assertThat(update.out()).contains("--dry-run", "--note", "--yes", "--batch-size", "--pause", "--monitor",
                "--health-timeout", "--drain-timeout", "--on-failure", "--max-failures", "--order");
        assertThat(update.err()).isEmpty();
        for (String sub : new String[] {"update-jvm", "update-service", "history", "diff", "rollback"}) {
            Run help = cli("config", sub, "--help");
            assertThat(help.exit()).as(sub + ": " + help.err()).isZero();
            assertThat(help.out()).startsWith("Usage: ds-ec2 config " + sub);
        }
        Run rollback = cli("config", "rollback", "-h");
        assertThat(rollback.exit()).isZero();
        assertThat(rollback.out()).contains("--version=N").contains("The version to return to.");
        Run restart = cli("restart", "--help");
        assertThat(restart.exit()).isZero();
        assertThat(restart.out()).startsWith("Usage: ds-ec2 restart").contains("--role=ROLE[,ROLE...]");
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertThat(cli("create", "--bogus").exit()).isEqualTo(DsEc2Cli.BAD_INPUT);
    }
}
