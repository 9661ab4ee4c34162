package io.dsec2.testkit.standin.server;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;

/**
 * Stand-in alert server: checks the datasource and schema, connects the registry, serves HTTP
 * {@code server.port} (50053) at once, then waits for the {@code /lock/alert} lock (a Curator-style
 * ephemeral-sequential lock node; the lowest holds it) before opening {@code alert.port} (50052) and registering
 * {@code /nodes/alert-server/<ip>:50052} with the 3.2.0 alert heartbeat. Standbys keep waiting.
 */
public final class AlertNode extends Node {
    private static final String LOGGER = "org.apache.dolphinscheduler.alert.AlertServer";
    private volatile boolean active;

    public AlertNode() {
        super("alert", LOGGER);
    }

    @Override
    protected void start() throws Exception {
        checkDatabase();
        connectRegistry();
        int http = cfg.getInt("server.port", 50053);
        servers.add(Web.bind(http, (ex, p) -> {
            if (!actuator(ex, "", true)) {
                Web.send(ex, 404, Map.of("status", 404, "error", "Not Found"));
            }
        }));
        Thread t = new Thread(this::activate, "alert-lock");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Queues for the lock like Curator's {@code InterProcessMutex}: a connection loss (the registry's Disconnected
     * event also fires every watch) is retried with the same lock node, found again by its UUID; a session expiry
     * ends this attempt and {@link #reRegister()} queues again on the new session.
     */
    private void activate() {
        String lockDir = namespace + "/lock/alert";
        String prefix = "_c_" + java.util.UUID.randomUUID() + "-lock-";
        String myName = null;
        Log.info(LOGGER, "Alert Server waiting to acquire the lock /lock/alert");
        while (!closing) {
            try {
                ensurePath(lockDir);
                List<String> kids = zk.getChildren(lockDir, false);
                if (myName == null) {
                    myName = kids.stream().filter(k -> k.startsWith(prefix)).findFirst().orElse(null);
                }
                if (myName == null) {
                    String mine = zk.create(lockDir + "/" + prefix, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE,
                            CreateMode.EPHEMERAL_SEQUENTIAL);
                    myName = mine.substring(mine.lastIndexOf('/') + 1);
                    continue;
                }
                kids.sort((a, b) -> a.substring(a.lastIndexOf("-lock-")).compareTo(b.substring(b.lastIndexOf("-lock-"))));
                int idx = kids.indexOf(myName);
                if (idx < 0) {
                    myName = null; // our node went with an old session: queue again
                    continue;
                }
                if (idx == 0) {
                    becomeActive();
                    return;
                }
                CountDownLatch gone = new CountDownLatch(1);
                if (zk.exists(lockDir + "/" + kids.get(idx - 1), ev -> gone.countDown()) != null) {
                    gone.await();
                }
            } catch (KeeperException.ConnectionLossException e) {
                Log.warn(LOGGER, "registry connection lost while waiting for the lock /lock/alert; retrying");
                sleep(500);
            } catch (KeeperException.SessionExpiredException e) {
                return; // recoverSession opens a new session and calls reRegister, which queues again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                Log.error(LOGGER, "alert server activation failed", e);
                return;
            }
        }
    }

    private void becomeActive() throws Exception {
        Log.info(LOGGER, "Alert Server acquired the lock /lock/alert, becoming active");
        if (active) {
            super.reRegister();
            return;
        }
        int port = cfg.getInt("alert.port", 50052);
        servers.add(Web.bind(port, (ex, p) -> Web.send(ex, 404, Map.of("code", 404))));
        register("alert-server", port, cfg.getDuration("alert.heartbeat-interval", Duration.ofSeconds(60)));
        active = true;
    }

    /** After a new registry session the lock is gone too: queue for it again, then re-register. */
    @Override
    protected void reRegister() {
        Thread t = new Thread(this::activate, "alert-lock");
        t.setDaemon(true);
        t.start();
    }

    @Override
    protected Map<String, Object> info() {
        Map<String, Object> m = super.info();
        m.put("active", active);
        return m;
    }

    @Override
    protected Map<String, Object> heartbeat(int port) {
        Map<String, Double> m = metrics();
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("processId", ProcessHandle.current().pid());
        h.put("startupTime", startupTime);
        h.put("reportTime", System.currentTimeMillis());
        h.put("cpuUsage", m.get("cpuUsage"));
        h.put("memoryUsage", m.get("memoryUsage"));
        h.put("availablePhysicalMemorySize", m.get("availablePhysicalMemorySize"));
        h.put("host", ip);
        h.put("port", port);
        return h;
    }
}
