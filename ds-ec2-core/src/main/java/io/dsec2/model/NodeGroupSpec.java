package io.dsec2.model;

import io.dsec2.internal.spec.Checks;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A group of identical nodes running one DolphinScheduler server role: how many, on what instances, where,
 * with what heap and which {@code application.yaml} overrides. A cluster has one group each for master, api
 * and alert, and one or more worker groups (each a DS worker group name, for example {@code default} and
 * {@code gpu}).
 *
 * <pre>{@code
 * NodeGroupSpec workers = NodeGroupSpec.builder(NodeRole.WORKER)
 *         .count(6).instanceType("m6i.xlarge").rootVolumeSizeGib(100)
 *         .jvm(j -> j.heapMib(8192))
 *         .config(Map.of("worker.exec-threads", "200"))
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe. Values are checked by {@link ClusterSpec.Builder#build()}.
 */
public final class NodeGroupSpec {
    /** Name of the DS worker group every worker belongs to unless told otherwise. */
    public static final String DEFAULT_WORKER_GROUP = "default";

    private final NodeRole role;
    private final String name;
    private final int count;
    private final String instanceType;
    private final List<String> subnets;
    private final List<String> securityGroupIds;
    private final int rootVolumeSizeGib;
    private final JvmSpec jvm;
    private final Map<String, String> config;
    private final Map<String, String> tags;
    private final String rootVolumeType;
    private final int rootVolumeIops;
    private final int rootVolumeThroughput;

    private NodeGroupSpec(Builder b) {
        role = b.role;
        name = b.name;
        count = b.count;
        instanceType = b.instanceType;
        subnets = b.subnets;
        securityGroupIds = b.securityGroupIds;
        rootVolumeSizeGib = b.rootVolumeSizeGib;
        jvm = b.jvm;
        config = b.config;
        tags = b.tags;
        rootVolumeType = b.rootVolumeType;
        rootVolumeIops = b.rootVolumeIops;
        rootVolumeThroughput = b.rootVolumeThroughput;
    }

    /**
     * @param role the server role
     * @return a builder with one node, the role's default instance type, 30 GiB root volume and DS heap defaults
     */
    public static Builder builder(NodeRole role) {
        return new Builder(Checks.notNull(role, "role"));
    }

    /**
     * @param role a role
     * @return {@code m6i.xlarge} (16 GiB) for master and worker, whose DS heap is 4 GiB; {@code m6i.large} else
     */
    public static String defaultInstanceType(NodeRole role) {
        return role == NodeRole.MASTER || role == NodeRole.WORKER ? "m6i.xlarge" : "m6i.large";
    }

    /** @return a builder holding this spec's values */
    public Builder toBuilder() {
        return new Builder(role).name(name).count(count).instanceType(instanceType).subnets(subnets)
                .securityGroupIds(securityGroupIds).rootVolumeSizeGib(rootVolumeSizeGib).jvm(jvm).config(config)
                .tags(tags).rootVolumeType(rootVolumeType).rootVolumeIops(rootVolumeIops)
                .rootVolumeThroughput(rootVolumeThroughput);
    }

    /**
     * @param change applied to a copy of the builder
     * @return the changed copy
     */
    public NodeGroupSpec copy(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /** @return the server role */
    public NodeRole role() {
        return role;
    }

    /** @return the DS worker group name for workers ({@value #DEFAULT_WORKER_GROUP} by default); the role id otherwise */
    public String name() {
        return name;
    }

    /** @return number of nodes */
    public int count() {
        return count;
    }

    /** @return EC2 instance type */
    public String instanceType() {
        return instanceType;
    }

    /** @return subnet ids for this group only; empty (default) means the cluster's subnets */
    public List<String> subnets() {
        return subnets;
    }

    /** @return security groups for this group only; empty (default) means the cluster's */
    public List<String> securityGroupIds() {
        return securityGroupIds;
    }

    /** @return root EBS volume size in GiB; default 30 */
    public int rootVolumeSizeGib() {
        return rootVolumeSizeGib;
    }

    /**
     * @return the root EBS volume type: {@code gp3} (default), {@code gp2}, {@code io1}, {@code io2} or
     *     {@code standard} (https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html)
     */
    public String rootVolumeType() {
        return rootVolumeType;
    }

    /**
     * @return provisioned IOPS of the root volume; 0 (default) means the type's baseline (3000 for gp3). gp3:
     *     3000-80000 and at most 500 per GiB; io1: 100-64000, at most 50 per GiB, required; io2: 100-256000, at
     *     most 1000 per GiB, required; not allowed for gp2 and standard
     */
    public int rootVolumeIops() {
        return rootVolumeIops;
    }

    /**
     * @return throughput of a gp3 root volume in MiB/s, 125-2000 and at most IOPS / 4; 0 (default) means 125;
     *     only for gp3
     */
    public int rootVolumeThroughput() {
        return rootVolumeThroughput;
    }

    /**
     * @return tags for this group's instances and their volumes, merged over {@link AwsSpec#tags()} (these win);
     *     insertion-ordered, empty by default; same rules as the cluster's tags
     */
    public Map<String, String> tags() {
        return tags;
    }

    /** @return heap and JVM options; unset sizes mean DS's defaults for the role */
    public JvmSpec jvm() {
        return jvm;
    }

    /**
     * @return {@code application.yaml} overrides as full dotted keys (for example {@code worker.exec-threads}),
     *     insertion-ordered; empty by default
     */
    public Map<String, String> config() {
        return config;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NodeGroupSpec)) {
            return false;
        }
        NodeGroupSpec n = (NodeGroupSpec) o;
        return role == n.role && name.equals(n.name) && count == n.count && instanceType.equals(n.instanceType)
                && subnets.equals(n.subnets) && securityGroupIds.equals(n.securityGroupIds)
                && rootVolumeSizeGib == n.rootVolumeSizeGib && jvm.equals(n.jvm) && config.equals(n.config)
                && tags.equals(n.tags) && rootVolumeType.equals(n.rootVolumeType) && rootVolumeIops == n.rootVolumeIops
                && rootVolumeThroughput == n.rootVolumeThroughput;
    }

    @Override
    public int hashCode() {
        return Objects.hash(role, name, count, instanceType, subnets, securityGroupIds, rootVolumeSizeGib, jvm, config,
                tags, rootVolumeType, rootVolumeIops, rootVolumeThroughput);
    }

    @Override
    public String toString() {
        return "NodeGroupSpec{" + role.id() + (role == NodeRole.WORKER ? "/" + name : "") + " x" + count + ", "
                + instanceType + (subnets.isEmpty() ? "" : ", subnets=" + subnets)
                + (securityGroupIds.isEmpty() ? "" : ", securityGroupIds=" + securityGroupIds)
                + ", rootVolumeSizeGib=" + rootVolumeSizeGib + ", rootVolume=" + rootVolumeType
                + (rootVolumeIops > 0 ? "/" + rootVolumeIops + " IOPS" : "")
                + (rootVolumeThroughput > 0 ? "/" + rootVolumeThroughput + " MiB/s" : "") + ", jvm=" + jvm
                + (tags.isEmpty() ? "" : ", tags=" + tags)
                + (config.isEmpty() ? "" : ", config=" + Checks.redacted(config)) + "}";
    }

    /** Mutable, not thread-safe builder for {@link NodeGroupSpec}. */
    public static final class Builder {
        private final NodeRole role;
        private String name;
        private int count = 1;
        private String instanceType;
        private List<String> subnets = List.of();
        private List<String> securityGroupIds = List.of();
        private int rootVolumeSizeGib = 30;
        private JvmSpec jvm = JvmSpec.dsDefaults();
        private Map<String, String> config = Map.of();
        private Map<String, String> tags = Map.of();
        private String rootVolumeType = "gp3";
        private int rootVolumeIops;
        private int rootVolumeThroughput;

        private Builder(NodeRole role) {
            this.role = role;
            this.name = role == NodeRole.WORKER ? DEFAULT_WORKER_GROUP : role.id();
            this.instanceType = defaultInstanceType(role);
        }

        /** @return the role this builder is for */
        public NodeRole role() {
            return role;
        }

        /**
         * @param name DS worker group name (workers only)
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Checks.notNull(name, "name");
            return this;
        }

        /**
         * @param count number of nodes; masters, apis and workers need at least 1
         * @return this builder
         */
        public Builder count(int count) {
            this.count = count;
            return this;
        }

        /**
         * @param instanceType EC2 instance type, for example {@code m6i.xlarge}
         * @return this builder
         */
        public Builder instanceType(String instanceType) {
            this.instanceType = Checks.notNull(instanceType, "instanceType");
            return this;
        }

        /**
         * @param subnetIds subnets for this group only, replacing any set before
         * @return this builder
         */
        public Builder subnets(String... subnetIds) {
            return subnets(List.of(subnetIds));
        }

        /**
         * @param subnetIds subnets for this group only, replacing any set before
         * @return this builder
         */
        public Builder subnets(Collection<String> subnetIds) {
            this.subnets = Checks.copy(subnetIds, "subnets");
            return this;
        }

        /**
         * @param ids security groups for this group only, replacing any set before
         * @return this builder
         */
        public Builder securityGroupIds(Collection<String> ids) {
            this.securityGroupIds = Checks.copy(ids, "securityGroupIds");
            return this;
        }

        /**
         * @param gib root volume size in GiB, 8 to 16384; default 30
         * @return this builder
         */
        public Builder rootVolumeSizeGib(int gib) {
            this.rootVolumeSizeGib = gib;
            return this;
        }

        /**
         * @param type root EBS volume type: gp3 (default), gp2, io1, io2 or standard
         * @return this builder
         */
        public Builder rootVolumeType(String type) {
            this.rootVolumeType = Checks.notNull(type, "rootVolumeType");
            return this;
        }

        /**
         * @param iops provisioned IOPS of the root volume (gp3, io1, io2); 0 (default) for the type's baseline
         * @return this builder
         */
        public Builder rootVolumeIops(int iops) {
            this.rootVolumeIops = iops;
            return this;
        }

        /**
         * @param mibPerSecond throughput of a gp3 root volume in MiB/s; 0 (default) for 125
         * @return this builder
         */
        public Builder rootVolumeThroughput(int mibPerSecond) {
            this.rootVolumeThroughput = mibPerSecond;
            return this;
        }

        /**
         * @param tags tags for this group's instances and volumes, replacing any set before
         * @return this builder
         */
        public Builder tags(Map<String, String> tags) {
            this.tags = Checks.copy(tags, "tags");
            return this;
        }

        /**
         * @param key a tag key
         * @param value its value
         * @return this builder
         */
        public Builder putTag(String key, String value) {
            Map<String, String> copy = new java.util.LinkedHashMap<>(tags);
            copy.put(Checks.notNull(key, "key"), Checks.notNull(value, "value"));
            this.tags = java.util.Collections.unmodifiableMap(copy);
            return this;
        }

        /**
         * @param jvm heap and options
         * @return this builder
         */
        public Builder jvm(JvmSpec jvm) {
            this.jvm = Checks.notNull(jvm, "jvm");
            return this;
        }

        /**
         * @param change edits the current JVM settings
         * @return this builder
         */
        public Builder jvm(Consumer<JvmSpec.Builder> change) {
            JvmSpec.Builder b = jvm.toBuilder();
            change.accept(b);
            return jvm(b.build());
        }

        /**
         * @param config {@code application.yaml} overrides (dotted keys), replacing any set before
         * @return this builder
         */
        public Builder config(Map<String, String> config) {
            this.config = Checks.copy(config, "config");
            return this;
        }

        /**
         * @param key dotted {@code application.yaml} key, for example {@code master.exec-threads}
         * @param value its value
         * @return this builder
         */
        public Builder putConfig(String key, String value) {
            Map<String, String> copy = new java.util.LinkedHashMap<>(config);
            copy.put(Checks.notNull(key, "key"), Checks.notNull(value, "value"));
            this.config = java.util.Collections.unmodifiableMap(copy);
            return this;
        }

        /** @return the spec (checked later, by the cluster build) */
        public NodeGroupSpec build() {
            return new NodeGroupSpec(this);
        }
    }
}
