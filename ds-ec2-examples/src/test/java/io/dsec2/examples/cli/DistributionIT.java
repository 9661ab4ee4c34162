package io.dsec2.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged CLI (target/ds-ec2-VERSION.tar.gz and .zip, built by {@code mvn package}; run by failsafe after it):
 * unpacked into a temporary directory, {@code bin/ds-ec2} runs with nothing but {@code java} on the PATH.
 * {@code ConsoleOutputIT} (also under failsafe) runs create, scale, restart and delete on the LocalCloud through it.
 */
class DistributionIT {
    static final String VERSION = System.getProperty("ds-ec2.version");
    static final Path TAR = Path.of(System.getProperty("ds-ec2.dist.tar", "target/missing.tar.gz"));
    static final Path ZIP = Path.of(System.getProperty("ds-ec2.dist.zip", "target/missing.zip"));

    static Map<String, String> javaOnly(Path tmp) throws Exception {
        return CliProcess.javaOnly(tmp);
    }

    @Test
    void theTarballRunsWithOnlyJavaOnThePath(@TempDir Path tmp) throws Exception {
        assertThat(TAR).as("run 'mvn package' first").isRegularFile();
        Path into = Files.createDirectories(tmp.resolve("opt"));
        CliProcess.Result untar = CliProcess.run(tmp, List.of("tar", "-xzf", TAR.toString(), "-C", into.toString()),
                Map.of());
        assertThat(untar.exit()).as(untar.err()).isZero();
        Path home = into.resolve("ds-ec2-" + VERSION);
        assertThat(home.resolve("bin/ds-ec2")).isExecutable();
        assertThat(home.resolve("bin/ds-ec2.bat")).isRegularFile();
        assertThat(home.resolve("LICENSE")).isRegularFile();
        assertThat(home.resolve("README.md")).isRegularFile();
        try (var s = Files.list(home.resolve("lib"))) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).anyMatch(n -> n.startsWith("ds-ec2-core-"))
                    .anyMatch(n -> n.startsWith("ds-ec2-examples-")).anyMatch(n -> n.startsWith("picocli-"))
                    .noneMatch(n -> n.startsWith("ds-ec2-testkit")).noneMatch(n -> n.startsWith("junit"));
        }

        Map<String, String> env = javaOnly(tmp);
        CliProcess.Result version = CliProcess.run(tmp, List.of(home.resolve("bin/ds-ec2").toString(), "--version"), env);
        assertThat(version.exit()).as(version.err()).isZero();
        assertThat(version.out()).startsWith("ds-ec2 " + VERSION + " (DolphinScheduler 3.2.0)");

        CliProcess.Result plan = CliProcess.run(tmp, List.of(home.resolve("bin/ds-ec2").toString(), "plan", "-f",
                DsEc2CliTest.SAMPLE.toString(), "--endpoint-url", "http://127.0.0.1:9"), env);
        assertThat(plan.exit()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("cluster analytics in us-east-1", "master-1", "worker-3");
        assertThat(plan.err()).isEmpty();

        // through a symlink, as when linked into a directory on the PATH
        Path link = tmp.resolve("path/ds-ec2");
        Files.createSymbolicLink(link, home.resolve("bin/ds-ec2"));
        CliProcess.Result viaLink = CliProcess.run(tmp, List.of(link.toString(), "--version"),
                Map.of("PATH", tmp.resolve("path") + ":/usr/bin:/bin", "HOME", tmp.toString()));
        assertThat(viaLink.exit()).as(viaLink.err()).isZero();
        assertThat(viaLink.out()).startsWith("ds-ec2 " + VERSION);
    }

    @Test
    void theZipHoldsTheSameFiles() throws Exception {
        assertThat(ZIP).as("run 'mvn package' first").isRegularFile();
        try (ZipFile z = new ZipFile(ZIP.toFile())) {
            List<String> names = z.stream().map(ZipEntry::getName).toList();
            String base = "ds-ec2-" + VERSION + "/";
            assertThat(names).contains(base + "bin/ds-ec2", base + "bin/ds-ec2.bat", base + "LICENSE", base + "README.md")
                    .anyMatch(n -> n.startsWith(base + "lib/ds-ec2-aws-"));
            String bat = new String(z.getInputStream(z.getEntry(base + "bin/ds-ec2.bat")).readAllBytes());
            assertThat(bat).contains("\r\n").contains("io.dsec2.examples.cli.DsEc2Cli");
        }
    }
}
