package io.dsec2.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.spi.RemoteHost;
import io.dsec2.spi.ServiceTunnels;
import io.dsec2.spi.TunnelRequest;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tunnels with a jump host: through the jump host itself, and through a node behind it, in which case the node's
 * sshd (reached over the jump host's connection) makes the connection to the service.
 */
class JumpHostTunnelTest {
    @TempDir
    Path tmp;

    @Test
    void tunnelsGoThroughTheJumpHostOrThroughANodeBehindIt() throws Exception {
        Path key = TestSshd.generateClientKey(tmp);
        try (TestSshd bastion = TestSshd.start(tmp.resolve("bastion"), key, TestSshd.freePort(),
                "AllowTcpForwarding yes");
                TestSshd target = TestSshd.start(tmp.resolve("target"), key, TestSshd.freePort(),
                        "AllowTcpForwarding yes");
                EchoServer echo = new EchoServer()) {
            RemoteHost jump = bastion.host("bastion", false);
            RemoteHost node = target.host("node-1", true);
            try (SshjRemoteExecutor ssh = SshjRemoteExecutor.builder().privateKeyFile(key)
                    .knownHostsFile(tmp.resolve("known_hosts")).jumpHost(jump)
                    .jumpHostFingerprint(bastion.hostFingerprint()).build();
                    ServiceTunnels tunnels = ssh.newTunnels()) {
                InetSocketAddress viaJump = tunnels.open(TunnelRequest.of(jump, "127.0.0.1", echo.port()));
                try (Socket s = connect(viaJump)) {
                    assertThat(roundTrip(s, "via the jump host")).isEqualTo("via the jump host");
                    assertThat(ownerAncestors(echo.clientPorts().get(0), echo.port())).contains(bastion.pid())
                            .doesNotContain(target.pid());
                }
                assertThat(ssh.openConnections()).isEqualTo(1);

                InetSocketAddress viaNode = tunnels.open(TunnelRequest.of(node, "127.0.0.1", echo.port()));
                assertThat(viaNode).isNotEqualTo(viaJump);
                try (Socket s = connect(viaNode)) {
                    assertThat(roundTrip(s, "via the node")).isEqualTo("via the node");
                    assertThat(ownerAncestors(echo.clientPorts().get(1), echo.port())).contains(target.pid())
                            .doesNotContain(bastion.pid());
                }
                assertThat(ssh.openConnections()).as("the jump host's and the node's").isEqualTo(2);
            }
        }
    }

    private static Socket connect(InetSocketAddress address) throws Exception {
        Socket s = new Socket();
        s.connect(address, 10_000);
        s.setSoTimeout(10_000);
        return s;
    }

    private static String roundTrip(Socket s, String text) throws Exception {
        byte[] sent = text.getBytes(StandardCharsets.UTF_8);
        s.getOutputStream().write(sent);
        return new String(s.getInputStream().readNBytes(sent.length), StandardCharsets.UTF_8);
    }

    /** @return the pid of the process owning the client end of a connection to the echo server, and its ancestors */
    private static List<Long> ownerAncestors(int clientPort, int serverPort) {
        String owner = Local.run("ss", "-tnpH", "state", "established", "( sport = :" + clientPort + " and dport = :"
                + serverPort + " )");
        assertThat(owner).contains("\"sshd\"").containsPattern("pid=(\\d+)");
        long pid = Long.parseLong(owner.replaceAll("(?s).*pid=(\\d+).*", "$1"));
        List<Long> result = new ArrayList<>();
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        while (p.isPresent()) {
            result.add(p.get().pid());
            p = p.get().parent();
        }
        return result;
    }
}
