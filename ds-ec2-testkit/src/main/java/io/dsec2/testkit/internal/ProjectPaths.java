package io.dsec2.testkit.internal;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the project's own files at run time: the root (system property {@code ds-ec2.project.root}, set by
 * the build, else the nearest ancestor of the working directory holding {@code scripts/setup.sh}) and the
 * Python environment that {@code scripts/setup.sh} creates.
 */
public final class ProjectPaths {
    private ProjectPaths() {
    }

    /** @return the project root directory */
    public static Path root() {
        String prop = System.getProperty("ds-ec2.project.root");
        if (prop != null && !prop.isBlank() && Files.exists(Path.of(prop, "scripts", "setup.sh"))) {
            return Path.of(prop).toAbsolutePath();
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.exists(p.resolve("scripts/setup.sh"))) {
                return p;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("cannot find the ds-ec2 project root (no scripts/setup.sh above "
                + Path.of("").toAbsolutePath() + "); set -Dds-ec2.project.root=<dir>");
    }

    /** @return the project-local Python environment ({@code <root>/.venv}), checked to hold moto_server */
    public static Path venv() {
        Path venv = root().resolve(".venv");
        if (!Files.isExecutable(venv.resolve("bin/moto_server"))) {
            throw new IllegalStateException("moto_server not found in " + venv + ": run scripts/setup.sh first");
        }
        return venv;
    }
}
