package io.dsec2.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.spi.RemoteHost;
import io.dsec2.spi.ServiceTunnels;
import io.dsec2.spi.TunnelRequest;
import io.dsec2.ssh.internal.SshTunnels;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local port forwarding through a real OpenSSH sshd to a local echo server: bytes round-trip, one tunnel per target
 * is reused over the executor's one connection, a tunnel whose SSH connection was killed works again, and a closed
 * tunnel no longer accepts.
 */
class TunnelTest {
    private static final int READ_TIMEOUT_MS = (int) Local.scaled(Duration.ofSeconds(10)).toMillis();

    @TempDir
    Path tmp;

    private TestSshd sshd;
    private EchoServer echo;
    private SshjRemoteExecutor ssh;
    private RemoteHost node;

    @BeforeEach
    void start() {
        Path key = TestSshd.generateClientKey(tmp);
        sshd = TestSshd.start(tmp.resolve("sshd"), key, TestSshd.freePort(), "AllowTcpForwarding yes");
        echo = new EchoServer();
        ssh = SshjRemoteExecutor.builder().privateKeyFile(key).knownHostsFile(tmp.resolve("known_hosts"))
                .keepAliveInterval(Duration.ofSeconds(1)).build();
        node = sshd.host("node-1", true);
    }

    @AfterEach
    void stop() {
        ssh.close();
        echo.close();
        sshd.close();
    }

    @Test
    void bytesRoundTripThroughTheSshHostAndHalfClosePassesThrough() throws Exception {
        try (ServiceTunnels tunnels = ssh.newTunnels()) {
            InetSocketAddress local = tunnels.open(TunnelRequest.of(node, "127.0.0.1", echo.port()));
            assertThat(local.getAddress().isLoopbackAddress()).isTrue();
            assertThat(local.getPort()).isNotIn(echo.port(), sshd.port());
            try (Socket s = connect(local)) {
                assertThat(roundTrip(s, "ruok")).isEqualTo("ruok");
                // the connection into the echo server was made by sshd, not by this JVM
                int clientPort = echo.clientPorts().get(0);
                String owner = Local.run("ss", "-tnpH", "state", "established", "( sport = :" + clientPort
                        + " and dport = :" + echo.port() + " )");
                assertThat(owner).contains("\"sshd\"").doesNotContain("java");
                // end of our output reaches the echo server as EOF; it closes, and we read the end
                s.shutdownOutput();
                assertThat(s.getInputStream().read()).isEqualTo(-1);
            }
        }
    }

