package io.dsec2.testkit;

import io.dsec2.testkit.net.Host;
import io.dsec2.testkit.net.HostManager;
import io.dsec2.testkit.net.HostSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeKeyPairsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;
import software.amazon.awssdk.services.ec2.model.Reservation;

/**
 * Turns the EC2 instances of one VPC in moto into LocalCloud hosts, and keeps them in step: every few hundred
 * milliseconds it lists the VPC's instances (DescribeInstances filtered by {@code vpc-id}) and
 * <ul>
 *   <li>boots a host for every {@code running} instance without one (in parallel, bounded), with the instance's
 *       key pair in the login user's {@code authorized_keys};</li>
 *   <li>stops the host of a {@code stopping}/{@code stopped} instance (processes gone, disk kept);</li>
 *   <li>destroys the host of a {@code shutting-down}/{@code terminated} or vanished instance.</li>
 * </ul>
 * Instances whose private address is outside the bridge's /16 are ignored with a warning. It is level-triggered:
 * an action that fails is retried on the next poll (at most 3 boot attempts per instance).
 *
 * <p>It talks to moto directly, never through the fault proxy, so injected AWS faults do not disturb it.
 * Thread-safe.
 */
public final class InstanceWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceWatcher.class);
    private static final int MAX_BOOT_ATTEMPTS = 3;
    private final Ec2Client ec2;
    private final String vpcId;
    private final HostManager hosts;
    private final String loginUser;
    private final Map<String, String> publicKeys = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> bootFailures = new ConcurrentHashMap<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService poller;
    private final ExecutorService workers;
    private final Object pollLock = new Object();
    private volatile boolean closed;

    /**
     * Starts watching.
     *
     * @param ec2 a client for moto (not the fault proxy); not closed by the watcher
     * @param vpcId the VPC whose instances become hosts
     * @param hosts where hosts are booted
     * @param loginUser the login user of every host, e.g. {@code ec2-user}
     * @param interval the poll interval, e.g. 250 ms
     * @param parallelBoots how many hosts boot at once (at least 1)
     */
    public InstanceWatcher(Ec2Client ec2, String vpcId, HostManager hosts, String loginUser, Duration interval,
            int parallelBoots) {
        this.ec2 = ec2;
        this.vpcId = vpcId;
        this.hosts = hosts;
        this.loginUser = loginUser;
        this.workers = Executors.newFixedThreadPool(Math.max(1, parallelBoots), daemon("dsec2-host-boot"));
        this.poller = Executors.newSingleThreadScheduledExecutor(daemon("dsec2-instance-watcher"));
        poller.scheduleWithFixedDelay(this::pollQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Makes a key pair's public key known (OpenSSH one-line form), so its instances accept it. */
    public void registerPublicKey(String keyName, String publicKeyOpenSsh) {
        publicKeys.put(keyName, publicKeyOpenSsh.strip());
    }

    /**
     * Waits until the instance's host runs and its sshd answers at {@code <private-ip>:22}.
     *
     * @return true if it did within {@code timeout}
     */
    public boolean awaitSshReady(String instanceId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!closed) {
            Optional<Host> h = hosts.host(instanceId);
            long left = deadline - System.nanoTime();
            if (h.isPresent() && h.get().running() && !inFlight.contains(instanceId)) {
                return h.get().awaitSsh(Duration.ofNanos(Math.max(left, 1)));
            }
            if (left <= 0) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Runs one reconciliation now (the background loop does this on its own), waiting for other polls. */
    public void pollNow() {
        synchronized (pollLock) {
            reconcile();
        }
    }

    /** @return true while no boot, stop or destroy is under way */
    public boolean idle() {
        return inFlight.isEmpty();
    }

    /** Stops watching and waits (at most 60 s) for actions under way. Hosts are left as they are. */
    @Override
    public void close() {
        closed = true;
        poller.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(60, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
            poller.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pollQuietly() {
        if (closed) {
            return;
        }
        try {
            pollNow();
        } catch (RuntimeException e) {
            LOG.debug("instance poll failed: {}", e.toString());
        }
    }

    private void reconcile() {
        Map<String, Instance> seen = new HashMap<>();
        DescribeInstancesRequest req = DescribeInstancesRequest.builder()
                .filters(Filter.builder().name("vpc-id").values(vpcId).build()).build();
        for (Reservation r : ec2.describeInstancesPaginator(req).reservations()) {
            for (Instance i : r.instances()) {
                seen.put(i.instanceId(), i);
            }
        }
        Set<String> known = new HashSet<>();
        for (Host h : hosts.hosts()) {
            known.add(h.instanceId());
        }
        for (Instance i : seen.values()) {
            String id = i.instanceId();
            if (inFlight.contains(id) || closed) {
                continue;
            }
            InstanceStateName st = i.state().name();
            Optional<Host> host = hosts.host(id);
            switch (st) {
                case RUNNING, PENDING -> {
                    if (host.isPresent() && host.get().running()) {
                        continue;
                    }
                    if (!hosts.bridge().containsHostAddress(i.privateIpAddress())) {
                        if (warned.add(id)) {
                            LOG.warn("instance {} has address {} outside {}: no host for it", id,
                                    i.privateIpAddress(), hosts.bridge().cidr());
                        }
                        continue;
                    }
                    if (bootFailures.getOrDefault(id, new AtomicInteger()).get() >= MAX_BOOT_ATTEMPTS) {
                        continue;
                    }
                    submit(id, () -> boot(i));
                }
                case STOPPING, STOPPED -> {
                    if (host.isPresent() && host.get().state() == Host.State.RUNNING) {
                        submit(id, () -> hosts.stop(id));
                    }
                }
                default -> { // SHUTTING_DOWN, TERMINATED
                    if (host.isPresent()) {
                        submit(id, () -> hosts.destroy(id));
                    }
                }
            }
        }
        for (String id : known) {
            if (!seen.containsKey(id) && !inFlight.contains(id) && !closed) {
                submit(id, () -> hosts.destroy(id));
            }
        }
    }

    private void boot(Instance i) {
        HostSpec.Builder spec = HostSpec.builder().instanceId(i.instanceId()).privateIp(i.privateIpAddress())
                .loginUser(loginUser);
        if (i.keyName() != null) {
            String key = publicKeyOf(i.keyName());
            if (key == null) {
                LOG.warn("instance {}: public key of key pair {} unknown; its host accepts no key", i.instanceId(),
                        i.keyName());
            } else {
                spec.authorizedKey(key);
            }
        }
        try {
            hosts.boot(spec.build());
        } catch (RuntimeException e) {
            int n = bootFailures.computeIfAbsent(i.instanceId(), k -> new AtomicInteger()).incrementAndGet();
            LOG.warn("instance {}: host boot failed (attempt {} of {}): {}", i.instanceId(), n, MAX_BOOT_ATTEMPTS,
                    e.getMessage());
        }
    }

    private String publicKeyOf(String keyName) {
        String k = publicKeys.get(keyName);
        if (k != null) {
            return k;
        }
        try {
            DescribeKeyPairsResponse r = ec2.describeKeyPairs(b -> b.keyNames(keyName).includePublicKey(true));
            for (KeyPairInfo info : r.keyPairs()) {
                if (info.publicKey() != null && info.publicKey().startsWith("ssh-")) {
                    publicKeys.put(keyName, info.publicKey().strip());
                    return info.publicKey().strip();
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("DescribeKeyPairs {}: {}", keyName, e.toString());
        }
        return null;
    }

    private void submit(String id, Runnable action) {
        if (!inFlight.add(id)) {
            return;
        }
        try {
            workers.execute(() -> {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.warn("instance {}: {}", id, e.getMessage());
                } finally {
                    inFlight.remove(id);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            inFlight.remove(id);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

}
