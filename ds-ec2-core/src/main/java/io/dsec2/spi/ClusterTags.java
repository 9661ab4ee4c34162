package io.dsec2.spi;

/**
 * Tag keys that ds-ec2 puts on every cloud resource it creates; ds-ec2 keeps no other inventory of them.
 * Discovery, adoption and deletion go by these tags only.
 *
 * <pre>{@code
 * Map<String, String> tags = Map.of(ClusterTags.CLUSTER, "prod", ClusterTags.MANAGED_BY, ClusterTags.MANAGED_BY_VALUE);
 * }</pre>
 */
public final class ClusterTags {
    /** The cluster id: {@code ds-ec2:cluster}. */
    public static final String CLUSTER = "ds-ec2:cluster";
    /** The role id ({@code master}, {@code worker}, {@code api}, {@code alert}; {@code alb} on load-balancer resources). */
    public static final String ROLE = "ds-ec2:role";
    /** The ordinal of the node within its role, 1-based, as a decimal string. */
    public static final String ORDINAL = "ds-ec2:ordinal";
    /** The node id within the cluster, for example {@code worker-3}; adoption of instances is by this tag. */
    public static final String NODE = "ds-ec2:node";
    /** Marks resources ds-ec2 created; value {@link #MANAGED_BY_VALUE}. */
    public static final String MANAGED_BY = "ds-ec2:managed-by";
    /** The value of {@link #MANAGED_BY}. */
    public static final String MANAGED_BY_VALUE = "ds-ec2";
    /**
     * Who launched the instance, {@code <OS user>@<host>} of the machine that ran create or scale (informational:
     * {@code ds-ec2 list} shows it).
     */
    public static final String CREATED_BY = "ds-ec2:created-by";
    /** The EC2 console name tag, {@code <cluster>-<role>-<ordinal>} on instances. */
    public static final String NAME = "Name";

    private ClusterTags() {
    }
}
