package io.dsec2.examples.cli;

import io.dsec2.DsCluster;
import io.dsec2.examples.migrate.PredecessorImport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ds-ec2 import-config --from dolphinscheduler-ec2-on-aws FILE [-o cluster.yaml]}: writes the equivalent
 * ds-ec2 spec, lists the notes and every key not carried over, and checks that the written spec plans.
 */
@Command(name = "import-config", mixinStandardHelpOptions = true,
        description = {"Convert a config.yaml of another tool into a ds-ec2 spec.",
            "Prints the spec (or writes it with -o), then notes and every key not carried over, with the reason."
            + " Exit 0 when the spec plans, 2 when it needs fixing first (the errors are printed)."})
final class ImportConfigCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, paramLabel = "TOOL",
            description = "the tool FILE was written for: " + PredecessorImport.TOOL)
    String from;

    @Parameters(index = "0", paramLabel = "FILE", description = "the config.yaml to convert")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the spec here (default: print it)")
    Path output;

    @picocli.CommandLine.Mixin
    JsonOption json;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        if (!PredecessorImport.TOOL.equals(from)) {
            err.println("--from " + from + " is not supported: use --from " + PredecessorImport.TOOL);
            return DsEc2Cli.BAD_INPUT;
        }
        if (!Files.isRegularFile(file)) {
            err.println(file + ": no such file");
            return DsEc2Cli.BAD_INPUT;
        }
        PredecessorImport.Result r;
        try {
            r = PredecessorImport.convert(Files.readString(file), file.toString());
        } catch (IllegalArgumentException | org.snakeyaml.engine.v2.exceptions.YamlEngineException e) {
            err.println(file + ": " + e.getMessage());
            return DsEc2Cli.BAD_INPUT;
        }
        if (json.json) {
            if (output != null) {
                Files.writeString(output, r.yaml());
            }
            DsCluster.fromYaml(r.yaml(), output == null ? file + " (imported)" : output.toString()).plan();
            java.util.Map<String, Object> o = new java.util.LinkedHashMap<>();
            o.put("output", output == null ? null : output.toString());
            o.put("spec", output == null ? r.yaml() : null);
            o.put("notes", r.notes());
            o.put("notCarriedOver", r.unmapped().stream().map(u -> java.util.Map.of("path", u.path(), "reason",
                    u.reason())).toList());
            o.put("plans", true);
            JsonOption.print(out, o);
            return DsEc2Cli.OK;
        }
        PrintWriter report = out;
        if (output == null) {
            out.print(r.yaml());
            report = err;
        } else {
            Files.writeString(output, r.yaml());
            out.println("wrote " + output);
        }
        if (!r.notes().isEmpty()) {
            report.println("notes:");
            for (String n : r.notes()) {
                report.println("  - " + n);
            }
        }
        if (!r.unmapped().isEmpty()) {
            report.println("not carried over (" + r.unmapped().size() + "):");
            for (PredecessorImport.Unmapped u : r.unmapped()) {
                report.println("  - " + u);
            }
        }
        report.flush();
        // the written spec must plan: build it as `ds-ec2 plan` would (no credentials, no AWS call)
        DsCluster.fromYaml(r.yaml(), output == null ? file + " (imported)" : output.toString()).plan();
        report.println("the imported spec plans cleanly: run `ds-ec2 plan -f " + (output == null ? "FILE" : output)
                + "` to see it");
        report.flush();
        return DsEc2Cli.OK;
    }
}
