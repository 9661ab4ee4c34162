package io.dsec2.testkit.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs local commands for the testkit (ip, tc, iptables, ssh-keygen, mariadb-install-db, ...), draining
 * stdout and stderr and enforcing a timeout. Thread-safe: it holds no state.
 */
public final class Processes {
    private Processes() {
    }

    /** The outcome of a finished command. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr, Duration duration) {
        public boolean ok() {
            return exitCode == 0;
        }

        /**
         * @return this result if the command exited 0
         * @throws IllegalStateException naming the command, its exit code and stderr otherwise
         */
        public Result orThrow() {
            if (exitCode != 0) {
                throw new IllegalStateException("command failed (exit " + exitCode + "): " + String.join(" ", command)
                        + (stderr.isBlank() ? "" : "\n" + stderr.strip()));
            }
            return this;
        }
    }

    /** Runs a command with a 60 s timeout and returns its result, whatever the exit code. */
    public static Result run(String... command) {
        return run(List.of(command), Map.of(), Duration.ofSeconds(60));
    }

    /** Runs a command and throws if it exits non-zero. */
    public static Result check(String... command) {
        return run(command).orThrow();
    }

    /**
     * Runs a command, waits for it at most {@code timeout}, and returns its result.
     *
     * @param command the program and its arguments
     * @param env extra environment variables
     * @param timeout how long to wait; the process is killed when it passes
     * @return the result (exit code 124 if the timeout passed, as with coreutils' timeout)
     */
    public static Result run(List<String> command, Map<String, String> env, Duration timeout) {
        long start = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0) + ": " + e.getMessage()
                    + " (run scripts/setup.sh to install the prerequisites)", e);
        }
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // stdin not needed
        }
        Drain out = new Drain(p.getInputStream());
        Drain err = new Drain(p.getErrorStream());
        out.start();
        err.start();
        try {
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            out.join(2000);
            err.join(2000);
            return new Result(List.copyOf(command), done ? p.exitValue() : 124, out.text(), err.text(),
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    private static final class Drain extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        Drain(InputStream in) {
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                in.transferTo(buf);
            } catch (IOException ignored) {
                // process ended
            }
        }

        String text() {
            synchronized (buf) {
                return buf.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
