package io.dsec2.internal.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.model.AccessMode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Route selection against real sockets on 127.0.0.1: a listener that accepts (direct answers), a port nobody listens
 * on (refused: the kernel answers the SYN with RST), and a listener whose accept queue is full (silent: Linux drops
 * a SYN for a listener whose accept queue is full, see {@code tcp_conn_request} in net/ipv4/tcp_input.c, so the
 * connect times out), plus the forced modes, which must not touch the network.
 */
class RouteSelectorTest {
    private static final Duration PROBE = Duration.ofMillis(300);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void autoGoesDirectWhenTheTargetAnswers() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
            ServiceRoute route = new RouteSelector(AccessMode.AUTO, PROBE).select("127.0.0.1", server.getLocalPort());
            assertThat(route.kind()).isEqualTo(ServiceRoute.Kind.DIRECT);
            assertThat(route.reason()).startsWith("deployment.access is auto; a direct TCP connect answered in ");
            assertThat(route.target()).isEqualTo("127.0.0.1:" + server.getLocalPort());
            server.setSoTimeout(1000);
            try (Socket probe = server.accept()) {
                assertThat(probe.getInputStream().read()).as("the probe sends nothing and closes").isEqualTo(-1);
            }
        }
    }

    @Test
    void autoTunnelsWhenTheDirectConnectIsRefused() throws IOException {
        int closed = closedPort();
        ServiceRoute route = new RouteSelector(AccessMode.AUTO, PROBE).select("127.0.0.1", closed);
        assertThat(route.kind()).isEqualTo(ServiceRoute.Kind.TUNNEL);
        assertThat(route.reason()).isEqualTo("deployment.access is auto; a direct TCP connect failed (Connection"
                + " refused)");
    }

    @Test
    void autoTunnelsWhenTheDirectConnectGetsNoAnswer() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK)) {
            List<Socket> fillers = fillAcceptQueue(server);
            try {
                long started = System.nanoTime();
                ServiceRoute route = new RouteSelector(AccessMode.AUTO, PROBE).select("127.0.0.1",
                        server.getLocalPort());
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertThat(route.kind()).isEqualTo(ServiceRoute.Kind.TUNNEL);
                assertThat(route.reason()).isEqualTo("deployment.access is auto; a direct TCP connect got no answer"
                        + " within 300 ms");
                // it waited for the timeout (the clock and the connect timer may differ by a few ms), not failed fast
                assertThat(took).isGreaterThanOrEqualTo(PROBE.minusMillis(50)).isLessThan(Duration.ofSeconds(5));
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void directModeNeverProbes() throws IOException {
        int closed = closedPort();
        ServiceRoute route = new RouteSelector(AccessMode.DIRECT, PROBE).select("127.0.0.1", closed);
        assertThat(route).isEqualTo(new ServiceRoute("127.0.0.1", closed, ServiceRoute.Kind.DIRECT,
                "deployment.access is direct"));
    }

    @Test
    void sshModeNeverProbesEvenWhenTheTargetAnswers() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
            ServiceRoute route = new RouteSelector(AccessMode.SSH, PROBE).select("127.0.0.1", server.getLocalPort());
            assertThat(route.kind()).isEqualTo(ServiceRoute.Kind.TUNNEL);
            assertThat(route.reason()).isEqualTo("deployment.access is ssh");
            assertNoConnectionArrives(server);
        }
    }

    @Test
    void theDecisionIsMadeOncePerTargetEvenWhenAskedConcurrently() throws Exception {
        RouteSelector selector = new RouteSelector(AccessMode.AUTO, PROBE);
        ServiceRoute first;
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
            int port = server.getLocalPort();
            ExecutorService callers = Executors.newFixedThreadPool(8);
            List<Future<ServiceRoute>> routes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                routes.add(callers.submit(() -> selector.select("127.0.0.1", port)));
            }
            first = routes.get(0).get();
            for (Future<ServiceRoute> r : routes) {
                assertThat(r.get()).isSameAs(first);
            }
            callers.shutdown();
            server.setSoTimeout(1000);
            server.accept().close(); // the one probe
            assertNoConnectionArrives(server);
        }
        // the listener is gone now, but the operation keeps its decision
        assertThat(selector.select("127.0.0.1", first.port())).isSameAs(first);
        assertThat(first.kind()).isEqualTo(ServiceRoute.Kind.DIRECT);
        // another target is decided on its own
        assertThat(selector.select("127.0.0.1", closedPort()).kind()).isEqualTo(ServiceRoute.Kind.TUNNEL);
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> new RouteSelector(AccessMode.AUTO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("probeTimeout");
        RouteSelector selector = new RouteSelector(AccessMode.DIRECT, PROBE);
        assertThatThrownBy(() -> selector.select(" ", 2181)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> selector.select("10.0.1.10", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> selector.select("10.0.1.10", 65536)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRouteSaysWhichWayAndWhy() {
        assertThat(new ServiceRoute("10.0.1.10", 2181, ServiceRoute.Kind.TUNNEL, "deployment.access is ssh"))
                .hasToString("10.0.1.10:2181 through an SSH tunnel (deployment.access is ssh)");
        assertThat(new ServiceRoute("fd00::5", 3306, ServiceRoute.Kind.DIRECT, "deployment.access is direct"))
                .hasToString("[fd00::5]:3306 direct (deployment.access is direct)");
    }

    /** @return a port on 127.0.0.1 that was just listened on and is now closed: a connect to it is refused */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    /**
     * Connects to a listener that never accepts until a connect times out: from then on its accept queue is full and
     * the kernel drops further SYNs. With backlog 1 that takes two connections on Linux.
     */
    private static List<Socket> fillAcceptQueue(ServerSocket server) throws IOException {
        List<Socket> fillers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(LOOPBACK, server.getLocalPort()), 200);
                fillers.add(s);
            } catch (SocketTimeoutException e) {
                s.close();
                return fillers;
            }
        }
        for (Socket s : fillers) {
            s.close();
        }
        throw new AssertionError("the accept queue of a listener with backlog 1 did not fill after 16 connections");
    }

    private static void assertNoConnectionArrives(ServerSocket server) throws IOException {
        server.setSoTimeout(200);
        assertThatThrownBy(server::accept).as("no connection was made").isInstanceOf(SocketTimeoutException.class);
    }
}
