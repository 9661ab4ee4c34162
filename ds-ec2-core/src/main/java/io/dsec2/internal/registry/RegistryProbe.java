package io.dsec2.internal.registry;

import io.dsec2.exception.DsEc2Exception;
import io.dsec2.internal.ds.Ds320Profile;
import io.dsec2.model.NodeRole;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Reads DolphinScheduler 3.2.0's registry in ZooKeeper with Curator: which masters, workers and alert servers
 * hold an ephemeral node under {@code /<namespace>/nodes/...}
 * (https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-registry/dolphinscheduler-registry-api/src/main/java/org/apache/dolphinscheduler/registry/api/enums/RegistryNodeType.java)
 * and their heartbeat JSON. Read-only.
 * Thread-safe (Curator is).
 */
public final class RegistryProbe implements AutoCloseable {
    private final CuratorFramework client;

    private RegistryProbe(CuratorFramework client) {
        this.client = client;
    }

    /**
     * Connects and waits until connected.
     *
     * @param connectString ZooKeeper {@code host:port[,...]}
     * @param timeout how long to wait for the connection
     * @return a connected probe
     * @throws DsEc2Exception (retryable) if ZooKeeper is not reachable in time
     */
    public static RegistryProbe connect(String connectString, Duration timeout) {
        CuratorFramework c = CuratorFrameworkFactory.builder().connectString(connectString)
                .retryPolicy(new ExponentialBackoffRetry(200, 3)).connectionTimeoutMs((int) timeout.toMillis())
                .sessionTimeoutMs(30_000).build();
        c.start();
        try {
            if (!c.blockUntilConnected((int) timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                c.close();
                throw new DsEc2Exception("ZooKeeper " + connectString + " not reachable within " + timeout
                        + " (from this machine; ds-ec2 verifies registration from where it runs)", null, true);
            }
        } catch (InterruptedException e) {
            c.close();
            Thread.currentThread().interrupt();
            throw new DsEc2Exception("interrupted while connecting to ZooKeeper", e);
        }
        return new RegistryProbe(c);
    }

    /**
     * @param namespace the registry namespace, e.g. {@code dolphinscheduler}
     * @param role master, worker or alert (the api server does not register)
     * @return the registered servers of that role; empty if none or the directory does not exist
     */
    public List<RegisteredServer> servers(String namespace, NodeRole role) {
        String dir = Ds320Profile.registryDir(namespace, role);
        if (dir == null) {
            return List.of();
        }
        try {
            if (client.checkExists().forPath(dir) == null) {
                return List.of();
            }
            List<RegisteredServer> out = new ArrayList<>();
            for (String child : client.getChildren().forPath(dir)) {
                Stat stat = new Stat();
                byte[] data;
                try {
                    data = client.getData().storingStatIn(stat).forPath(dir + "/" + child);
                } catch (KeeperException.NoNodeException gone) {
                    continue;
                }
                int colon = child.lastIndexOf(':');
                out.add(new RegisteredServer(child.substring(0, colon), Integer.parseInt(child.substring(colon + 1)),
                        data == null ? "" : new String(data, StandardCharsets.UTF_8), Instant.ofEpochMilli(stat.getMtime()),
                        stat.getEphemeralOwner() != 0, stat.getEphemeralOwner()));
            }
            return out;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new DsEc2Exception("cannot read " + dir + " from ZooKeeper: " + e.getMessage(), e, true);
        }
    }

    @Override
    public void close() {
        client.close();
    }

    /**
     * One registered server.
     *
     * @param host the IP address it registered with
     * @param port its RPC port
     * @param heartbeat the heartbeat JSON
     * @param lastWrite when the node was last written (the last heartbeat)
     * @param ephemeral whether the node is ephemeral, as DS creates it
     * @param session the ZooKeeper session that owns the ephemeral node (0 if persistent): a server that
     *     registered again after a restart has a new one
     */
    public record RegisteredServer(String host, int port, String heartbeat, Instant lastWrite, boolean ephemeral,
                                   long session) {
        /** @return {@code host:port} */
        public String address() {
            return host + ":" + port;
        }
    }
}
