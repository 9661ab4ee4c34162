package io.dsec2.examples.cli;

import picocli.CommandLine.Option;

/**
 * {@link SpecOptions} plus {@code --cluster NAME}: for {@code delete}, {@code status} and {@code scale}, which can
 * work on a cluster whose spec file is lost, from the spec ds-ec2 recorded in the state store when it last applied
 * a configuration (see {@link io.dsec2.DsCluster#recordedSpec}).
 */
final class ClusterOptions extends SpecOptions {
    @Option(names = "--cluster", paramLabel = "NAME", completionCandidates = ClusterNames.class,
            description = "Instead of -f: the cluster's name; its spec is the one recorded in the state store"
                    + " (--state-dir, --state-s3 or ~/.ds-ec2/clusters) at its last create or update. Give --region"
                    + " too unless the recorded one is meant.")
    String cluster;

    @Override
    String clusterName() {
        return cluster;
    }
}
