package io.dsec2.examples.cli;

import io.dsec2.DsCluster;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code ds-ec2 config history -f cluster.yaml}: the recorded configuration versions, oldest first. Read-only. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "List the cluster's recorded configuration versions, oldest first: version, time (UTC), who,"
                + " operation, status, digest, note. Reads the state directory only.")
final class ConfigHistoryCommand implements Callable<Integer> {
    @Mixin
    SpecOptions options;

    @picocli.CommandLine.Mixin
    JsonOption json;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        DsCluster cluster = options.builder().build();
        var out = command.commandLine().getOut();
        if (json.json) {
            JsonOption.print(out, java.util.Map.of("cluster", cluster.spec().name(), "versions",
                    cluster.history().stream().map(JsonViews::version).toList()));
            return DsEc2Cli.OK;
        }
        out.print(HistoryTable.render(cluster.spec().name(), cluster.history()));
        out.flush();
        return DsEc2Cli.OK;
    }
}
