package io.dsec2;

import io.dsec2.model.ClusterNode;
import io.dsec2.model.ClusterSpec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A cluster that {@link DsCluster#create()} brought up: its nodes and endpoints.
 *
 * <p>{@link #close()} releases local resources only (SSH connections, SDK clients, threads); it never
 * touches the cluster's instances. Thread-safe.
 *
 * <pre>{@code
 * try (DsClusterHandle h = DsCluster.fromYaml(Path.of("cluster.yaml")).create()) {
 *     h.nodes().forEach(n -> System.out.println(n.nodeId() + " " + n.privateIp()));
 *     System.out.println(h.uiUrl());
 * }
 * }</pre>
 */
public interface DsClusterHandle extends AutoCloseable {
    /** @return the cluster id, the value of the {@code ds-ec2:cluster} tag on every resource */
    String clusterId();

    /** @return the spec the cluster was created from */
    ClusterSpec spec();

    /** @return every node, ordered by role (master, worker, api, alert) then ordinal */
    List<ClusterNode> nodes();

    /** @return the load balancer's DNS name when the spec enables one */
    Optional<String> loadBalancerDns();

    /**
     * @return the DolphinScheduler UI, {@code http://<load balancer or first api node>:<port>/dolphinscheduler/ui/}
     */
    URI uiUrl();

    /** @return the REST base URL, {@code http://<first api node>:12345/dolphinscheduler} (reachable inside the VPC) */
    URI apiUrl();

    /** @return how long the operation that produced this handle took */
    Duration duration();

    /** Releases local resources; the cluster keeps running. Idempotent. */
    @Override
    void close();
}
