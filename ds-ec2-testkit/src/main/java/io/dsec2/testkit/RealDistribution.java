package io.dsec2.testkit;

import io.dsec2.testkit.internal.Processes;
import io.dsec2.testkit.internal.ProjectPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real Apache DolphinScheduler 3.2.0 binary distribution ({@code apache-dolphinscheduler-3.2.0-bin.tar.gz}),
 * rebuilt by the project's fixture script {@code ../shared/fixtures/dolphinscheduler-3.2.0/assemble}: DolphinScheduler's
 * own files from the fixture, every third-party jar from Maven Central through {@code mvn} (about 390 MB on the first
 * run, cached in {@code ~/.m2}; the finished tarball is cached in {@code ~/.cache/ds-ec2-fixtures} or
 * {@code $DS_EC2_FIXTURES}). The tarball is deterministic: the same SHA-512 on every machine.
 *
 * <p>The fixture directory is {@code <project root>/../shared/fixtures}, or the system property
 * {@code ds-ec2.fixtures.dir} / environment variable {@code DS_EC2_FIXTURES_DIR}. A missing directory, {@code mvn}
 * or {@code python3} is an {@link IllegalStateException} that says what is missing: never a skip. Thread-safe; the
 * tarball is assembled at most once per JVM.
 *
 * @param tarball the tarball's path
 * @param sha512 its SHA-512, lower-case hex
 */
public record RealDistribution(Path tarball, String sha512) {
    /** The tarball's file name, as upstream publishes it. */
    public static final String FILE_NAME = "apache-dolphinscheduler-3.2.0-bin.tar.gz";
    private static RealDistribution cached;

    /**
     * Returns the real distribution, assembling it on first use (2–3 minutes with a cold {@code ~/.m2}, under a
     * second when cached).
     *
     * @return the tarball and its SHA-512
     * @throws IllegalStateException if the fixture, {@code python3} or {@code mvn} is missing, or assembling fails
     *         (the message carries the script's last output lines)
     */
    public static synchronized RealDistribution get() {
        if (cached != null) {
            return cached;
        }
        Path script = fixturesDir().resolve("dolphinscheduler-3.2.0/assemble");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("the real DolphinScheduler 3.2.0 fixture is missing: " + script
                    + " does not exist. The tests need the project's shared/ directory beside the checkout"
                    + " (../shared/fixtures), or -Dds-ec2.fixtures.dir=<dir holding dolphinscheduler-3.2.0/assemble>");
        }
        for (String tool : List.of("python3", "mvn", "tar", "gzip")) {
            if (Processes.run("sh", "-c", "command -v " + tool).exitCode() != 0) {
                throw new IllegalStateException("assembling the real DolphinScheduler 3.2.0 distribution needs " + tool
                        + " on the PATH: install it (scripts/setup.sh installs python3, maven, tar and gzip)");
            }
        }
        Processes.Result r = Processes.run(List.of("python3", script.toString()), Map.of(), Duration.ofMinutes(20));
        String[] lines = r.stdout().strip().split("\n");
        if (r.exitCode() != 0 || lines.length < 2) {
            String err = (r.stderr() + "\n" + r.stdout()).strip();
            String[] errLines = err.split("\n");
            String tail = String.join("\n", List.of(errLines).subList(Math.max(0, errLines.length - 20), errLines.length));
            throw new IllegalStateException("assembling the real DolphinScheduler 3.2.0 distribution with " + script
                    + " failed (exit " + r.exitCode() + "); it downloads jars from Maven Central through mvn:\n" + tail);
        }
        Path tarball = Path.of(lines[lines.length - 2].strip());
        String sha = lines[lines.length - 1].strip();
        if (!Files.isRegularFile(tarball) || !sha.matches("[0-9a-f]{128}")) {
            throw new IllegalStateException("assemble printed no tarball and SHA-512: " + r.stdout().strip());
        }
        cached = new RealDistribution(tarball, sha);
        return cached;
    }

    /** @return the directory holding {@code dolphinscheduler-3.2.0/assemble} */
    public static Path fixturesDir() {
        String prop = System.getProperty("ds-ec2.fixtures.dir");
        if (prop == null || prop.isBlank()) {
            prop = System.getenv("DS_EC2_FIXTURES_DIR");
        }
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath();
        }
        return ProjectPaths.root().toAbsolutePath().getParent().resolve("shared/fixtures");
    }
}
