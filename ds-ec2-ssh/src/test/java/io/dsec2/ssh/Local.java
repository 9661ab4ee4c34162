package io.dsec2.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Local helpers for the SSH tests: running a tool, test time scaling, required tools. */
final class Local {
    private Local() {
    }

    /** @return the test timeout multiplier ({@code -Dds-ec2.test.timeout-factor}, default 1) */
    static Duration scaled(Duration d) {
        double factor = Double.parseDouble(System.getProperty("ds-ec2.test.timeout-factor", "1"));
        return Duration.ofMillis((long) (d.toMillis() * factor));
    }

    /** Fails with an install hint if a tool is missing. */
    static void requireTool(String path, String debianPackage) {
        if (!Files.isExecutable(Path.of(path))) {
            throw new AssertionError(path + " is missing: install the Debian package '" + debianPackage
                    + "' (bash scripts/setup.sh does it)");
        }
    }

    /**
     * Runs a local command to completion (60 s at most) and returns its stdout; throws if it fails.
     *
     * @param command program and arguments
     * @return stdout
     */
    static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + List.of(command));
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new AssertionError("failed (exit " + p.exitValue() + "): " + List.of(command) + "\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + List.of(command) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
