package io.dsec2.internal.create;

import io.dsec2.exception.DsEc2Exception;
import io.dsec2.model.ClusterSpec;
import io.dsec2.spi.CloudInstance;
import io.dsec2.spi.LoadBalancerInfo;
import io.dsec2.spi.NetworkResult;
import io.dsec2.spi.RemoteHost;
import io.dsec2.spi.SubnetInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one create run learns and makes, shared by its tasks (which run on several threads). The cloud is the
 * inventory: instances are re-discovered by tag at the start of every run, so nothing here needs to survive a
 * crash except the ids of instances ds-ec2 launched and has not reached over SSH yet, kept in the state store so a
 * later run may still trust their host keys on first use when the run that launched them died before its first SSH
 * contact. An id leaves that list at the first successful contact (its key is pinned then) and at termination.
 * Because a run can die between EC2 creating an instance and ds-ec2 learning its id, a launch intent (node id and
 * time) is recorded before each RunInstances call: an instance of that node launched no earlier than the intent
 * (less {@link #LAUNCH_CLOCK_SKEW}) and not reached yet is the one ds-ec2 asked for, and is trusted on first use too.
 *
 * <p>The state-store record {@code instances-launched} holds one instance id per line, and one line
 * {@code intent <node id> <epoch millis>} per pending launch.
 */
final class CreateContext {
    private static final Logger LOG = LoggerFactory.getLogger(CreateContext.class);
    final ClusterSpec spec;
    final Wiring wiring;
    final ResolvedSecrets secrets;
    final List<PlannedNode> nodes;
    /** Set once the job is known; an update learns it after discovery (it resumes an unfinished one). */
    volatile String jobId;
    volatile List<SubnetInfo> subnets = List.of();
    volatile String vpcId;
    volatile NetworkResult network;
    volatile LoadBalancerInfo loadBalancer;
    final Map<String, CloudInstance> instances = new ConcurrentHashMap<>();
    final Map<String, NodeFacts> facts = new ConcurrentHashMap<>();
    final Map<String, String> amiByArchitecture = new ConcurrentHashMap<>();
    /** Zones for nodes not launched yet: least-populated first (scale-out), round-robin on a fresh create. */
    final ZonePlacement placement = new ZonePlacement();
    /**
     * Instances launched (not adopted) by ds-ec2 and not reached over SSH yet: trusted on first SSH contact; an id
     * leaves at that contact ({@link #reached}) and at termination ({@link #forgetTerminated}).
     */
    final Set<String> launchedByJob = ConcurrentHashMap.newKeySet();
    /** Node id → when ds-ec2 last asked EC2 to launch it, for launches whose instance id it never learned. */
    private final Map<String, Instant> launchIntents = new ConcurrentHashMap<>();
    /** How much earlier than the recorded intent EC2's launch time may be (the client's and EC2's clocks differ). */
    static final Duration LAUNCH_CLOCK_SKEW = Duration.ofMinutes(2);
    /** Instances this run launched; what rollback terminates. */
    final Set<String> launchedByRun = ConcurrentHashMap.newKeySet();

    CreateContext(ClusterSpec spec, Wiring wiring, ResolvedSecrets secrets, String jobId) {
        this.spec = spec;
        this.wiring = wiring;
        this.secrets = secrets;
        this.nodes = PlannedNode.of(spec);
        this.jobId = jobId;
        wiring.store.read(spec.name(), launchedKey()).ifPresent(b -> {
            for (String line : new String(b, StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.trim().split(" ");
                if (f.length == 3 && f[0].equals("intent")) {
                    try {
                        launchIntents.put(f[1], Instant.ofEpochMilli(Long.parseLong(f[2])));
                    } catch (NumberFormatException e) {
                        LOG.warn("{}: ignoring a malformed launch intent in the state store: {}", spec.name(), line);
                    }
                } else if (!line.isBlank()) {
                    launchedByJob.add(line.trim());
                }
            }
        });
    }

    String clusterId() {
        return spec.name();
    }

    private byte[] digestKey;

    /** @return the cluster's {@link DigestKey}, read (or made) once per operation */
    synchronized byte[] digestKey() {
        if (digestKey == null) {
            digestKey = DigestKey.of(wiring.store, clusterId());
        }
        return digestKey.clone();
    }

    private String launchedKey() {
        return "instances-launched";
    }

    /** Records, before RunInstances is called, that ds-ec2 is about to launch {@code nodeId}. */
    synchronized void recordLaunchIntent(String nodeId) {
        launchIntents.put(nodeId, Instant.now());
        writeLaunched();
    }

    synchronized void recordLaunched(String nodeId, String instanceId) {
        launchedByRun.add(instanceId);
        launchedByJob.add(instanceId);
        launchIntents.remove(nodeId);
        writeLaunched();
    }

    /** @return true if ds-ec2 launched {@code i} (by id, or by an intent its launch time matches) and has not reached it */
    private boolean launchedNotReached(CloudInstance i) {
        if (launchedByJob.contains(i.instanceId())) {
            return true;
        }
        Instant intent = launchIntents.get(i.nodeId());
        return intent != null && i.launchTime() != null && !i.launchTime().isBefore(intent.minus(LAUNCH_CLOCK_SKEW));
    }

    private void writeLaunched() {
        List<String> ids = new ArrayList<>(launchedByJob);
        Collections.sort(ids);
        new java.util.TreeMap<>(launchIntents).forEach((node, at) -> ids.add("intent " + node + " " + at.toEpochMilli()));
        String text = ids.isEmpty() ? "" : String.join("\n", ids) + "\n";
        wiring.store.write(clusterId(), launchedKey(), text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param i a cluster instance
     * @return how to reach it over SSH: its private IP as the spec's SSH user, with its instance id (host keys are
     *         pinned per instance); trusted on first use only while it is launched and not reached yet
     */
    RemoteHost host(CloudInstance i) {
        return RemoteHost.builder().nodeId(i.nodeId()).address(i.privateIp()).user(spec.deployment().sshUser())
                .instanceId(i.instanceId()).trustOnFirstUse(launchedNotReached(i)).build();
    }

    /**
     * The first SSH contact with an instance succeeded, so its host key is pinned: from now on, in this run and
     * every later one, it is held to that key and no longer trusted on first use.
     */
    synchronized void reached(CloudInstance i) {
        boolean changed = launchedByJob.remove(i.instanceId());
        Instant intent = launchIntents.get(i.nodeId());
        if (intent != null && launchedNotReached(i)) {
            launchIntents.remove(i.nodeId());
            changed = true;
        }
        if (changed) {
            writeLaunched();
        }
    }

    /**
     * Instances were terminated: the host keys pinned for them go (so a later instance at the same address starts
     * afresh) and they leave the launched list. A failure to drop the keys is logged, not thrown: the instances are
     * gone already, and their stale keys no longer block a new instance at the address.
     *
     * @param instanceIds the terminated instances
     * @param described what is known of them (those without a private IP had no SSH contact)
     */
    synchronized void forgetTerminated(Collection<String> instanceIds, Collection<CloudInstance> described) {
        Set<String> gone = Set.copyOf(instanceIds);
        for (CloudInstance i : described) {
            if (gone.contains(i.instanceId()) && i.privateIp() != null && !i.privateIp().isBlank()) {
                try {
                    wiring.remote.forgetHost(host(i).copy(b -> b.trustOnFirstUse(false)));
                } catch (RuntimeException e) {
                    LOG.warn("{}: could not drop the host keys of terminated {} ({}): {}", clusterId(), i.nodeId(),
                            i.instanceId(), e.getMessage());
                }
            }
        }
        if (launchedByJob.removeAll(gone)) {
            writeLaunched();
        }
    }

    CloudInstance instance(PlannedNode node) {
        CloudInstance i = instances.get(node.nodeId());
        if (i == null) {
            throw new DsEc2Exception(node.nodeId() + " has no running instance (launch stage did not record one)");
        }
        return i;
    }

    PlannedNode node(String nodeId) {
        return nodes.stream().filter(n -> n.nodeId().equals(nodeId)).findFirst().orElseThrow();
    }
}
