package io.dsec2.spi;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.function.Consumer;

/**
 * One command to run on one host, with {@code bash -c} semantics (pipes, {@code &&}, redirections and
 * multi-line scripts work; the exit status is that of the script).
 *
 * <p>The call returns when the command has exited <em>and</em> its stdout/stderr are closed (as with
 * OpenSSH): a background process must redirect its output (e.g. {@code nohup cmd >log 2>&1 &}), or the call
 * waits for it until the timeout. At most 16 MiB of each stream are kept.
 *
 * <p>Secrets: every value in {@link #secrets()} is replaced by {@value #MASK} wherever the command (or
 * output quoted in an exception) would be shown: {@link ExecResult#command()}, exception messages, events and
 * logs. {@link #toString()} shows only the redacted command and never the stdin bytes.
 *
 * <pre>{@code
 * ExecRequest req = ExecRequest.builder().host(host)
 *         .command("mysql -uroot -p'" + pw + "' -e 'select 1'").addSecret(pw)
 *         .sudo(true).timeout(Duration.ofMinutes(2)).build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; the builder is not thread-safe.
 */
public final class ExecRequest {
    /** The text that replaces each secret. */
    public static final String MASK = "*****";
    /** Default {@link #timeout()}: 10 minutes. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    private final RemoteHost host;
    private final String command;
    private final boolean sudo;
    private final Duration timeout;
    private final byte[] stdin;
    private final Set<String> secrets;
    private final boolean failOnNonZeroExit;

    private ExecRequest(Builder b) {
        this.host = Objects.requireNonNull(b.host, "host must not be null");
        this.command = Objects.requireNonNull(b.command, "command must not be null");
        if (command.isBlank()) {
            throw new IllegalArgumentException("command must not be blank");
        }
        this.sudo = b.sudo;
        this.timeout = b.timeout;
        this.stdin = b.stdin == null ? null : b.stdin.clone();
        this.secrets = Set.copyOf(b.secrets);
        this.failOnNonZeroExit = b.failOnNonZeroExit;
    }

    /**
     * @return a new builder: no sudo, timeout 10 minutes, no stdin, no secrets, failOnNonZeroExit true
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return a builder holding this request's values
     */
    public Builder toBuilder() {
        Builder b = new Builder().host(host).command(command).sudo(sudo).timeout(timeout)
                .secrets(secrets).failOnNonZeroExit(failOnNonZeroExit);
        b.stdin = stdin;
        return b;
    }

