package io.dsec2.testkit.net.internal;

import io.dsec2.testkit.internal.Processes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small helpers over {@link Processes} for the network code: ip, tc, iptables, nsenter. Stateless. */
public final class Sh {
    private Sh() {
    }

    /** Runs a command (30 s timeout) and throws with its stderr if it fails. */
    public static Processes.Result check(String... cmd) {
        return Processes.run(List.of(cmd), Map.of(), Duration.ofSeconds(30)).orThrow();
    }

    /** Runs a command (30 s timeout) and returns its result whatever the exit code. */
    public static Processes.Result run(String... cmd) {
        return Processes.run(List.of(cmd), Map.of(), Duration.ofSeconds(30));
    }

    /** @return {@code nsenter --target pid --mount --uts --net --pid -- cmd...}, pid being the host's PID 1 */
    public static String[] inside(long initPid, String... cmd) {
        List<String> l = new ArrayList<>(List.of("nsenter", "--target", Long.toString(initPid), "--mount", "--uts",
                "--net", "--pid", "--"));
        l.addAll(List.of(cmd));
        return l.toArray(String[]::new);
    }

    /** Quotes a string for a POSIX shell. */
    public static String quote(String s) {
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }
}
