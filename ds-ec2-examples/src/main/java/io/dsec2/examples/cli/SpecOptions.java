package io.dsec2.examples.cli;

import io.dsec2.DsCluster;
import io.dsec2.model.ClusterSpec;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command shares: the spec file and the AWS overrides that make it run anywhere. */
final class SpecOptions {
    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The cluster spec (YAML).")
    Path file;

    @Option(names = "--region", description = "AWS region; overrides aws.region.")
    String region;

    @Option(names = "--profile", description = "AWS credentials profile; overrides aws.profile.")
    String profile;

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "AWS endpoint override (for example the LocalCloud's); overrides aws.endpoint.")
    URI endpoint;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Directory for journals, locks and pinned host keys (default ~/.ds-ec2/clusters).")
    Path stateDir;

    /** @return the spec with the command-line overrides applied */
    ClusterSpec spec() {
        return withOverrides(DsCluster.fromYaml(file).spec());
    }

    /** @return {@code spec} with the command-line AWS overrides (region, profile, endpoint) applied */
    ClusterSpec withOverrides(ClusterSpec spec) {
        if (region == null && profile == null && endpoint == null) {
            return spec;
        }
        return spec.copy(b -> b.aws(spec.aws().copy(a -> {
            if (region != null) {
                a.region(region);
            }
            if (profile != null) {
                a.profile(profile);
            }
            if (endpoint != null) {
                a.endpointOverride(endpoint);
            }
        })));
    }

    DsCluster.Builder builder() {
        DsCluster.Builder b = DsCluster.builder().spec(spec());
        if (stateDir != null) {
            b.stateDirectory(stateDir);
        }
        return b;
    }
}
