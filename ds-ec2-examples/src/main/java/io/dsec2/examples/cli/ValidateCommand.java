package io.dsec2.examples.cli;

import io.dsec2.validate.Finding;
import io.dsec2.validate.ValidateOptions;
import io.dsec2.validate.ValidationReport;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ds-ec2 validate -f cluster.yaml [--suppress id,id] [--offline] [--json]}: the pre-flight checks, grouped
 * by level. Exit 0 when there is no error, 2 when there is one (nothing is created either way).
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check the spec, AWS, database, ZooKeeper, S3, secrets and package URLs before create."
                + " Creates nothing. Exit 0 without errors, 2 with errors.")
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    SpecOptions options;

    @Option(names = "--suppress", split = ",", paramLabel = "ID", description = "check ids to ignore, e.g. aws.dry_run")
    List<String> suppress = List.of();

    @Option(names = "--offline", description = "only the spec's own rules; no network call")
    boolean offline;

    @Option(names = "--json", description = "print the findings as JSON")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        ValidationReport report = options.builder().build().validate(ValidateOptions.builder()
                .suppress(suppress.toArray(String[]::new)).online(!offline).build());
        PrintWriter out = command.commandLine().getOut();
        out.print(json ? json(report) : text(report));
        out.flush();
        return report.passed() ? DsEc2Cli.OK : DsEc2Cli.BAD_INPUT;
    }

    static String text(ValidationReport r) {
        StringBuilder b = new StringBuilder();
        for (Finding.Level level : Finding.Level.values()) {
            List<Finding> fs = r.findings().stream().filter(f -> f.level() == level).toList();
            if (fs.isEmpty()) {
                continue;
            }
            b.append(level).append(" (").append(fs.size()).append(")\n");
            for (Finding f : fs) {
                b.append("  ").append(f.path()).append("  [").append(f.id()).append("]\n      ")
                        .append(f.message()).append('\n');
            }
        }
        b.append(r.passed() ? "PASSED" : "FAILED").append(": ").append(r.errors().size()).append(" error(s), ")
                .append(r.warnings().size()).append(" warning(s), ").append(r.infos().size()).append(" info(s)\n");
        return b.toString();
    }

    static String json(ValidationReport r) {
        StringBuilder b = new StringBuilder("{\"passed\":").append(r.passed()).append(",\"findings\":[");
        for (int i = 0; i < r.findings().size(); i++) {
            Finding f = r.findings().get(i);
            b.append(i == 0 ? "" : ",").append("{\"level\":").append(str(f.level().name())).append(",\"id\":")
                    .append(str(f.id())).append(",\"path\":").append(str(f.path())).append(",\"message\":")
                    .append(str(f.message())).append('}');
        }
        return b.append("]}\n").toString();
    }

    private static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
