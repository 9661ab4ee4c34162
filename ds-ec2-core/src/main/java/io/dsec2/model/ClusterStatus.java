package io.dsec2.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of {@link io.dsec2.DsCluster#status()}: a verdict with the reasons behind it and what was found on
 * every node of the cluster (instances carrying the cluster's {@code ds-ec2:cluster} tag, terminated ones left out).
 *
 * <p>Verdict rules: {@link Verdict#DOWN} when no master is registered in ZooKeeper with a fresh heartbeat, when no
 * api server answers health UP, or when ZooKeeper cannot be read; {@link Verdict#DEGRADED} when any node is not
 * healthy (see {@link NodeStatus#reasons()}) or no alert server is active; {@link Verdict#HEALTHY} otherwise.
 * Every reason names the node (or the cluster-wide check) and what failed.
 *
 * <pre>{@code
 * ClusterStatus s = cluster.status();
 * if (s.verdict() != ClusterStatus.Verdict.HEALTHY) {
 *     s.reasons().forEach(System.err::println);
 * }
 * System.out.println(s.toTable());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ClusterStatus {
    /** The cluster's overall condition. */
    public enum Verdict {
        /** Every check of every node passed. */
        HEALTHY,
        /** The cluster serves, but at least one node or check failed. */
        DEGRADED,
        /** The cluster cannot schedule or cannot be used: no registered master, no healthy api, or no registry. */
        DOWN
    }

    private final String clusterName;
    private final Verdict verdict;
    private final List<String> reasons;
    private final List<NodeStatus> nodes;
    private final Instant checkedAt;
    private final Duration duration;

    private ClusterStatus(String clusterName, Verdict verdict, List<String> reasons, List<NodeStatus> nodes,
            Instant checkedAt, Duration duration) {
        this.clusterName = Objects.requireNonNull(clusterName, "clusterName must not be null");
        this.verdict = Objects.requireNonNull(verdict, "verdict must not be null");
        this.reasons = List.copyOf(reasons);
        this.nodes = List.copyOf(nodes);
        this.checkedAt = Objects.requireNonNull(checkedAt, "checkedAt must not be null");
        this.duration = Objects.requireNonNull(duration, "duration must not be null");
        if ((verdict == Verdict.HEALTHY) != this.reasons.isEmpty()) {
            throw new IllegalArgumentException("a HEALTHY verdict has no reasons, any other verdict has some");
        }
    }

    /**
     * @param clusterName the cluster's name
     * @param verdict the verdict
     * @param reasons why the verdict is not HEALTHY; empty exactly when it is
     * @param nodes every node found, in node order
     * @param checkedAt when the checks started
     * @param duration how long the checks took
     * @return the value
     * @throws IllegalArgumentException if reasons and verdict disagree
     */
    public static ClusterStatus of(String clusterName, Verdict verdict, List<String> reasons, List<NodeStatus> nodes,
            Instant checkedAt, Duration duration) {
        return new ClusterStatus(clusterName, verdict, reasons, nodes, checkedAt, duration);
    }

    /** @return the cluster's name */
    public String clusterName() {
        return clusterName;
    }

    /** @return healthy, degraded or down */
    public Verdict verdict() {
        return verdict;
    }

    /** @return each reason for a verdict other than HEALTHY, naming the node or check; empty if HEALTHY */
    public List<String> reasons() {
        return reasons;
    }

    /** @return every node found, masters first, then workers, api and alert servers */
    public List<NodeStatus> nodes() {
        return nodes;
    }

    /**
     * @param nodeId for example {@code worker-2}
     * @return that node's status, if the cluster has it
     */
    public Optional<NodeStatus> node(String nodeId) {
        return nodes.stream().filter(n -> n.nodeId().equals(nodeId)).findFirst();
    }

    /** @return when the checks started */
    public Instant checkedAt() {
        return checkedAt;
    }

    /** @return how long the checks took */
    public Duration duration() {
        return duration;
    }

    /**
     * @return a fixed-width table: one line per node (instance state, AZ, IPs, SSH, process, health, registry,
     *     heartbeat age in seconds, serverStatus, target health), then the verdict and its reasons
     */
    public String toTable() {
        String fmt = "%-10s %-8s %-10s %-12s %-15s %-15s %-4s %-7s %-11s %-10s %-6s %-9s %-8s%n";
        StringBuilder out = new StringBuilder();
        out.append(String.format(fmt, "NODE", "ROLE", "STATE", "AZ", "PRIVATE_IP", "PUBLIC_IP", "SSH", "PROCESS",
                "HEALTH", "REGISTERED", "HB_AGE", "SERVER", "TARGET"));
        for (NodeStatus n : nodes) {
            out.append(String.format(fmt, n.nodeId(), n.role().id(), n.instanceState(), n.availabilityZone(),
                    n.privateIp(), n.publicIp().orElse("-"), n.sshReachable() ? "yes" : "no",
                    n.processRunning().map(r -> r ? "running" : "stopped").orElse("-"), n.health(),
                    n.registered().map(r -> r ? "yes" : "no").orElse("-"),
                    n.heartbeatAge().map(a -> a.toSeconds() + "s").orElse("-"), n.serverStatus().orElse("-"),
                    n.targetHealth().orElse("-")));
        }
        out.append(String.format("%ncluster %s: %s (checked in %d ms)%n", clusterName, verdict.name().toLowerCase(),
                duration.toMillis()));
        reasons.forEach(r -> out.append("  - ").append(r).append('\n'));
        return out.toString();
    }

    /**
     * @return this status as one JSON object: {@code cluster}, {@code verdict}, {@code reasons}, {@code checkedAt}
     *     (ISO-8601), {@code durationMs} and {@code nodes}, each with {@code nodeId}, {@code role},
     *     {@code instanceId}, {@code instanceState}, {@code availabilityZone}, {@code privateIp}, {@code publicIp},
     *     {@code sshReachable}, {@code processRunning}, {@code health}, {@code registered},
     *     {@code heartbeatAgeMs}, {@code serverStatus}, {@code targetHealth}, {@code healthy} and {@code reasons};
     *     a value that is not known or does not apply is {@code null}
     */
    public String toJson() {
        StringBuilder j = new StringBuilder("{");
        field(j, "cluster", str(clusterName)).append(',');
        field(j, "verdict", str(verdict.name())).append(',');
        field(j, "reasons", strings(reasons)).append(',');
        field(j, "checkedAt", str(checkedAt.toString())).append(',');
        field(j, "durationMs", Long.toString(duration.toMillis())).append(',');
        j.append("\"nodes\":[");
        for (int i = 0; i < nodes.size(); i++) {
            NodeStatus n = nodes.get(i);
            if (i > 0) {
                j.append(',');
            }
            j.append('{');
            field(j, "nodeId", str(n.nodeId())).append(',');
            field(j, "role", str(n.role().id())).append(',');
            field(j, "instanceId", str(n.instanceId())).append(',');
            field(j, "instanceState", str(n.instanceState())).append(',');
            field(j, "availabilityZone", str(n.availabilityZone())).append(',');
            field(j, "privateIp", str(n.privateIp())).append(',');
            field(j, "publicIp", n.publicIp().map(ClusterStatus::str).orElse("null")).append(',');
            field(j, "sshReachable", Boolean.toString(n.sshReachable())).append(',');
            field(j, "processRunning", n.processRunning().map(String::valueOf).orElse("null")).append(',');
            field(j, "health", str(n.health())).append(',');
            field(j, "registered", n.registered().map(String::valueOf).orElse("null")).append(',');
            field(j, "heartbeatAgeMs", n.heartbeatAge().map(a -> Long.toString(a.toMillis())).orElse("null"))
                    .append(',');
            field(j, "serverStatus", n.serverStatus().map(ClusterStatus::str).orElse("null")).append(',');
            field(j, "targetHealth", n.targetHealth().map(ClusterStatus::str).orElse("null")).append(',');
            field(j, "healthy", Boolean.toString(n.healthy())).append(',');
            field(j, "reasons", strings(n.reasons()));
            j.append('}');
        }
        return j.append("]}").toString();
    }

    private static StringBuilder field(StringBuilder j, String name, String json) {
        return j.append('"').append(name).append("\":").append(json);
    }

    private static String strings(List<String> values) {
        StringBuilder j = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            j.append(i > 0 ? "," : "").append(str(values.get(i)));
        }
        return j.append(']').toString();
    }

    private static String str(String s) {
        StringBuilder j = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> j.append("\\\"");
                case '\\' -> j.append("\\\\");
                case '\n' -> j.append("\\n");
                case '\r' -> j.append("\\r");
                case '\t' -> j.append("\\t");
                default -> {
                    if (c < 0x20) {
                        j.append(String.format("\\u%04x", (int) c));
                    } else {
                        j.append(c);
                    }
                }
            }
        }
        return j.append('"').toString();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ClusterStatus)) {
            return false;
        }
        ClusterStatus s = (ClusterStatus) o;
        return clusterName.equals(s.clusterName) && verdict == s.verdict && reasons.equals(s.reasons)
                && nodes.equals(s.nodes) && checkedAt.equals(s.checkedAt) && duration.equals(s.duration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clusterName, verdict, reasons, nodes, checkedAt, duration);
    }

    @Override
    public String toString() {
        return "ClusterStatus{" + clusterName + ", " + verdict + (reasons.isEmpty() ? "" : ", reasons=" + reasons)
                + ", " + nodes.size() + " nodes, " + duration.toMillis() + " ms}";
    }
}
