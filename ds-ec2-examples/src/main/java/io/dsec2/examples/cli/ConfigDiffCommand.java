package io.dsec2.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ds-ec2 config diff -f cluster.yaml A B}: what changes from version A to version B. Read-only. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Show what changes from configuration version A to version B (key, old -> new, roles,"
                + " policy). Reads the state directory only.")
final class ConfigDiffCommand implements Callable<Integer> {
    @Mixin
    SpecOptions options;

    @Parameters(index = "0", paramLabel = "A", description = "A version number (as config history lists it).")
    int from;

    @Parameters(index = "1", paramLabel = "B", description = "Another version number.")
    int to;

    @picocli.CommandLine.Mixin
    JsonOption json;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        var changes = options.builder().build().diff(from, to);
        var out = command.commandLine().getOut();
        if (json.json) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("from", from);
            m.put("to", to);
            m.putAll(JsonViews.changeSet(changes));
            JsonOption.print(out, m);
            return DsEc2Cli.OK;
        }
        out.print(ChangeSetTable.render("changes from v" + from + " to v" + to, changes));
        out.flush();
        return DsEc2Cli.OK;
    }
}
