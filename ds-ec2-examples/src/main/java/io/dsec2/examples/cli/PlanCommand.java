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
            m.put("cost", cost(io.dsec2.model.CostEstimate.of(cluster.spec())));
            m.put("text", plan);
            JsonOption.print(command.commandLine().getOut(), m);
            return DsEc2Cli.OK;
        }
        command.commandLine().getOut().print(plan);
        command.commandLine().getOut().flush();
        return DsEc2Cli.OK;
    }

    /** The estimate as JSON: per group, totals (null when something is not priced) and what is not priced. */
    static java.util.Map<String, Object> cost(io.dsec2.model.CostEstimate c) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("region", c.region());
        m.put("source", c.source());
        m.put("priceDate", c.priceDate());
        m.put("hoursPerMonth", c.hoursPerMonth());
        java.util.List<java.util.Map<String, Object>> groups = new java.util.ArrayList<>();
        for (io.dsec2.model.CostEstimate.Line l : c.lines()) {
            java.util.Map<String, Object> g = new java.util.LinkedHashMap<>();
            g.put("group", l.group());
            g.put("role", l.role().id());
            g.put("count", l.count());
            g.put("instanceType", l.instanceType());
            g.put("usdPerHour", l.usdPerHour().toPlainString());
            g.put("usdPerMonth", l.usdPerMonth().toPlainString());
            groups.add(g);
        }
        m.put("groups", groups);
        m.put("loadBalancerUsdPerHour", c.loadBalancerUsdPerHour().map(java.math.BigDecimal::toPlainString).orElse(null));
        m.put("totalUsdPerHour", c.totalUsdPerHour().toPlainString());
        m.put("totalUsdPerMonth", c.totalUsdPerMonth().toPlainString());
        m.put("unpriced", c.unpriced());
        return m;
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
