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

    @Option(names = "--state-s3", paramLabel = "s3://BUCKET/PREFIX/",
            description = "Keep journals, config versions and the cluster lock in S3 instead (a team's shared state;"
                    + " the lock is a lease taken by a conditional write). Not with --state-dir.")
    URI stateS3;

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
        ClusterSpec spec = spec();
        DsCluster.Builder b = DsCluster.builder().spec(spec);
        if (stateDir != null && stateS3 != null) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--state-dir and --state-s3 both given: keep the state in one place");
        }
        if (stateDir != null) {
            b.stateDirectory(stateDir);
        }
        if (stateS3 != null) {
            b.stateStore(s3Store(stateS3, spec));
        }
        return b;
    }

    /** The S3 state store at {@code s3://bucket/prefix/}, reached with the spec's region, profile and endpoint. */
    static io.dsec2.aws.S3StateStore s3Store(URI uri, ClusterSpec spec) {
        if (!"s3".equals(uri.getScheme()) || uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("--state-s3 must look like s3://BUCKET/PREFIX/, was " + uri);
        }
        String prefix = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/+", "");
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        io.dsec2.aws.AwsClientSettings.Builder client = io.dsec2.aws.AwsClientSettings.builder()
                .region(spec.aws().region());
        spec.aws().endpointOverride().ifPresent(client::endpointOverride);
        spec.aws().profile().ifPresent(client::profileName);
        return io.dsec2.aws.S3StateStore.builder().bucket(uri.getHost()).prefix(prefix).clientSettings(client.build())
                .build();
    }
}
