package io.dsec2.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ds-ec2} command line. Exit codes a script can rely on: 0 success, 1 the operation failed (the
 * message names the nodes and steps), 2 bad input (usage or an invalid spec; nothing was created), 3 the
 * cluster is locked by another operator; {@code status} also returns 4 when the cluster is degraded and 5 when it
 * is down (0 when healthy). {@code config update}, {@code config update-jvm}, {@code config update-service},
 * {@code config rollback} and {@code restart} return 1 when a node failed its health gate and the rollout paused or
 * rolled back, 2 for an unsupported change (nothing changed), and 4 when the rollout completed with failed nodes
 * tolerated by {@code --on-failure continue --max-failures N}.
 */
@Command(name = "ds-ec2", mixinStandardHelpOptions = true, versionProvider = DsEc2Cli.Version.class,
        description = "Create and run Apache DolphinScheduler 3.2.0 clusters on AWS EC2.",
        subcommands = {CreateCommand.class, PlanCommand.class, ValidateCommand.class, StatusCommand.class,
                ScaleCommand.class, ConfigCommand.class, RestartCommand.class, DeleteCommand.class,
                ImportConfigCommand.class, ListCommand.class, CompletionCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0 success", "  1 the operation failed (the message names each failed node and its cause)",
                "  2 bad input: usage, an invalid spec, an unsupported config change", "  3 the cluster is locked by"
                + " another operator", "  4 status: degraded; config update/rollback, restart: done, with failed"
                + " nodes", "    tolerated by --on-failure continue --max-failures N",
                "  5 status: down"})
public final class DsEc2Cli {
    @picocli.CommandLine.Mixin
    LogOptions logOptions;

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int LOCKED = 3;
    /** {@code status}: the cluster serves, but a node or check failed. */
    public static final int DEGRADED = 4;
    /** {@code status}: no registered master, no healthy api server, or ZooKeeper unreadable. */
    public static final int DOWN = 5;

    /** {@code ds-ec2 <version> (DolphinScheduler 3.2.0)}, the version from the jar's manifest. */
    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = DsEc2Cli.class.getPackage().getImplementationVersion();
            return new String[] {"ds-ec2 " + (v == null ? "(development build)" : v) + " (DolphinScheduler 3.2.0)",
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.home") + ")"};
        }
    }

    public static void main(String[] args) {
        CliLogging.configure(java.util.List.of(args));
        System.exit(run(args));
    }

    /** Runs the CLI without exiting the JVM (for embedding and tests); returns the exit code. */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new DsEc2Cli());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler((ex, a) -> {
            cl.getErr().println(ex.getMessage());
            ex.getCommandLine().usage(cl.getErr());
            return BAD_INPUT;
        });
        return cl.execute(args);
    }
}