    /**
     * @param change edits applied to a builder holding this value's fields
     * @return a new ExecRequest with the edits applied
     */
    public ExecRequest copy(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /**
     * @return the target host
     */
    public RemoteHost host() {
        return host;
    }

    /**
     * @return the command exactly as given, secrets included; never log it, use {@link #redactedCommand()}
     */
    public String command() {
        return command;
    }

    /**
     * @return the command with every secret masked: safe for logs, events and messages
     */
    public String redactedCommand() {
        return redact(command);
    }

    /**
     * @return true to run the command as root through {@code sudo -n} (no password prompt)
     */
    public boolean sudo() {
        return sudo;
    }

    /**
     * @return the longest the command may run; when it expires the remote process group is terminated
     *         (TERM, then KILL after a grace period) and the call fails. Default 10 minutes.
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * @return a copy of the bytes fed to the command's standard input, if any; stdin is closed after them
     */
    public Optional<byte[]> stdin() {
        return Optional.ofNullable(stdin).map(byte[]::clone);
    }

    /**
     * @return values that must never be shown; empty by default
     */
    public Set<String> secrets() {
        return secrets;
    }

    /**
     * @return true (default) if a non-zero exit status is reported as an exception
     */
    public boolean failOnNonZeroExit() {
        return failOnNonZeroExit;
    }

    /**
     * Masks every secret of this request in a text, longest secret first.
     *
     * @param text any text, e.g. a command or stderr
     * @return the text with each occurrence of a secret replaced by {@value #MASK}
     */
    public String redact(String text) {
        String out = Objects.requireNonNull(text, "text must not be null");
        List<String> sorted = secrets.stream().filter(s -> !s.isEmpty())
                .sorted(Comparator.comparingInt(String::length).reversed()).collect(Collectors.toList());
        for (String s : sorted) {
            out = out.replace(s, MASK);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ExecRequest)) {
            return false;
        }
        ExecRequest r = (ExecRequest) o;
        return sudo == r.sudo && failOnNonZeroExit == r.failOnNonZeroExit && host.equals(r.host)
                && command.equals(r.command) && timeout.equals(r.timeout) && Arrays.equals(stdin, r.stdin)
                && secrets.equals(r.secrets);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, command, sudo, timeout, Arrays.hashCode(stdin), secrets, failOnNonZeroExit);
    }

    /**
     * @return a description with the redacted command, the stdin size only and no secret values
     */
    @Override
    public String toString() {
        return "ExecRequest{host=" + host + ", command=" + redactedCommand() + ", sudo=" + sudo + ", timeout="
                + timeout + ", stdinBytes=" + (stdin == null ? "none" : stdin.length) + ", secrets=" + secrets.size()
                + ", failOnNonZeroExit=" + failOnNonZeroExit + "}";
    }

    /** Mutable, not thread-safe builder of {@link ExecRequest}. */
    public static final class Builder {
        private RemoteHost host;
        private String command;
        private boolean sudo;
        private Duration timeout = DEFAULT_TIMEOUT;
        private byte[] stdin;
        private final Set<String> secrets = new LinkedHashSet<>();
        private boolean failOnNonZeroExit = true;

        private Builder() {
        }

        /**
         * @param host target host, required
         * @return this builder
         */
        public Builder host(RemoteHost host) {
            this.host = Objects.requireNonNull(host, "host must not be null");
            return this;
        }

        /**
         * @param command script run with {@code bash -c} semantics, required
         * @return this builder
         */
        public Builder command(String command) {
            this.command = Objects.requireNonNull(command, "command must not be null");
            return this;
        }

        /**
         * @param sudo true to run as root via {@code sudo -n}; default false
         * @return this builder
         */
        public Builder sudo(boolean sudo) {
            this.sudo = sudo;
            return this;
        }

        /**
         * @param timeout positive limit on the command's run time; default 10 minutes
         * @return this builder
         * @throws IllegalArgumentException if zero or negative
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout must not be null");
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("timeout must be positive, was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * @param stdin bytes for standard input (copied); default none
         * @return this builder
         */
        public Builder stdin(byte[] stdin) {
            this.stdin = Objects.requireNonNull(stdin, "stdin must not be null").clone();
            return this;
        }

        /**
         * @param stdin text for standard input, UTF-8 encoded
         * @return this builder
         */
        public Builder stdin(String stdin) {
            return stdin(Objects.requireNonNull(stdin, "stdin must not be null").getBytes(StandardCharsets.UTF_8));
        }

        /**
         * @param secret a value to mask everywhere; empty strings are ignored
         * @return this builder
         */
        public Builder addSecret(String secret) {
            this.secrets.add(Objects.requireNonNull(secret, "secret must not be null"));
            return this;
        }

        /**
         * @param secrets values to mask, replacing any added before
         * @return this builder
         */
        public Builder secrets(Collection<String> secrets) {
            Objects.requireNonNull(secrets, "secrets must not be null");
            this.secrets.clear();
            secrets.forEach(this::addSecret);
            return this;
        }

        /**
         * @param fail false to return a result for any exit status; default true
         * @return this builder
         */
        public Builder failOnNonZeroExit(boolean fail) {
            this.failOnNonZeroExit = fail;
            return this;
        }

        /**
         * @return the request
         * @throws NullPointerException if host or command is missing
         */
        public ExecRequest build() {
            return new ExecRequest(this);
        }
    }
}