    @Test
    void oneTunnelPerTargetIsReusedOverOneSshConnection() throws Exception {
        try (EchoServer other = new EchoServer(); ServiceTunnels tunnels = ssh.newTunnels()) {
            TunnelRequest request = TunnelRequest.of(node, "127.0.0.1", echo.port());
            ExecutorService callers = Executors.newFixedThreadPool(8);
            List<Future<InetSocketAddress>> opened = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                opened.add(callers.submit(() -> tunnels.open(TunnelRequest.of(node, "127.0.0.1", echo.port()))));
            }
            InetSocketAddress first = tunnels.open(request);
            for (Future<InetSocketAddress> f : opened) {
                assertThat(f.get()).isEqualTo(first);
            }
            callers.shutdown();
            try (Socket a = connect(first); Socket b = connect(tunnels.open(request))) {
                assertThat(roundTrip(a, "first")).isEqualTo("first");
                assertThat(roundTrip(b, "second")).isEqualTo("second");
                assertThat(roundTrip(a, "again")).isEqualTo("again");
            }
            InetSocketAddress toOther = tunnels.open(TunnelRequest.of(node, "127.0.0.1", other.port()));
            assertThat(toOther.getPort()).isNotEqualTo(first.getPort());
            try (Socket c = connect(toOther)) {
                assertThat(roundTrip(c, "other")).isEqualTo("other");
            }
            assertThat(((SshTunnels) tunnels).openTunnels()).isEqualTo(2);
            assertThat(echo.clientPorts()).hasSize(2);
            assertThat(ssh.openConnections()).isEqualTo(1);
            assertThat(logins()).isEqualTo(1);
        }
    }

    @Test
    void aTunnelWhoseSshConnectionWasKilledIsReopenedByTheNextOpen() throws Exception {
        try (ServiceTunnels tunnels = ssh.newTunnels()) {
            TunnelRequest request = TunnelRequest.of(node, "127.0.0.1", echo.port());
            InetSocketAddress before = tunnels.open(request);
            try (Socket s = connect(before)) {
                assertThat(roundTrip(s, "before")).isEqualTo("before");
                killSessions();
                assertThat(endOfStream(s)).as("a connection through the killed SSH connection ends").isTrue();
            }
            InetSocketAddress after = tunnels.open(request);
            assertThat(after).as("the listener survives the reconnect").isEqualTo(before);
            try (Socket s = connect(after)) {
                assertThat(roundTrip(s, "after")).isEqualTo("after");
            }
            assertThat(logins()).isEqualTo(2);
            assertThat(ssh.openConnections()).isEqualTo(1);
        }
    }

    @Test
    void aConnectionMadeAfterTheKillWithoutOpenGetsAFreshSshConnection() throws Exception {
        try (ServiceTunnels tunnels = ssh.newTunnels()) {
            InetSocketAddress local = tunnels.open(TunnelRequest.of(node, "127.0.0.1", echo.port()));
            try (Socket s = connect(local)) {
                assertThat(roundTrip(s, "before")).isEqualTo("before");
                killSessions();
            }
            try (Socket s = connect(local)) {
                assertThat(roundTrip(s, "after")).isEqualTo("after");
            }
            assertThat(logins()).isEqualTo(2);
        }
    }

    @Test
    void closedTunnelsStopListeningAndEndTheirConnections() throws Exception {
        ServiceTunnels tunnels = ssh.newTunnels();
        TunnelRequest request = TunnelRequest.of(node, "127.0.0.1", echo.port());
        InetSocketAddress local = tunnels.open(request);
        try (Socket s = connect(local)) {
            assertThat(roundTrip(s, "open")).isEqualTo("open");
            tunnels.close();
            assertThat(endOfStream(s)).isTrue();
        }
        assertThatThrownBy(() -> connect(local)).isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> tunnels.open(request)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        tunnels.close(); // twice is fine
        assertThat(ssh.openConnections()).as("closing tunnels leaves the executor's connection").isEqualTo(1);
    }

    @Test
    void closingTheExecutorClosesItsTunnels() throws Exception {
        ServiceTunnels tunnels = ssh.newTunnels();
        InetSocketAddress local = tunnels.open(TunnelRequest.of(node, "127.0.0.1", echo.port()));
        try (Socket s = connect(local)) {
            assertThat(roundTrip(s, "x")).isEqualTo("x");
        }
        ssh.close();
        assertThatThrownBy(() -> connect(local)).isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> tunnels.open(TunnelRequest.of(node, "127.0.0.1", echo.port())))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aTargetTheSshHostCannotReachEndsTheLocalConnectionAndKeepsTheTunnel() throws Exception {
        int closedPort = TestSshd.freePort();
        try (ServiceTunnels tunnels = ssh.newTunnels()) {
            InetSocketAddress local = tunnels.open(TunnelRequest.of(node, "127.0.0.1", closedPort));
            try (Socket s = connect(local)) {
                assertThat(endOfStream(s)).isTrue();
            }
            assertThat(((SshTunnels) tunnels).openTunnels()).isEqualTo(1);
            assertThat(ssh.openConnections()).isEqualTo(1);
            assertThat(logins()).as("a refused channel is not taken for a dead connection").isEqualTo(1);
        }
    }

    @Test
    void anSshHostThatCannotBeReachedFailsTheOpenNamingTheTarget() {
        RemoteHost nobody = RemoteHost.builder().nodeId("node-2").address("127.0.0.1").port(TestSshd.freePort())
                .user("root").trustOnFirstUse(true).build();
        try (ServiceTunnels tunnels = ssh.newTunnels()) {
            assertThatThrownBy(() -> tunnels.open(TunnelRequest.of(nobody, "10.0.1.10", 2181)))
                    .isInstanceOfSatisfying(io.dsec2.exception.RemoteExecutionException.class,
                            e -> assertThat(e.retryable()).isTrue())
                    .hasMessageContaining("cannot open the SSH tunnel to 10.0.1.10:2181")
                    .hasMessageContaining("node-2");
            assertThat(((SshTunnels) tunnels).openTunnels()).isZero();
        }
    }

    private void killSessions() throws InterruptedException {
        List<ProcessHandle> sessions = ProcessHandle.of(sshd.pid()).orElseThrow().descendants().toList();
        assertThat(sessions).as("sshd's per-connection processes").isNotEmpty();
        sessions.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : sessions) {
            p.onExit().join();
        }
    }

    private int logins() {
        return sshd.logText().split("Accepted publickey", -1).length - 1;
    }

    private static Socket connect(InetSocketAddress address) throws IOException {
        Socket s = new Socket();
        s.connect(address, READ_TIMEOUT_MS);
        s.setSoTimeout(READ_TIMEOUT_MS);
        return s;
    }

    private static String roundTrip(Socket s, String text) throws IOException {
        byte[] sent = text.getBytes(StandardCharsets.UTF_8);
        s.getOutputStream().write(sent);
        s.getOutputStream().flush();
        return new String(s.getInputStream().readNBytes(sent.length), StandardCharsets.UTF_8);
    }

    /** @return true if the peer ended the connection (EOF or reset) before the read timeout */
    private static boolean endOfStream(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            return in.read() == -1;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }
}
