package io.dsec2.model;

import io.dsec2.internal.spec.Checks;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where and how the cluster's instances live in AWS: region, network, access and image. ds-ec2 uses the VPC
 * and subnets it is given and never creates them; security groups are created (and tagged) unless given.
 *
 * <pre>{@code
 * AwsSpec aws = AwsSpec.builder()
 *         .region("us-east-1")
 *         .subnets(SubnetSpec.of("subnet-a", "us-east-1a"), SubnetSpec.of("subnet-b", "us-east-1b"))
 *         .adminCidr("203.0.113.7/32").keyPairName("ops")
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe. Values are checked by {@link ClusterSpec.Builder#build()}.
 */
public final class AwsSpec {
    private final String region;
    private final String vpcId;
    private final List<SubnetSpec> subnets;
    private final List<String> securityGroupIds;
    private final String adminCidr;
    private final List<String> apiAllowedCidrs;
    private final String keyPairName;
    private final String instanceProfile;
    private final String amiId;
    private final URI endpointOverride;
    private final String profile;
    private final Map<String, String> tags;

    private AwsSpec(Builder b) {
        region = b.region;
        vpcId = b.vpcId;
        subnets = b.subnets;
        securityGroupIds = b.securityGroupIds;
        adminCidr = b.adminCidr;
        apiAllowedCidrs = b.apiAllowedCidrs;
        keyPairName = b.keyPairName;
        instanceProfile = b.instanceProfile;
        amiId = b.amiId;
        endpointOverride = b.endpointOverride;
        profile = b.profile;
        tags = b.tags;
    }

    /** @return a builder with no region and no subnets */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this spec's values */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.region = region;
        b.vpcId = vpcId;
        b.subnets = subnets;
        b.securityGroupIds = securityGroupIds;
        b.adminCidr = adminCidr;
        b.apiAllowedCidrs = apiAllowedCidrs;
        b.keyPairName = keyPairName;
        b.instanceProfile = instanceProfile;
        b.amiId = amiId;
        b.endpointOverride = endpointOverride;
        b.profile = profile;
        b.tags = tags;
        return b;
    }

    /**
     * @param change applied to a copy of the builder
     * @return the changed copy
     */
    public AwsSpec copy(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /** @return the region, for example {@code us-east-1}; empty when unset (an error at build) */
    public String region() {
        return region;
    }

    /** @return the VPC id, if given (otherwise taken from the subnets) */
    public Optional<String> vpcId() {
        return opt(vpcId);
    }

    /** @return the subnets nodes are spread over, round-robin, in order */
    public List<SubnetSpec> subnets() {
        return subnets;
    }

    /** @return security groups to attach to every node; empty (default) means ds-ec2 creates them */
    public List<String> securityGroupIds() {
        return securityGroupIds;
    }

    /** @return the CIDR allowed to SSH to nodes when ds-ec2 creates the security groups */
    public Optional<String> adminCidr() {
        return opt(adminCidr);
    }

    /** @return CIDRs allowed to reach the api servers on 12345; empty means only the VPC */
    public List<String> apiAllowedCidrs() {
        return apiAllowedCidrs;
    }

    /** @return the EC2 key pair to launch with, if any */
    public Optional<String> keyPairName() {
        return opt(keyPairName);
    }

    /** @return the IAM instance profile name to launch with, if any */
    public Optional<String> instanceProfile() {
        return opt(instanceProfile);
    }

    /** @return the AMI, if pinned; otherwise the latest Amazon Linux 2023 from the public SSM parameter */
    public Optional<String> amiId() {
        return opt(amiId);
    }

    /** @return an endpoint for every AWS client (LocalStack, moto, the LocalCloud), if set */
    public Optional<URI> endpointOverride() {
        return Optional.ofNullable(endpointOverride);
    }

    /** @return the AWS credentials profile name, if set; otherwise the default provider chain */
    public Optional<String> profile() {
        return opt(profile);
    }

    private static Optional<String> opt(String s) {
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    /**
     * @return tags (key to value, insertion-ordered) put on every AWS resource ds-ec2 creates for the cluster:
     *     instances, their volumes, security groups, the load balancer, its listener and target group; empty by
     *     default. A group's own tags ({@link NodeGroupSpec#tags()}) win over these on its instances and volumes.
     *     Keys starting with {@code ds-ec2:} or {@code aws:}, and {@code Name}, are refused at build: ds-ec2 sets
     *     those itself. Limits are AWS's (https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html):
     *     keys 1-128 characters, values 0-256.
     */
    public Map<String, String> tags() {
        return tags;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AwsSpec)) {
            return false;
        }
        AwsSpec a = (AwsSpec) o;
        return region.equals(a.region) && vpcId.equals(a.vpcId) && subnets.equals(a.subnets)
                && securityGroupIds.equals(a.securityGroupIds) && adminCidr.equals(a.adminCidr)
                && apiAllowedCidrs.equals(a.apiAllowedCidrs) && keyPairName.equals(a.keyPairName)
                && instanceProfile.equals(a.instanceProfile) && amiId.equals(a.amiId)
                && Objects.equals(endpointOverride, a.endpointOverride) && profile.equals(a.profile)
                && tags.equals(a.tags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(region, vpcId, subnets, securityGroupIds, adminCidr, apiAllowedCidrs, keyPairName,
                instanceProfile, amiId, endpointOverride, profile, tags);
    }

    @Override
    public String toString() {
        return "AwsSpec{region=" + region + ", vpcId=" + vpcId + ", subnets=" + subnets + ", securityGroupIds="
                + securityGroupIds + ", adminCidr=" + adminCidr + ", apiAllowedCidrs=" + apiAllowedCidrs
                + ", keyPairName=" + keyPairName + ", instanceProfile=" + instanceProfile + ", amiId=" + amiId
                + ", endpointOverride=" + endpointOverride + ", profile=" + profile
                + (tags.isEmpty() ? "" : ", tags=" + tags) + "}";
    }

    /** Mutable, not thread-safe builder for {@link AwsSpec}. Optional strings are unset when empty. */
    public static final class Builder {
        private String region = "";
        private String vpcId = "";
        private List<SubnetSpec> subnets = List.of();
        private List<String> securityGroupIds = List.of();
        private String adminCidr = "";
        private List<String> apiAllowedCidrs = List.of();
        private String keyPairName = "";
        private String instanceProfile = "";
        private String amiId = "";
        private URI endpointOverride;
        private String profile = "";
        private Map<String, String> tags = Map.of();

        private Builder() {
        }

        /**
         * @param region AWS region; required
         * @return this builder
         */
        public Builder region(String region) {
            this.region = Checks.notNull(region, "region");
            return this;
        }

        /**
         * @param vpcId VPC id; optional
         * @return this builder
         */
        public Builder vpcId(String vpcId) {
            this.vpcId = Checks.notNull(vpcId, "vpcId");
            return this;
        }

        /**
         * @param subnetIds subnet ids with unknown AZs, replacing any set before
         * @return this builder
         */
        public Builder subnets(String... subnetIds) {
            List<SubnetSpec> list = new ArrayList<>();
            for (String id : subnetIds) {
                list.add(SubnetSpec.of(id));
            }
            return subnets(list);
        }

        /**
         * @param subnets subnets, replacing any set before
         * @return this builder
         */
        public Builder subnets(SubnetSpec... subnets) {
            return subnets(List.of(subnets));
        }

        /**
         * @param subnets subnets, replacing any set before; at least one required
         * @return this builder
         */
        public Builder subnets(Collection<SubnetSpec> subnets) {
            this.subnets = Checks.copy(subnets, "subnets");
            return this;
        }

        /**
         * @param ids existing security groups for all nodes, replacing any set before
         * @return this builder
         */
        public Builder securityGroupIds(Collection<String> ids) {
            this.securityGroupIds = Checks.copy(ids, "securityGroupIds");
            return this;
        }

        /**
         * @param cidr SSH source CIDR, for example {@code 203.0.113.7/32}
         * @return this builder
         */
        public Builder adminCidr(String cidr) {
            this.adminCidr = Checks.notNull(cidr, "adminCidr");
            return this;
        }

        /**
         * @param cidrs CIDRs allowed to reach the api port, replacing any set before
         * @return this builder
         */
        public Builder apiAllowedCidrs(Collection<String> cidrs) {
            this.apiAllowedCidrs = Checks.copy(cidrs, "apiAllowedCidrs");
            return this;
        }

        /**
         * @param name EC2 key pair name
         * @return this builder
         */
        public Builder keyPairName(String name) {
            this.keyPairName = Checks.notNull(name, "keyPairName");
            return this;
        }

        /**
         * @param name IAM instance profile name
         * @return this builder
         */
        public Builder instanceProfile(String name) {
            this.instanceProfile = Checks.notNull(name, "instanceProfile");
            return this;
        }

        /**
         * @param amiId AMI id, for example {@code ami-0abc...}
         * @return this builder
         */
        public Builder amiId(String amiId) {
            this.amiId = Checks.notNull(amiId, "amiId");
            return this;
        }

        /**
         * @param endpoint endpoint for every AWS client
         * @return this builder
         */
        public Builder endpointOverride(URI endpoint) {
            this.endpointOverride = Checks.notNull(endpoint, "endpointOverride");
            return this;
        }

        /**
         * @param profile AWS credentials profile name
         * @return this builder
         */
        public Builder profile(String profile) {
            this.profile = Checks.notNull(profile, "profile");
            return this;
        }

        /**
         * @param tags tags for every resource ds-ec2 creates (insertion order kept), replacing any set before
         * @return this builder
         */
        public Builder tags(Map<String, String> tags) {
            this.tags = Checks.copy(tags, "tags");
            return this;
        }

        /**
         * @param key a tag key, for example {@code CostCenter}
         * @param value its value
         * @return this builder
         */
        public Builder putTag(String key, String value) {
            Map<String, String> copy = new java.util.LinkedHashMap<>(tags);
            copy.put(Checks.notNull(key, "key"), Checks.notNull(value, "value"));
            this.tags = java.util.Collections.unmodifiableMap(copy);
            return this;
        }

        /** @return the spec (checked later, by the cluster build) */
        public AwsSpec build() {
            return new AwsSpec(this);
        }
    }
}
