package io.dsec2.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code ds-ec2 plan -f cluster.yaml}: what create would do, from the spec alone; no credentials needed. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show what create would do. Reads only the spec: no credentials, no AWS call.")
final class PlanCommand implements Callable<Integer> {
    @Mixin
    SpecOptions options;

    @Mixin
    JsonOption json;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        io.dsec2.DsCluster cluster = options.builder().build();
        var warnings = SpecWarnings.of(cluster);
        SpecWarnings.print(command.commandLine().getErr(), warnings);
        String plan = cluster.plan();
        if (json.json) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("cluster", cluster.spec().name());
            m.put("region", cluster.spec().aws().region());
            m.put("nodes", nodes(plan));
            m.put("loadBalancer", cluster.spec().loadBalancer().enabled());
            m.put("warnings", JsonViews.findings(warnings));
            m.put("text", plan);
            JsonOption.print(command.commandLine().getOut(), m);
            return DsEc2Cli.OK;
        }
        command.commandLine().getOut().print(plan);
        command.commandLine().getOut().flush();
        return DsEc2Cli.OK;
    }

    private static final java.util.regex.Pattern NODE_LINE = java.util.regex.Pattern.compile(
            "^(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)(?: \\((\\S+)\\))?\\s+(\\d+) GiB .*$");

    /** The node table of the rendered plan, one map per node (nodeId, role, instanceType, subnet, az, rootVolumeGib). */
    static java.util.List<java.util.Map<String, Object>> nodes(String plan) {
        java.util.List<java.util.Map<String, Object>> nodes = new java.util.ArrayList<>();
        for (String line : plan.lines().toList()) {
            var m = NODE_LINE.matcher(line);
            if (m.matches() && !line.startsWith("NODE ")) {
                java.util.Map<String, Object> n = new java.util.LinkedHashMap<>();
                n.put("nodeId", m.group(1));
                n.put("role", m.group(2));
                n.put("instanceType", m.group(3));
                n.put("subnet", m.group(4).equals("-") ? null : m.group(4));
                n.put("availabilityZone", m.group(5));
                n.put("rootVolumeGib", Integer.parseInt(m.group(6)));
                nodes.add(n);
            }
        }
        return nodes;
    }
}
