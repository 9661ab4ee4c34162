package io.dsec2.examples.cli;

import io.dsec2.DsCluster;
import io.dsec2.DsClusterHandle;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ds-ec2 create -f cluster.yaml}: creates (or completes and adopts) the cluster and prints its nodes. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create the cluster described by the spec, or complete one that exists. Re-running is safe.")
final class CreateCommand implements Callable<Integer> {
    @Mixin
    SpecOptions options;

    @Option(names = "--no-rollback", description = "Keep what a failed run created (for debugging).")
    boolean noRollback;

    @Option(names = "--quiet", description = "No progress display.")
    boolean quiet;

    @Mixin
    JsonOption json;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = json.prose(command.commandLine().getOut());
        DsCluster.Builder b = options.builder();
        if (noRollback) {
            b.spec(s -> s.deployment(options.spec().deployment().copy(d -> d.rollbackOnFailure(false))));
        }
        if (!quiet && !json.json) {
            b.addListener(new ConsoleProgress(out));
        }
        StageRecorder stages = new StageRecorder();
        b.addListener(stages);
        DsCluster cluster = b.build();
        var warnings = SpecWarnings.of(cluster);
        SpecWarnings.print(command.commandLine().getErr(), warnings);
        try (DsClusterHandle h = cluster.create()) {
            if (json.json) {
                java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("cluster", h.clusterId());
                m.put("nodes", h.nodes().stream().map(JsonViews::node).toList());
                m.put("loadBalancerDns", h.loadBalancerDns());
                m.put("uiUrl", h.uiUrl());
                m.put("apiUrl", h.apiUrl());
                m.put("durationSeconds", h.duration());
                m.put("stages", stages.stages());
                m.put("warnings", JsonViews.findings(warnings));
                JsonOption.print(command.commandLine().getOut(), m);
                return DsEc2Cli.OK;
            }
            out.println();
            NodeTable.print(out, h.nodes());
            h.loadBalancerDns().ifPresent(d -> out.println("load balancer: " + d));
            out.println("UI:  " + h.uiUrl());
            out.println("API: " + h.apiUrl());
            out.printf("created %s (%d nodes) in %.1f s%n", h.clusterId(), h.nodes().size(), h.duration().toMillis() / 1000.0);
            out.flush();
        }
        return DsEc2Cli.OK;
    }
}
