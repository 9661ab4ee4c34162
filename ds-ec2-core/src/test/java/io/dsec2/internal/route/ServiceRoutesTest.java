package io.dsec2.internal.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.exception.RemoteExecutionException;
import io.dsec2.model.AccessMode;
import io.dsec2.spi.ExecRequest;
import io.dsec2.spi.ExecResult;
import io.dsec2.spi.RemoteExecutor;
import io.dsec2.spi.RemoteHost;
import io.dsec2.spi.ServiceTunnels;
import io.dsec2.spi.TunnelRequest;
import io.dsec2.spi.UploadRequest;
import io.dsec2.spi.UploadResult;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Addresses handed out per route: the target for direct, the tunnel's local end (asked for on every call) for ssh. */
class ServiceRoutesTest {
    private static final RemoteHost BASTION = RemoteHost.builder().nodeId("jump-host").address("203.0.113.7")
            .user("ec2-user").build();

    @Test
    void aDirectRouteConnectsToTheTargetAndOpensNoTunnel() {
        RecordingTunnels tunnels = new RecordingTunnels();
        ServiceRoutes routes = new ServiceRoutes(new RouteSelector(AccessMode.DIRECT, Duration.ofMillis(100)),
                tunnels, BASTION);
        assertThat(routes.address("127.0.0.1", 2181)).isEqualTo(new InetSocketAddress("127.0.0.1", 2181));
        assertThat(tunnels.requests).isEmpty();
        assertThat(routes.describe("127.0.0.1", 2181)).isEqualTo("127.0.0.1:2181 direct (deployment.access is direct)");
    }

    @Test
    void aTunnelRouteAsksTheTunnelsOnEveryCallSoABrokenOneIsReopened() {
        RecordingTunnels tunnels = new RecordingTunnels();
        ServiceRoutes routes = new ServiceRoutes(new RouteSelector(AccessMode.SSH, Duration.ofMillis(100)), tunnels,
                BASTION);
        assertThat(routes.address("10.0.1.10", 2181)).isEqualTo(new InetSocketAddress("127.0.0.1", 40001));
        assertThat(routes.address("10.0.1.10", 2181)).isEqualTo(new InetSocketAddress("127.0.0.1", 40002));
        assertThat(tunnels.requests).containsExactly(TunnelRequest.of(BASTION, "10.0.1.10", 2181),
                TunnelRequest.of(BASTION, "10.0.1.10", 2181));
        assertThat(routes.describe("10.0.1.10", 2181)).isEqualTo("10.0.1.10:2181 through an SSH tunnel over "
                + BASTION + " (deployment.access is ssh)");
    }

    @Test
    void anExecutorThatCannotForwardPortsFailsLoudlyAndNamesTheTarget() {
        RemoteExecutor noTunnels = new RemoteExecutor() {
            @Override
            public ExecResult execute(ExecRequest request) {
                throw new UnsupportedOperationException();
            }

            @Override
            public UploadResult upload(UploadRequest request) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void awaitReachable(RemoteHost host, Duration timeout) {
            }

            @Override
            public void close() {
            }
        };
        try (ServiceTunnels tunnels = noTunnels.newTunnels()) {
            ServiceRoutes routes = new ServiceRoutes(new RouteSelector(AccessMode.SSH, Duration.ofMillis(100)),
                    tunnels, BASTION);
            assertThatThrownBy(() -> routes.address("10.0.1.10", 3306))
                    .isInstanceOfSatisfying(RemoteExecutionException.class, e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.host()).isEqualTo(BASTION.toString());
                    })
                    .hasMessageContaining("cannot open an SSH tunnel to 10.0.1.10:3306")
                    .hasMessageContaining("does not forward ports");
        }
    }

    /** Hands out a new local port on every open, as tunnels do after reopening on a new listener. */
    private static final class RecordingTunnels implements ServiceTunnels {
        final List<TunnelRequest> requests = new CopyOnWriteArrayList<>();

        @Override
        public InetSocketAddress open(TunnelRequest request) {
            requests.add(request);
            return new InetSocketAddress("127.0.0.1", 40000 + requests.size());
        }

        @Override
        public void close() {
        }
    }
}
