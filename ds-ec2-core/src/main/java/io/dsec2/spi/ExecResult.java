package io.dsec2.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The outcome of a finished command: final exit status, captured output and wall-clock duration. A result
 * exists only once the remote command has ended.
 *
 * <pre>{@code
 * ExecResult r = executor.execute(req);
 * if (r.exitStatus() == 0) { use(r.stdout()); }
 * }</pre>
 *
 * <p>{@link #command()} and {@link #stderr()} are redacted (the request's secrets masked); {@link #stdout()} is
 * returned exactly as printed (decoded as UTF-8), because callers may need it, and is never logged by the
 * executor. Instances are immutable and thread-safe.
 */
public final class ExecResult {
    private final RemoteHost host;
    private final String command;
    private final int exitStatus;
    private final String stdout;
    private final String stderr;
    private final Duration duration;

    private ExecResult(Builder b) {
        this.host = Objects.requireNonNull(b.host, "host must not be null");
        this.command = Objects.requireNonNull(b.command, "command must not be null");
        this.exitStatus = b.exitStatus;
        this.stdout = Objects.requireNonNull(b.stdout, "stdout must not be null");
        this.stderr = Objects.requireNonNull(b.stderr, "stderr must not be null");
        this.duration = Objects.requireNonNull(b.duration, "duration must not be null");
    }

    /**
     * @return a new builder: empty stdout/stderr, exit status 0, zero duration
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return a builder holding this result's values
     */
    public Builder toBuilder() {
        return new Builder().host(host).command(command).exitStatus(exitStatus).stdout(stdout).stderr(stderr)
                .duration(duration);
    }

    /**
     * @param change edits applied to a builder holding this value's fields
     * @return a new ExecResult with the edits applied
     */
    public ExecResult copy(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /**
     * @return the host the command ran on
     */
    public RemoteHost host() {
        return host;
    }

    /**
     * @return the command with secrets masked
     */
    public String command() {
        return command;
    }

    /**
     * @return the exit status, 0..255 (124 or 137 after a timeout, 128+n when killed by signal n)
     */
    public int exitStatus() {
        return exitStatus;
    }

    /**
     * @return captured standard output
     */
    public String stdout() {
        return stdout;
    }

    /**
     * @return captured standard error, with the request's secrets masked
     */
    public String stderr() {
        return stderr;
    }

    /**
     * @return wall-clock time from sending the command to its end
     */
    public Duration duration() {
        return duration;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ExecResult)) {
            return false;
        }
        ExecResult r = (ExecResult) o;
        return exitStatus == r.exitStatus && host.equals(r.host) && command.equals(r.command)
                && stdout.equals(r.stdout) && stderr.equals(r.stderr) && duration.equals(r.duration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, command, exitStatus, stdout, stderr, duration);
    }

    /**
     * @return host, redacted command, exit status, duration and output sizes (not the output itself)
     */
    @Override
    public String toString() {
        return "ExecResult{host=" + host + ", command=" + command + ", exitStatus=" + exitStatus + ", duration="
                + duration + ", stdoutChars=" + stdout.length() + ", stderrChars=" + stderr.length() + "}";
    }

    /** Mutable, not thread-safe builder of {@link ExecResult}. */
    public static final class Builder {
        private RemoteHost host;
        private String command;
        private int exitStatus;
        private String stdout = "";
        private String stderr = "";
        private Duration duration = Duration.ZERO;

        private Builder() {
        }

        /**
         * @param host the host, required
         * @return this builder
         */
        public Builder host(RemoteHost host) {
            this.host = Objects.requireNonNull(host, "host must not be null");
            return this;
        }

        /**
         * @param command the command, already redacted, required
         * @return this builder
         */
        public Builder command(String command) {
            this.command = Objects.requireNonNull(command, "command must not be null");
            return this;
        }

        /**
         * @param exitStatus final exit status
         * @return this builder
         */
        public Builder exitStatus(int exitStatus) {
            this.exitStatus = exitStatus;
            return this;
        }

        /**
         * @param stdout captured standard output
         * @return this builder
         */
        public Builder stdout(String stdout) {
            this.stdout = Objects.requireNonNull(stdout, "stdout must not be null");
            return this;
        }

        /**
         * @param stderr captured standard error
         * @return this builder
         */
        public Builder stderr(String stderr) {
            this.stderr = Objects.requireNonNull(stderr, "stderr must not be null");
            return this;
        }

        /**
         * @param duration non-negative run time
         * @return this builder
         */
        public Builder duration(Duration duration) {
            Objects.requireNonNull(duration, "duration must not be null");
            if (duration.isNegative()) {
                throw new IllegalArgumentException("duration must not be negative");
            }
            this.duration = duration;
            return this;
        }

        /**
         * @return the result
         * @throws NullPointerException if host or command is missing
         */
        public ExecResult build() {
            return new ExecResult(this);
        }
    }
}
