package io.dsec2.examples.cli;

import io.dsec2.DsCluster;
import io.dsec2.model.ClusterSpec;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Options every command shares: the spec file and the AWS overrides that make it run anywhere.
 * {@link ClusterOptions} adds {@code --cluster NAME} for the commands that can do without the file.
 */
class SpecOptions {
    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The cluster spec (YAML). Required.")
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

    /** @return the cluster named by {@code --cluster}, or null (only {@link ClusterOptions} has the option) */
    String clusterName() {
        return null;
    }

    /**
     * @return the spec with the command-line overrides applied: the file's, or with {@code --cluster} the one
     *     recorded in the state store
     */
    ClusterSpec spec() {
        String name = clusterName();
        if (file != null && name != null) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "-f and --cluster both given: name the cluster by its spec file or by --cluster, not both");
        }
        if (file == null && name == null) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "Missing required option: '--file=FILE'" + (this instanceof ClusterOptions
                            ? " (or --cluster NAME for a cluster whose spec file is lost)" : ""));
        }
        if (file == null) {
            return withOverrides(DsCluster.recordedSpec(name, stateStore()));
        }
        return withOverrides(DsCluster.fromYaml(file).spec());
    }

    /** @return the state store the options name: {@code --state-s3}, {@code --state-dir} or the standard one */
    io.dsec2.spi.StateStore stateStore() {
        checkOneStateStore();
        if (stateS3 != null) {
            return s3Store(stateS3, region, profile, endpoint);
        }
        return stateDir != null ? io.dsec2.spi.StateStore.directory(stateDir) : io.dsec2.spi.StateStore.standard();
    }

    private void checkOneStateStore() {
        if (stateDir != null && stateS3 != null) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--state-dir and --state-s3 both given: keep the state in one place");
        }
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
        return builder(spec());
    }

    /** @return a builder of {@code spec} with the options' state store */
    DsCluster.Builder builder(ClusterSpec spec) {
        DsCluster.Builder b = DsCluster.builder().spec(spec);
        checkOneStateStore();
        if (stateDir != null) {
            b.stateDirectory(stateDir);
        }
        if (stateS3 != null) {
            b.stateStore(s3Store(stateS3, spec));
        }
        KillSwitch.fromEnvironment().ifPresent(b::addListener);
        return b;
    }

    /** The S3 state store at {@code s3://bucket/prefix/}, reached with the spec's region, profile and endpoint. */
    static io.dsec2.aws.S3StateStore s3Store(URI uri, ClusterSpec spec) {
        return s3Store(uri, spec.aws().region(), spec.aws().profile().orElse(null),
                spec.aws().endpointOverride().orElse(null));
    }

    /** The S3 state store at {@code s3://bucket/prefix/} in {@code region} (null: the SDK's default chain). */
    static io.dsec2.aws.S3StateStore s3Store(URI uri, String region, String profile, URI endpoint) {
        if (!"s3".equals(uri.getScheme()) || uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("--state-s3 must look like s3://BUCKET/PREFIX/, was " + uri);
        }
        String prefix = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/+", "");
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        io.dsec2.aws.AwsClientSettings.Builder client = io.dsec2.aws.AwsClientSettings.builder();
        if (region != null) {
            client.region(region);
        }
        if (endpoint != null) {
            client.endpointOverride(endpoint);
        }
        if (profile != null) {
            client.profileName(profile);
        }
        return io.dsec2.aws.S3StateStore.builder().bucket(uri.getHost()).prefix(prefix).clientSettings(client.build())
                .build();
    }
}
