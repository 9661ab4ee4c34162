package io.dsec2.internal.ds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.model.NodeRole;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SystemdUnitsTest {
    private static List<String> lines(String unit) {
        return Arrays.asList(unit.split("\n"));
    }

    @Test
    void workerUnitHasEveryDirective() {
        String unit = SystemdUnits.unit(NodeRole.WORKER, "/opt/dolphinscheduler", "dolphinscheduler");
        assertThat(lines(unit)).containsSubsequence("[Unit]", "[Service]", "[Install]").contains(
                "Description=Apache DolphinScheduler 3.2.0 worker-server",
                "Wants=network-online.target",
                "After=network-online.target",
                "Type=simple",
                "User=dolphinscheduler",
                "Group=dolphinscheduler",
                "WorkingDirectory=/opt/dolphinscheduler/worker-server",
                "ExecStartPre=/bin/cp -f \"/opt/dolphinscheduler/bin/env/dolphinscheduler_env.sh\" "
                        + "\"/opt/dolphinscheduler/worker-server/conf/dolphinscheduler_env.sh\"",
                "ExecStart=/bin/bash \"/opt/dolphinscheduler/worker-server/bin/start.sh\"",
                "ExecStop=/bin/bash -c '[ -n \"$$1\" ] || exit 0; pkill -TERM -P \"$$1\"; "
                        + "while kill -0 \"$$1\" 2>/dev/null; do sleep 0.5; done' stop $MAINPID",
                "KillMode=mixed",
                "TimeoutStopSec=60",
                "SuccessExitStatus=143",
                "Restart=on-failure",
                "RestartSec=10",
                "LimitNOFILE=65536",
                "WantedBy=multi-user.target");
        assertThat(unit).endsWith("\n").doesNotContain("\r");
    }

    @Test
    void eachRoleRunsItsOwnServerDirWithItsStopTimeout() {
        for (NodeRole role : NodeRole.values()) {
            String unit = SystemdUnits.unit(role, "/srv/ds/", "ds");
            long timeout = role == NodeRole.WORKER ? 60 : 30;
            assertThat(lines(unit)).contains(
                    "WorkingDirectory=/srv/ds/" + role.serverDir(),
                    "ExecStart=/bin/bash \"/srv/ds/" + role.serverDir() + "/bin/start.sh\"",
                    "TimeoutStopSec=" + timeout);
            assertThat(SystemdUnits.stopTimeout(role)).isEqualTo(Duration.ofSeconds(timeout));
            assertThat(SystemdUnits.unitName(role)).isEqualTo("dolphinscheduler-" + role.id() + ".service");
            assertThat(SystemdUnits.unitPath(role)).isEqualTo("/etc/systemd/system/dolphinscheduler-" + role.id() + ".service");
        }
        assertThat(SystemdUnits.unitName(NodeRole.API)).isEqualTo("dolphinscheduler-api.service");
    }

    @Test
    void renderingIsDeterministic() {
        assertThat(SystemdUnits.unit(NodeRole.MASTER, "/opt/ds", "u")).isEqualTo(SystemdUnits.unit(NodeRole.MASTER, "/opt/ds", "u"));
        assertThat(SystemdUnits.unit(NodeRole.MASTER, "/opt/ds", "u")).isNotEqualTo(SystemdUnits.unit(NodeRole.ALERT, "/opt/ds", "u"));
    }

    @Test
    void systemdSpecialCharactersAreEscaped() {
        String unit = SystemdUnits.unit(NodeRole.API, "/opt/d%s $x \"q\"", "ds");
        assertThat(lines(unit)).contains(
                "WorkingDirectory=/opt/d%%s $x \"q\"/api-server",
                "ExecStart=/bin/bash \"/opt/d%%s $$x \\\"q\\\"/api-server/bin/start.sh\"");
    }

    @Test
    void rejectsRelativeOrMultiLineInput() {
        assertThatThrownBy(() -> SystemdUnits.unit(NodeRole.API, "opt/ds", "ds")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("absolute");
        assertThatThrownBy(() -> SystemdUnits.unit(NodeRole.API, "/opt/ds\nExecStart=/bin/evil", "ds"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SystemdUnits.unit(NodeRole.API, "/opt/ds", "ds\nUser=root"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
