package io.dsec2.model;

/**
 * How ds-ec2 reaches the cluster's private services (ZooKeeper, the metadata database, the api servers) from where
 * it runs: YAML {@code deployment.access}, default {@link #AUTO}.
 */
public enum AccessMode {
    /** Direct when a TCP connect to the service answers within a short probe, otherwise through an SSH tunnel. */
    AUTO("auto"),
    /** Always direct, never through SSH (the client is inside the VPC). */
    DIRECT("direct"),
    /** Always through an SSH tunnel over the jump host or a cluster node, never direct. */
    SSH("ssh");

    private final String id;

    AccessMode(String id) {
        this.id = id;
    }

    /** @return the YAML value: {@code auto}, {@code direct} or {@code ssh} */
    public String id() {
        return id;
    }
}
