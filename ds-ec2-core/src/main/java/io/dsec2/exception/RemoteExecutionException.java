package io.dsec2.exception;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A command or file transfer on a remote host failed, or the host could not be reached. Carries the host, the
 * command with secrets already masked, the exit status (if the command ran to an end), the end of its stderr and the
 * last {@value #OUTPUT_TAIL_LINES} lines of its stdout (both masked). The message shows both, so a failed step says
 * why: for {@code tools/bin/upgrade-schema.sh} that is the JDBC driver's error, which the tool logs to stdout. Stack
 * trace frames ({@code at ...}, {@code ... 12 more}) are left out of the stdout lines, so the exception lines and
 * their {@code Caused by:} chain fit.
 *
 * <p>{@link #retryable()} is true for connection problems and timeouts, false for a command that ran and
 * failed. Immutable and thread-safe.
 *
 * <pre>{@code
 * try { executor.execute(req); }
 * catch (RemoteExecutionException e) { log.warn("{} failed with {}: {}", e.command(), e.exitStatus(), e.stderrTail()); }
 * }</pre>
 */
public class RemoteExecutionException extends DsEc2Exception {
    private static final long serialVersionUID = 1L;
    /** Most characters of stderr kept in {@link #stderrTail()}. */
    public static final int MAX_STDERR_TAIL_CHARS = 2000;
    /** Most lines of stdout kept in {@link #stdoutTail()} (stack trace frames not counted, as they are dropped). */
    public static final int OUTPUT_TAIL_LINES = 20;
    private static final int MAX_LINE_CHARS = 400;
    private static final java.util.regex.Pattern FRAME = java.util.regex.Pattern.compile(
            "\\s+at \\S.*|\\s*\\.\\.\\. \\d+ (more|common frames omitted)\\s*");

    private final String host;
    private final String command;
    private final Integer exitStatus;
    private final String stderrTail;
    private final String stdoutTail;

    /**
     * @param summary what went wrong, without secrets, e.g. "command exited with status 3"
     * @param host the host, as {@code RemoteHost.toString()}
     * @param redactedCommand the command with secrets masked, or null if no command was involved
     * @param exitStatus the exit status, or null if the command did not end normally
     * @param stderr masked stderr (only its tail is kept), or null
     * @param cause the underlying failure, or null
     * @param retryable whether repeating the call may succeed
     */
    public RemoteExecutionException(String summary, String host, String redactedCommand, Integer exitStatus,
            String stderr, Throwable cause, boolean retryable) {
        this(summary, host, redactedCommand, exitStatus, null, stderr, cause, retryable);
    }

    /**
     * @param summary what went wrong, without secrets, e.g. "command exited with status 3"
     * @param host the host, as {@code RemoteHost.toString()}
     * @param redactedCommand the command with secrets masked, or null if no command was involved
     * @param exitStatus the exit status, or null if the command did not end normally
     * @param stdout masked stdout (only its last {@value #OUTPUT_TAIL_LINES} lines, frames aside, are kept), or null
     * @param stderr masked stderr (only its tail is kept), or null
     * @param cause the underlying failure, or null
     * @param retryable whether repeating the call may succeed
     */
    public RemoteExecutionException(String summary, String host, String redactedCommand, Integer exitStatus,
            String stdout, String stderr, Throwable cause, boolean retryable) {
        super(format(summary, host, redactedCommand, exitStatus, lastLines(stdout), tail(stderr)), cause, retryable);
        this.host = host;
        this.command = redactedCommand;
        this.exitStatus = exitStatus;
        this.stderrTail = tail(stderr);
        this.stdoutTail = lastLines(stdout);
    }

    /** @return the host, e.g. {@code master-1 (ec2-user@10.0.1.4:22)} */
    public String host() {
        return host;
    }

    /** @return the command with secrets masked, if a command was involved */
    public Optional<String> command() {
        return Optional.ofNullable(command);
    }

    /** @return the exit status, if the command ended with one */
    public OptionalInt exitStatus() {
        return exitStatus == null ? OptionalInt.empty() : OptionalInt.of(exitStatus);
    }

    /** @return the last {@value #MAX_STDERR_TAIL_CHARS} characters of stderr, masked; empty if none */
    public String stderrTail() {
        return stderrTail;
    }

    /**
     * @return the last {@value #OUTPUT_TAIL_LINES} lines of stdout (masked; stack trace frames left out, long lines
     *         cut), joined by {@code \n}; empty if none
     */
    public String stdoutTail() {
        return stdoutTail;
    }

    /**
     * @param text command output, or null
     * @return its last {@value #OUTPUT_TAIL_LINES} non-blank lines that are not stack trace frames, each cut at 400
     *         characters, joined by {@code \n}
     */
    static String lastLines(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        java.util.ArrayDeque<String> kept = new java.util.ArrayDeque<>();
        for (String line : text.split("\\r?\\n")) {
            if (line.isBlank() || FRAME.matcher(line).matches()) {
                continue;
            }
            String l = line.stripTrailing();
            kept.addLast(l.length() <= MAX_LINE_CHARS ? l : l.substring(0, MAX_LINE_CHARS) + "...");
            if (kept.size() > OUTPUT_TAIL_LINES) {
                kept.removeFirst();
            }
        }
        return String.join("\n", kept);
    }

    private static String tail(String stderr) {
        if (stderr == null) {
            return "";
        }
        String s = stderr.strip();
        return s.length() <= MAX_STDERR_TAIL_CHARS ? s : "..." + s.substring(s.length() - MAX_STDERR_TAIL_CHARS);
    }

    private static String format(String summary, String host, String command, Integer exitStatus, String stdout,
            String tail) {
        StringBuilder sb = new StringBuilder(summary).append(" on ").append(host);
        if (command != null) {
            sb.append("; command: ").append(command);
        }
        if (exitStatus != null) {
            sb.append("; exit status ").append(exitStatus);
        }
        if (!tail.isEmpty()) {
            sb.append("; stderr: ").append(tail);
        }
        if (!stdout.isEmpty()) {
            sb.append("; last lines of stdout:\n  ").append(stdout.replace("\n", "\n  "));
        }
        return sb.toString();
    }
}
