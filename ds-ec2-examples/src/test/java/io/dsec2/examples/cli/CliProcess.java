package io.dsec2.examples.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command as a separate process, as an operator's shell would (stdout and stderr kept apart, no terminal). */
public final class CliProcess {
    private CliProcess() {
    }

    public record Result(int exit, String out, String err) {
    }

    /** Runs {@code DsEc2Cli.main} in a fresh JVM with this test's class path. */
    public static Result cli(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                DsEc2Cli.class.getName()));
        cmd.addAll(List.of(args));
        return run(workDir, cmd, Map.of());
    }

    /** The packaged CLI's tarball ({@code mvn package} builds it; failsafe passes its path). */
    static final Path TAR = Path.of(System.getProperty("ds-ec2.dist.tar", "target/missing.tar.gz"));
    /** The project version the distribution carries in its name. */
    static final String VERSION = System.getProperty("ds-ec2.version");
    private static Path unpacked;

    /**
     * The packaged CLI unpacked once per JVM under {@code target/dist-run}, as an operator installs it.
     *
     * @return its home ({@code .../ds-ec2-VERSION}, holding bin/, lib/)
     */
    public static synchronized Path unpackedDistribution() throws IOException, InterruptedException {
        if (unpacked == null) {
            if (!Files.isRegularFile(TAR)) {
                throw new IllegalStateException("no packaged CLI at " + TAR + ": run 'mvn package' first (this test"
                        + " runs under failsafe, after package)");
            }
            Path into = Path.of("target/dist-run").toAbsolutePath();
            if (Files.exists(into)) {
                try (var walk = Files.walk(into)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(into);
            Result untar = run(into, List.of("tar", "-xzf", TAR.toAbsolutePath().toString(), "-C", into.toString()),
                    Map.of());
            if (untar.exit() != 0) {
                throw new IllegalStateException("tar -xzf " + TAR + " failed: " + untar.err());
            }
            unpacked = into.resolve("ds-ec2-" + VERSION);
        }
        return unpacked;
    }

    /**
     * An environment whose PATH holds only a link to this JVM's {@code java} (in {@code dir/path}) and whose HOME is
     * {@code dir}; everything else (the AWS credentials variables, for one) is inherited.
     */
    public static Map<String, String> javaOnly(Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("path"));
        if (!Files.exists(bin.resolve("java"), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(bin.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
        }
        return Map.of("PATH", bin.toString(), "HOME", dir.toString());
    }

    /** Runs the unpacked distribution's {@code bin/ds-ec2} with only {@code java} on the PATH. */
    public static Result packaged(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(unpackedDistribution().resolve("bin/ds-ec2").toString()));
        cmd.addAll(List.of(args));
        return run(workDir, cmd, javaOnly(workDir));
    }

    static Result run(Path workDir, List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "out-", ".txt");
        Path err = Files.createTempFile(workDir, "err-", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + cmd);
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
