package io.dsec2.exception;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A command or file transfer on a remote host failed, or the host could not be reached. Carries the host, the
 * command with secrets already masked, the exit status (if the command ran to an end) and the last lines of
 * its stderr (also masked).
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

    private final String host;
    private final String command;
    private final Integer exitStatus;
    private final String stderrTail;

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
        super(format(summary, host, redactedCommand, exitStatus, tail(stderr)), cause, retryable);
        this.host = host;
        this.command = redactedCommand;
        this.exitStatus = exitStatus;
        this.stderrTail = tail(stderr);
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

    private static String tail(String stderr) {
        if (stderr == null) {
            return "";
        }
        String s = stderr.strip();
        return s.length() <= MAX_STDERR_TAIL_CHARS ? s : "..." + s.substring(s.length() - MAX_STDERR_TAIL_CHARS);
    }

    private static String format(String summary, String host, String command, Integer exitStatus, String tail) {
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
        return sb.toString();
    }
}
