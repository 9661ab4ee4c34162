package io.dsec2.examples.cli;

import io.dsec2.event.ClusterListener;
import io.dsec2.event.StageEvent;
import io.dsec2.event.TaskEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A chaos drill for operators: with {@code DS_EC2_KILL_AT} set, the CLI sends itself SIGKILL (no shutdown hooks, no
 * cleanup, as when a laptop dies or a CI runner is cancelled) at one chosen point of the operation, so that the
 * same command run again can be seen to converge.
 *
 * <p>Format: {@code EVENT:NAME[@DELAY]}, where EVENT is {@code stage-started}, {@code stage-succeeded},
 * {@code task-started}, {@code task-succeeded} or {@code task-skipped}; NAME is a stage name ({@code launch}) or a
 * task id ({@code package/worker-1}) as the progress output shows them, and may end in {@code *} to match a prefix;
 * DELAY ({@code 1500ms}, {@code 2s}) kills that long after the event instead of at once, to land in the middle of a
 * task. The first matching event fires; the point is announced on stderr just before the kill.
 *
 * <p>Thread-safe.
 */
final class KillSwitch implements ClusterListener {
    /** The environment variable that arms the switch. */
    static final String VARIABLE = "DS_EC2_KILL_AT";
    private static final java.util.Set<String> EVENTS = java.util.Set.of("stage-started", "stage-succeeded",
            "task-started", "task-succeeded", "task-skipped");

    private final String point;
    private final String event;
    private final String name;
    private final Duration delay;
    private final AtomicBoolean fired = new AtomicBoolean();

    private KillSwitch(String point, String event, String name, Duration delay) {
        this.point = point;
        this.event = event;
        this.name = name;
        this.delay = delay;
    }

    /**
     * @return the switch {@code DS_EC2_KILL_AT} describes, or empty when it is unset or blank
     * @throws IllegalArgumentException if the variable is set but malformed (the message names it and the format)
     */
    static Optional<KillSwitch> fromEnvironment() {
        String v = System.getenv(VARIABLE);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(parse(v.strip()));
    }

    static KillSwitch parse(String v) {
        int colon = v.indexOf(':');
        String event = colon < 0 ? "" : v.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = colon < 0 ? "" : v.substring(colon + 1);
        int at = rest.lastIndexOf('@');
        String name = at < 0 ? rest : rest.substring(0, at);
        if (!EVENTS.contains(event) || name.isBlank()) {
            throw new IllegalArgumentException(VARIABLE + "=" + v + " is not EVENT:NAME[@DELAY] with EVENT one of "
                    + new java.util.TreeSet<>(EVENTS) + " (for example task-started:package/worker-1@2s)");
        }
        Duration delay = Duration.ZERO;
        if (at >= 0) {
            try {
                delay = new DeleteCommand.DurationConverter().convert(rest.substring(at + 1));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(VARIABLE + "=" + v + ": the delay after @ is not a duration"
                        + " (for example 1500ms or 2s)", e);
            }
        }
        return new KillSwitch(v, event, name, delay);
    }

    @Override
    public void stageStarted(StageEvent e) {
        hit("stage-started", e.stage());
    }

    @Override
    public void stageSucceeded(StageEvent e) {
        hit("stage-succeeded", e.stage());
    }

    @Override
    public void taskStarted(TaskEvent e) {
        hit("task-started", e.taskId());
    }

    @Override
    public void taskSucceeded(TaskEvent e) {
        hit("task-succeeded", e.taskId());
    }

    @Override
    public void taskSkipped(TaskEvent e) {
        hit("task-skipped", e.taskId());
    }

    boolean matches(String ev, String n) {
        return event.equals(ev) && (name.endsWith("*") ? n.startsWith(name.substring(0, name.length() - 1))
                : name.equals(n));
    }

    private void hit(String ev, String n) {
        if (!matches(ev, n) || !fired.compareAndSet(false, true)) {
            return;
        }
        if (delay.isZero()) {
            kill(ev + " " + n);
            return;
        }
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            kill(ev + " " + n + " + " + delay.toMillis() + " ms");
        }, "ds-ec2-kill-switch");
        t.setDaemon(true);
        t.start();
    }

    private void kill(String at) {
        System.err.println("ds-ec2: " + VARIABLE + "=" + point + " reached at " + at + ": SIGKILL");
        System.err.flush();
        System.out.flush();
        try {
            Process p = new ProcessBuilder("kill", "-KILL", Long.toString(ProcessHandle.current().pid()))
                    .inheritIO().start();
            p.waitFor(10, TimeUnit.SECONDS);
            Thread.sleep(10_000); // the signal is on its way; nothing else may run meanwhile
        } catch (IOException | InterruptedException e) {
            Runtime.getRuntime().halt(137);
        }
        Runtime.getRuntime().halt(137);
    }

    @Override
    public String toString() {
        return "KillSwitch[" + point + "]";
    }
}
