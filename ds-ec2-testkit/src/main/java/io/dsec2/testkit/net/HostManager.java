package io.dsec2.testkit.net;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hosts of one LocalCloud run, on one {@link Bridge}: boots, stops, restarts and destroys {@link Host}s by
 * instance id. Each host's disk lives in {@code <hostsDir>/<instance id>}.
 *
 * <p>Thread-safe: different hosts may be booted in parallel; operations on one host are serialised.
 */
public final class HostManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HostManager.class);
    private final Bridge bridge;
    private final Path hostsDir;
    private final Map<String, Host> hosts = new ConcurrentHashMap<>();
    private volatile Set<Integer> gatewayPorts;

    /**
     * @param bridge the bridge the hosts hang off (owned by the caller)
     * @param hostsDir where host disks go (created on demand)
     */
    public HostManager(Bridge bridge, Path hostsDir) {
        this.bridge = bridge;
        this.hostsDir = hostsDir.toAbsolutePath();
    }

    /**
     * Restricts hosts booted from now on to reach, on the bridge address, only these TCP ports (the services'); they
     * still reach each other freely. Without a call, hosts reach every port of the bridge address.
     *
     * @param ports the allowed ports
     */
    public void restrictGatewayTo(Set<Integer> ports) {
        this.gatewayPorts = Set.copyOf(ports);
    }

    /** @return the bridge */
    public Bridge bridge() {
        return bridge;
    }

    /**
     * Boots the host for {@code spec}: creates it on first call, starts it again if it was stopped, does nothing if
     * it runs. Blocks until its sshd listens.
     *
     * @return the running host
     * @throws IllegalArgumentException if the address is outside the bridge's /16 or used by another live host
     * @throws IllegalStateException if booting fails (the host is left stopped)
     */
    public Host boot(HostSpec spec) {
        if (!bridge.containsHostAddress(spec.privateIp())) {
            throw new IllegalArgumentException(spec.privateIp() + " is not a host address in " + bridge.cidr());
        }
        Host host;
        synchronized (hosts) {
            for (Host h : hosts.values()) {
                if (!h.instanceId().equals(spec.instanceId()) && h.privateIp().equals(spec.privateIp())
                        && h.state() != Host.State.DESTROYED) {
                    throw new IllegalArgumentException(spec.privateIp() + " already belongs to " + h.instanceId());
                }
            }
            host = hosts.computeIfAbsent(spec.instanceId(),
                    id -> new Host(spec, bridge, hostsDir.resolve(id), gatewayPorts));
        }
        host.boot();
        return host;
    }

    /** Stops the host (every process killed, disk kept); no-op if unknown or not running. */
    public void stop(String instanceId) {
        Host h = hosts.get(instanceId);
        if (h != null) {
            h.stop();
        }
    }

    /** Destroys the host (processes, namespace, veth, disk); no-op if unknown. */
    public void destroy(String instanceId) {
        Host h = hosts.get(instanceId);
        if (h != null) {
            h.destroy();
            hosts.remove(instanceId, h);
        }
    }

    /** @return the host for an instance, if it was booted and not destroyed */
    public Optional<Host> host(String instanceId) {
        return Optional.ofNullable(hosts.get(instanceId)).filter(h -> h.state() != Host.State.DESTROYED);
    }

    /** @return every host not destroyed */
    public List<Host> hosts() {
        return hosts.values().stream().filter(h -> h.state() != Host.State.DESTROYED).toList();
    }

    /** Destroys every host (two at a time) and waits for it. */
    public void destroyAll() {
        List<String> ids = new ArrayList<>(hosts.keySet());
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "dsec2-host-teardown");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (String id : ids) {
                fs.add(pool.submit(() -> destroy(id)));
            }
            for (Future<?> f : fs) {
                try {
                    f.get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    LOG.warn("host teardown failed: {}", e.toString());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Destroys every host. The bridge stays (it belongs to the caller). */
    @Override
    public void close() {
        destroyAll();
    }
}
