package io.dsec2.ssh.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.dsec2.spi.RemoteHost;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.OpenFailException;
import net.schmizz.sshj.transport.TransportException;
import org.junit.jupiter.api.Test;

/**
 * A channel that failed to open marks its connection dead unless the server itself refused the channel: a
 * transport that broke is reported to the waiting caller before sshj marks the client disconnected (the race
 * {@code ReconnectTest} met in CI as "cannot open SSH session channel").
 */
class HostConnectionTest {
    private final SSHClient client = mock(SSHClient.class);
    private final HostConnection connection = new HostConnection(
            RemoteHost.builder().nodeId("node-1").address("10.0.0.1").user("ds").build(), client, 4);

    @Test
    void aBrokenTransportIsDeadEvenWhileTheClientStillReportsConnected() {
        when(client.isConnected()).thenReturn(true);
        when(client.isAuthenticated()).thenReturn(true);
        assertThat(connection.deadAfter(new ConnectionException("Broken transport; encountered EOF"))).isTrue();
        assertThat(connection.deadAfter(new TransportException("Timeout expired"))).isTrue();
    }

    @Test
    void aRefusalFromTheServerLeavesALiveConnectionInUse() {
        when(client.isConnected()).thenReturn(true);
        when(client.isAuthenticated()).thenReturn(true);
        OpenFailException refused = new OpenFailException("session",
                OpenFailException.Reason.ADMINISTRATIVELY_PROHIBITED, "open failed");
        assertThat(connection.deadAfter(refused)).isFalse();
    }

    @Test
    void anyFailureOnADisconnectedClientIsDead() {
        when(client.isConnected()).thenReturn(false);
        OpenFailException refused = new OpenFailException("session",
                OpenFailException.Reason.ADMINISTRATIVELY_PROHIBITED, "open failed");
        assertThat(connection.deadAfter(refused)).isTrue();
    }
}
