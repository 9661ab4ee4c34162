package io.dsec2.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.testkit.internal.Processes;
import io.dsec2.testkit.net.Bridge;
import io.dsec2.testkit.net.Host;
import io.dsec2.testkit.net.HostManager;
import io.dsec2.testkit.net.HostSpec;
import io.dsec2.testkit.net.RunId;
import io.dsec2.testkit.net.internal.RunRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Namespace hosts without moto: boot, SSH, sudo, private /opt, reboot, sshd kill, packet loss, teardown. */
class HostsTest {
    @TempDir
    static Path tmp;
    static RunId run;
    static Bridge bridge;
    static HostManager hosts;
    static Path key;
    static Path runDir;

    @BeforeAll
    static void up() throws IOException {
        RunRegistry.cleanStale(null);
        run = RunId.random();
        runDir = tmp.resolve(run.dirName());
        RunRegistry.register(run, runDir);
        bridge = Bridge.create(run, null);
        hosts = new HostManager(bridge, runDir.resolve("hosts"));
        key = tmp.resolve("key");
        Processes.check("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", key.toString());
    }

    @AfterAll
    static void down() {
        if (hosts != null) {
            hosts.close();
        }
        if (bridge != null) {
            bridge.close();
        }
        if (run != null) {
            RunRegistry.unregister(run);
            assertThat(Processes.run("ip", "netns", "list").stdout()).doesNotContain(run.dirName());
            assertThat(Processes.run("ip", "link", "show").stdout()).doesNotContain(run.value());
        }
    }

    private HostSpec spec(String id, String lastOctets) throws IOException {
        String net = bridge.cidr().substring(0, bridge.cidr().indexOf(".0.0/"));
        return HostSpec.builder().instanceId(id).privateIp(net + "." + lastOctets)
                .authorizedKey(Files.readString(Path.of(key + ".pub"))).build();
    }

    @Test
    void hostsBootWithSshSudoAndOwnOptAndSurviveRebootWithDisk() throws Exception {
        Host a = hosts.boot(spec("i-aaaa", "1.4"));
        Host b = hosts.boot(spec("i-bbbb", "2.4"));
        assertThat(a.running()).isTrue();
        try (SshProbe sa = SshProbe.connect(a.privateIp(), "ec2-user", key, Duration.ofSeconds(10));
                SshProbe sb = SshProbe.connect(b.privateIp(), "ec2-user", key, Duration.ofSeconds(10))) {
            assertThat(sa.run("whoami").strip()).isEqualTo("ec2-user");
            assertThat(sa.run("sudo -n id -u").strip()).isEqualTo("0");
            assertThat(sa.run("hostname").strip()).isEqualTo("ip-" + a.privateIp().replace('.', '-'));
            sa.run("sudo -n sh -c 'echo from-a > /opt/marker'");
            assertThat(sa.run("cat /opt/marker").strip()).isEqualTo("from-a");
            assertThat(sb.run("ls /opt").strip()).isEmpty();
            // hosts reach each other over the bridge, and nothing outside the /16
            assertThat(sb.run("ip route").strip()).doesNotContain("default");
        }
        assertThat(Path.of("/opt/marker")).doesNotExist();
        assertThat(Processes.run("id", "ec2-user").ok()).as("ec2-user must not exist on the machine").isFalse();

        a.reboot();
        assertThat(a.awaitSsh(Duration.ofSeconds(10))).isTrue();
        assertThat(a.exec("cat", "/opt/marker").stdout().strip()).isEqualTo("from-a");

        a.killSshd();
        assertThat(a.sshdRunning()).isFalse();
        assertThat(canConnect(a.privateIp(), 22)).isFalse();
        a.reboot();
        assertThat(a.awaitSsh(Duration.ofSeconds(10))).isTrue();

        hosts.stop(b.instanceId());
        assertThat(b.running()).isFalse();
        assertThat(canConnect(b.privateIp(), 22)).isFalse();
        hosts.boot(b.spec());
        assertThat(b.awaitSsh(Duration.ofSeconds(10))).isTrue();

        Path dirA = a.directory();
        hosts.destroy(a.instanceId());
        assertThat(dirA).doesNotExist();
        assertThat(Processes.run("ip", "netns", "list").stdout()).doesNotContain(a.namespace());
        assertThat(canConnect(a.privateIp(), 22)).isFalse();
        hosts.destroy(b.instanceId());
    }

    @Test
    void packetLossAndCutAreVisibleToClients() throws Exception {
        Host c = hosts.boot(spec("i-cccc", "3.4"));
        c.packetLoss(1.0);
        assertThat(canConnect(c.privateIp(), 22)).isFalse();
        c.clearPacketLoss();
        assertThat(canConnect(c.privateIp(), 22)).isTrue();
        c.cut();
        assertThat(canConnect(c.privateIp(), 22)).isFalse();
        c.restore();
        assertThat(c.awaitSsh(Duration.ofSeconds(10))).isTrue();
        hosts.destroy(c.instanceId());
    }

    @Test
    void addressOutsideTheBridgeIsRefused() {
        assertThatThrownBy(() -> hosts.boot(HostSpec.builder().instanceId("i-x").privateIp("192.168.7.7").build()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static boolean canConnect(String ip, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(ip, port), 1500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
