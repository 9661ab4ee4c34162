package io.dsec2.ssh.internal;

import io.dsec2.spi.RemoteHost;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.OpenFailException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated SSH connection to one host, shared by all threads, with a bound on concurrently open
 * channels (sshd refuses channels beyond its MaxSessions, default 10). Thread-safe.
 */
public final class HostConnection {
    private static final Logger LOG = LoggerFactory.getLogger(HostConnection.class);
    private final RemoteHost host;
    private final SSHClient client;
    private final Semaphore channels;

    HostConnection(RemoteHost host, SSHClient client, int maxChannels) {
        this.host = host;
        this.client = client;
        this.channels = new Semaphore(maxChannels, true);
    }

    /** @return the host */
    public RemoteHost host() {
        return host;
    }

    /** @return the sshj client; open channels on it only while holding a permit */
    SSHClient client() {
        return client;
    }

    /** @return true while the transport is up and authenticated */
    public boolean alive() {
        return client.isConnected() && client.isAuthenticated();
    }

    /**
     * Whether a failure to open a channel means this connection is dead. Only a refusal the server sent
     * ({@code SSH_MSG_CHANNEL_OPEN_FAILURE}, RFC 4254 section 5.1) proves the connection still works; any other
     * failure (a broken transport, no answer) does, even while the transport has not noticed yet.
     *
     * @param failure why the channel did not open
     * @return true if the caller should drop this connection and reconnect
     */
    boolean deadAfter(IOException failure) {
        return !alive() || !(failure instanceof OpenFailException);
    }

    /**
     * @param wait longest to wait for a free channel
     * @return true if a permit was taken (release it with {@link #release()})
     */
    boolean acquire(Duration wait) {
        try {
            return channels.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void release() {
        channels.release();
    }

    /** Closes the connection; safe to call more than once. */
    public void close() {
        try {
            client.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing SSH connection to {} failed: {}", host, e.toString());
        }
    }
}
