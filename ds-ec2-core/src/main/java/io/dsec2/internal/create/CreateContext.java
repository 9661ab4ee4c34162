package io.dsec2.internal.create;

import io.dsec2.exception.DsEc2Exception;
import io.dsec2.model.ClusterSpec;
import io.dsec2.spi.CloudInstance;
import io.dsec2.spi.LoadBalancerInfo;
import io.dsec2.spi.NetworkResult;
import io.dsec2.spi.SubnetInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one create run learns and makes, shared by its tasks (which run on several threads). The cloud is the
 * inventory: instances are re-discovered by tag at the start of every run, so nothing here needs to survive a
 * crash except the ids of instances ds-ec2 launched, kept in the state store so a later run may still trust their
 * host keys on first use when the run that launched them died before its first SSH contact.
 */
final class CreateContext {
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
    /** Instances launched (not adopted) by this job: trusted on first SSH contact, removed on rollback. */
    final Set<String> launchedByJob = ConcurrentHashMap.newKeySet();
    /** Instances this run launched; what rollback terminates. */
    final Set<String> launchedByRun = ConcurrentHashMap.newKeySet();

    CreateContext(ClusterSpec spec, Wiring wiring, ResolvedSecrets secrets, String jobId) {
        this.spec = spec;
        this.wiring = wiring;
        this.secrets = secrets;
        this.nodes = PlannedNode.of(spec);
        this.jobId = jobId;
        wiring.store.read(spec.name(), launchedKey()).ifPresent(b -> {
            for (String id : new String(b, StandardCharsets.UTF_8).split("\n")) {
                if (!id.isBlank()) {
                    launchedByJob.add(id.trim());
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

    synchronized void recordLaunched(String instanceId) {
        launchedByRun.add(instanceId);
        launchedByJob.add(instanceId);
        List<String> ids = new ArrayList<>(launchedByJob);
        Collections.sort(ids);
        wiring.store.write(clusterId(), launchedKey(), (String.join("\n", ids) + "\n").getBytes(StandardCharsets.UTF_8));
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
