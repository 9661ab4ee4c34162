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

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        DsCluster.Builder b = options.builder();
        if (noRollback) {
            b.spec(s -> s.deployment(options.spec().deployment().copy(d -> d.rollbackOnFailure(false))));
        }
        if (!quiet) {
            b.addListener(new ConsoleProgress(out));
        }
        DsCluster cluster = b.build();
        // the spec's own warnings (open access, plain HTTP, TLS off, literal secrets) before anything is created
        cluster.validate(io.dsec2.validate.ValidateOptions.builder().online(false).build()).warnings()
                .forEach(w -> out.println("warning: " + w.path() + ": " + w.message()));
        out.flush();
        try (DsClusterHandle h = cluster.create()) {
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
