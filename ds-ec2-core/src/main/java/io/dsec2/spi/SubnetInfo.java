package io.dsec2.spi;

import java.util.Objects;

/**
 * A subnet as the provider reports it: id, availability zone, VPC and IPv4 CIDR.
 *
 * <pre>{@code
 * List<SubnetInfo> subnets = provisioner.describeSubnets(List.of("subnet-1", "subnet-2"));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class SubnetInfo {
    private final String subnetId;
    private final String availabilityZone;
    private final String vpcId;
    private final String cidrBlock;

    private SubnetInfo(String subnetId, String availabilityZone, String vpcId, String cidrBlock) {
        this.subnetId = Objects.requireNonNull(subnetId, "subnetId must not be null");
        this.availabilityZone = Objects.requireNonNull(availabilityZone, "availabilityZone must not be null");
        this.vpcId = Objects.requireNonNull(vpcId, "vpcId must not be null");
        this.cidrBlock = Objects.requireNonNull(cidrBlock, "cidrBlock must not be null");
    }

    /**
     * @param subnetId for example {@code subnet-0abc}
     * @param availabilityZone for example {@code us-east-1a}
     * @param vpcId for example {@code vpc-0abc}
     * @param cidrBlock for example {@code 10.0.1.0/24}
     * @return the value
     */
    public static SubnetInfo of(String subnetId, String availabilityZone, String vpcId, String cidrBlock) {
        return new SubnetInfo(subnetId, availabilityZone, vpcId, cidrBlock);
    }

    /** @return the subnet id */
    public String subnetId() {
        return subnetId;
    }

    /** @return the availability zone */
    public String availabilityZone() {
        return availabilityZone;
    }

    /** @return the VPC id */
    public String vpcId() {
        return vpcId;
    }

    /** @return the IPv4 CIDR block */
    public String cidrBlock() {
        return cidrBlock;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SubnetInfo)) {
            return false;
        }
        SubnetInfo s = (SubnetInfo) o;
        return subnetId.equals(s.subnetId) && availabilityZone.equals(s.availabilityZone) && vpcId.equals(s.vpcId)
                && cidrBlock.equals(s.cidrBlock);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subnetId, availabilityZone, vpcId, cidrBlock);
    }

    @Override
    public String toString() {
        return "SubnetInfo{" + subnetId + ", az=" + availabilityZone + ", vpc=" + vpcId + ", cidr=" + cidrBlock + "}";
    }
}
