package io.dsec2.examples.cli;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/** {@code ds-ec2 list [--region R] [--json]}: the clusters in a region, found by ds-ec2's tags; no spec needed. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the ds-ec2 clusters in a region, found by their tags (no spec needed): name, VPC, nodes"
                + " per role and state, load balancer, created, created by. Read-only.")
final class ListCommand implements Callable<Integer> {
    @Option(names = "--region", description = "AWS region (default: AWS_REGION, the profile's region).")
    String region;

    @Option(names = "--profile", description = "AWS credentials profile.")
    String profile;

    @Option(names = "--endpoint-url", paramLabel = "URL", description = "AWS endpoint override (e.g. the"
            + " LocalCloud's).")
    URI endpoint;

    @Mixin
    JsonOption json;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        Region r = region != null ? Region.of(region) : DefaultAwsRegionProviderChain.builder().build().getRegion();
        AwsCredentialsProvider creds = profile != null ? ProfileCredentialsProvider.create(profile)
                : DefaultCredentialsProvider.builder().build();
        var ec2b = Ec2Client.builder().region(r).credentialsProvider(creds).httpClientBuilder(ApacheHttpClient.builder());
        var elbb = ElasticLoadBalancingV2Client.builder().region(r).credentialsProvider(creds)
                .httpClientBuilder(ApacheHttpClient.builder());
        if (endpoint != null) {
            ec2b.endpointOverride(endpoint);
            elbb.endpointOverride(endpoint);
        }
        List<ClusterInventory.Cluster> clusters;
        try (Ec2Client ec2 = ec2b.build(); ElasticLoadBalancingV2Client elb = elbb.build()) {
            clusters = ClusterInventory.list(ec2, elb);
        }
        var out = command.commandLine().getOut();
        if (json.json) {
            JsonOption.print(out, Map.of("region", r.id(), "clusters",
                    clusters.stream().map(ClusterInventory.Cluster::toJson).toList()));
            return DsEc2Cli.OK;
        }
        if (clusters.isEmpty()) {
            out.println("no ds-ec2 cluster in " + r.id());
        } else {
            TextTable t = new TextTable("NAME", "VPC", "NODES", "LOAD BALANCER", "CREATED", "CREATED BY");
            for (ClusterInventory.Cluster c : clusters) {
                t.row(c.name(), String.join(",", c.vpcs()), nodes(c.counts()), c.loadBalancer() == null ? "-"
                        : c.loadBalancer(), c.created() == null ? "-" : c.created().toString(),
                        c.createdBy() == null ? "-" : c.createdBy());
            }
            out.print(t.render());
        }
        out.flush();
        return DsEc2Cli.OK;
    }

    /** {@code master 2, worker 3 (2 running, 1 stopped)}: running counts, other states spelled out. */
    static String nodes(Map<String, Map<String, Integer>> counts) {
        return counts.entrySet().stream().map(e -> {
            int total = e.getValue().values().stream().mapToInt(Integer::intValue).sum();
            boolean allRunning = e.getValue().keySet().equals(java.util.Set.of("running"));
            return e.getKey() + " " + total + (allRunning ? "" : " (" + e.getValue().entrySet().stream()
                    .map(s -> s.getValue() + " " + s.getKey()).collect(Collectors.joining(", ")) + ")");
        }).collect(Collectors.joining(", "));
    }
}
