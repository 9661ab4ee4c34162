package io.dsec2.internal.ds;

import io.dsec2.model.NodeRole;
import java.time.Duration;

/**
 * Renders the systemd unit that supervises one DolphinScheduler 3.2.0 server on a host where systemd runs.
 * The unit runs {@code <server>/bin/start.sh} directly, as the upstream terraform reference does
 * (https://github.com/apache/dolphinscheduler/blob/3.2.0/deploy/terraform/aws/templates/cloud-init.yaml),
 * with the server directory as working directory because logs and the api's {@code ui/} are cwd-relative
 * ({@code log.base} in
 * https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-master/src/main/resources/logback-spring.xml,
 * {@code file:ui/} in
 * https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-api/src/main/java/org/apache/dolphinscheduler/api/configuration/AppConfiguration.java).
 * Like the DS daemon's start (https://github.com/apache/dolphinscheduler/blob/3.2.0/script/dolphinscheduler-daemon.sh),
 * it first copies the shared {@code bin/env/dolphinscheduler_env.sh} over the server's
 * {@code conf/dolphinscheduler_env.sh}.
 *
 * <p>Stopping. {@code start.sh} runs the JVM as a child of its bash (no {@code exec}), so the unit's main process
 * is that bash, and a non-interactive bash dies on SIGTERM at once without passing it on. With
 * {@code KillMode=mixed} alone, systemd would then SIGKILL the JVM straight away, and the worker's shutdown hook
 * (3 s close wait, then killing its tasks, see
 * https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-worker/src/main/java/org/apache/dolphinscheduler/server/worker/WorkerServer.java)
 * would never run. So {@code ExecStop} does what the daemon's
 * stop does: SIGTERM to the children of the main process (the JVM), then it waits until the main process has
 * exited; {@code KillMode=mixed} afterwards SIGKILLs whatever is left in the control group (for example task
 * processes the worker did not reap). The whole stop is bounded by {@code TimeoutStopSec}: 60 s for the worker,
 * 30 s for the others. A JVM ended by SIGTERM exits 143, which {@code SuccessExitStatus} counts as clean, so
 * {@code Restart=on-failure} restarts only crashes.
 *
 * <p>The text is deterministic (same input, same bytes), so a node can compare it with the installed unit and
 * reload systemd only when it changed. It holds no secrets: those reach the JVM through the env file, which
 * sources the 0600 secrets file. Stateless and thread-safe.
 */
public final class SystemdUnits {
    /** Where units are installed; units there take precedence over packaged ones. */
    public static final String UNIT_DIR = "/etc/systemd/system";
    /** Pause between automatic restarts of a crashed server. */
    public static final Duration RESTART_DELAY = Duration.ofSeconds(10);
    /** Open-file limit of a server (ZooKeeper, Netty and task logs use many descriptors). */
    public static final int NOFILE_LIMIT = 65536;

    private SystemdUnits() {
    }

    /** @return the unit name, {@code dolphinscheduler-<master|worker|api|alert>.service} */
    public static String unitName(NodeRole role) {
        return "dolphinscheduler-" + role.id() + ".service";
    }

    /** @return the absolute path of the installed unit file */
    public static String unitPath(NodeRole role) {
        return UNIT_DIR + "/" + unitName(role);
    }

    /**
     * How long systemd gives a server to stop before it SIGKILLs it: the worker needs its 3 s close wait plus
     * the time to kill its running tasks ({@code close} in
     * https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-worker/src/main/java/org/apache/dolphinscheduler/server/worker/WorkerServer.java),
     * so 60 s; the other servers 30 s.
     *
     * @return the stop timeout of the role
     */
    public static Duration stopTimeout(NodeRole role) {
        return role == NodeRole.WORKER ? Duration.ofSeconds(60) : Duration.ofSeconds(30);
    }

    /**
     * Renders the unit.
     *
     * @param role the server
     * @param installPath absolute install directory, for example {@code /opt/dolphinscheduler}
     * @param user the deploy user the server runs as (also its group, as {@code useradd} creates it)
     * @return the unit file text, ending with a newline
     * @throws IllegalArgumentException if the path is not absolute, or the path or user contains a line break
     */
    public static String unit(NodeRole role, String installPath, String user) {
        if (!installPath.startsWith("/")) {
            throw new IllegalArgumentException("install path must be absolute: " + installPath);
        }
        if (installPath.matches("(?s).*[\\r\\n].*") || user.matches("(?s).*[\\r\\n].*")) {
            throw new IllegalArgumentException("install path and user must be one line each");
        }
        String root = installPath.endsWith("/") && installPath.length() > 1
                ? installPath.substring(0, installPath.length() - 1) : installPath;
        String server = root + "/" + role.serverDir();
        return "# Written by ds-ec2; it is rewritten on the next create, edit the cluster spec instead.\n"
                + "[Unit]\n"
                + "Description=Apache DolphinScheduler " + Ds320Profile.VERSION + " " + role.serverDir() + "\n"
                + "Wants=network-online.target\n"
                + "After=network-online.target\n"
                + "\n"
                + "[Service]\n"
                + "Type=simple\n"
                + "User=" + specifierSafe(user) + "\n"
                + "Group=" + specifierSafe(user) + "\n"
                + "WorkingDirectory=" + specifierSafe(server) + "\n"
                + "ExecStartPre=/bin/cp -f " + arg(root + "/" + Ds320Profile.ENV_FILE) + " "
                + arg(server + "/conf/dolphinscheduler_env.sh") + "\n"
                + "ExecStart=/bin/bash " + arg(server + "/bin/start.sh") + "\n"
                // $$ is a literal $ for bash; systemd puts the main pid in as the separate word $MAINPID
                + "ExecStop=/bin/bash -c '[ -n \"$$1\" ] || exit 0; pkill -TERM -P \"$$1\"; "
                + "while kill -0 \"$$1\" 2>/dev/null; do sleep 0.5; done' stop $MAINPID\n"
                + "KillMode=mixed\n"
                + "TimeoutStopSec=" + stopTimeout(role).toSeconds() + "\n"
                + "SuccessExitStatus=143\n"
                + "Restart=on-failure\n"
                + "RestartSec=" + RESTART_DELAY.toSeconds() + "\n"
                + "LimitNOFILE=" + NOFILE_LIMIT + "\n"
                + "\n"
                + "[Install]\n"
                + "WantedBy=multi-user.target\n";
    }

    /** A command-line word for systemd: double-quoted, with systemd's escapes for \, ", $ and %. */
    static String arg(String s) {
        return "\"" + specifierSafe(s.replace("\\", "\\\\").replace("\"", "\\\"")).replace("$", "$$") + "\"";
    }

    /** Escapes systemd's {@code %} specifiers, which are expanded in every setting used here. */
    static String specifierSafe(String s) {
        return s.replace("%", "%%");
    }
}
