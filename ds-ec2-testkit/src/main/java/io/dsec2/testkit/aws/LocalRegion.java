package io.dsec2.testkit.aws;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A ready LocalCloud region, as built by {@link RegionSetup#create}: VPC, one subnet per availability zone,
 * instance profile, imported ed25519 key pair, S3 bucket, the DB password stored as a Secrets Manager secret
 * and an SSM SecureString parameter, and the AL2023 AMI.
 *
 * <p>Holds names and identifiers only: the DB password itself is not kept here (read it from the secret or
 * the parameter). The private key is referenced by path, never by content. Immutable; thread-safe.
 */
public final class LocalRegion {
    private final String region;
    private final String vpcId;
    private final String vpcCidr;
    private final List<String> subnetIds;
    private final List<String> subnetCidrs;
    private final List<String> availabilityZones;
    private final String instanceProfileName;
    private final String instanceProfileArn;
    private final String keyPairName;
    private final Path privateKeyFile;
    private final String publicKeyOpenSsh;
    private final String bucket;
    private final String dbSecretId;
    private final String dbSecretArn;
    private final String dbPasswordParameter;
    private final String amiId;
    private final String amiParameter;

    private LocalRegion(Builder b) {
        this.region = Objects.requireNonNull(b.region, "region");
        this.vpcId = Objects.requireNonNull(b.vpcId, "vpcId");
        this.vpcCidr = Objects.requireNonNull(b.vpcCidr, "vpcCidr");
        this.subnetIds = List.copyOf(b.subnetIds);
        this.subnetCidrs = List.copyOf(b.subnetCidrs);
        this.availabilityZones = List.copyOf(b.availabilityZones);
        if (subnetIds.size() != subnetCidrs.size() || subnetIds.size() != availabilityZones.size()) {
            throw new IllegalArgumentException("subnetIds, subnetCidrs and availabilityZones must have equal sizes");
        }
        this.instanceProfileName = Objects.requireNonNull(b.instanceProfileName, "instanceProfileName");
        this.instanceProfileArn = Objects.requireNonNull(b.instanceProfileArn, "instanceProfileArn");
        this.keyPairName = Objects.requireNonNull(b.keyPairName, "keyPairName");
        this.privateKeyFile = Objects.requireNonNull(b.privateKeyFile, "privateKeyFile");
        this.publicKeyOpenSsh = Objects.requireNonNull(b.publicKeyOpenSsh, "publicKeyOpenSsh");
        this.bucket = Objects.requireNonNull(b.bucket, "bucket");
        this.dbSecretId = Objects.requireNonNull(b.dbSecretId, "dbSecretId");
        this.dbSecretArn = Objects.requireNonNull(b.dbSecretArn, "dbSecretArn");
        this.dbPasswordParameter = Objects.requireNonNull(b.dbPasswordParameter, "dbPasswordParameter");
        this.amiId = Objects.requireNonNull(b.amiId, "amiId");
        this.amiParameter = Objects.requireNonNull(b.amiParameter, "amiParameter");
    }

    /** @return a new empty builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this value's fields */
    public Builder toBuilder() {
        return new Builder().region(region).vpcId(vpcId).vpcCidr(vpcCidr).subnetIds(subnetIds)
                .subnetCidrs(subnetCidrs).availabilityZones(availabilityZones)
                .instanceProfileName(instanceProfileName).instanceProfileArn(instanceProfileArn)
                .keyPairName(keyPairName).privateKeyFile(privateKeyFile).publicKeyOpenSsh(publicKeyOpenSsh)
                .bucket(bucket).dbSecretId(dbSecretId).dbSecretArn(dbSecretArn)
                .dbPasswordParameter(dbPasswordParameter).amiId(amiId).amiParameter(amiParameter);
    }

    /** @return the region name, for example {@code us-east-1} */
    public String region() {
        return region;
    }

    /** @return the VPC id */
    public String vpcId() {
        return vpcId;
    }

    /** @return the VPC CIDR */
    public String vpcCidr() {
        return vpcCidr;
    }

    /** @return subnet ids, one per availability zone, in {@link #availabilityZones()} order */
    public List<String> subnetIds() {
        return subnetIds;
    }

    /** @return subnet CIDRs, same order as {@link #subnetIds()} */
    public List<String> subnetCidrs() {
        return subnetCidrs;
    }

    /** @return availability zone names, same order as {@link #subnetIds()} */
    public List<String> availabilityZones() {
        return availabilityZones;
    }

    /** @return the IAM instance profile name */
    public String instanceProfileName() {
        return instanceProfileName;
    }

    /** @return the IAM instance profile ARN */
    public String instanceProfileArn() {
        return instanceProfileArn;
    }

    /** @return the EC2 key pair name */
    public String keyPairName() {
        return keyPairName;
    }

    /** @return the local private key file (OpenSSH format, mode 0600) */
    public Path privateKeyFile() {
        return privateKeyFile;
    }

    /** @return the public key in OpenSSH one-line format ({@code ssh-ed25519 AAAA... comment}) */
    public String publicKeyOpenSsh() {
        return publicKeyOpenSsh;
    }

    /** @return the S3 bucket name (use path-style addressing) */
    public String bucket() {
        return bucket;
    }

    /** @return the Secrets Manager secret name holding the DB password */
    public String dbSecretId() {
        return dbSecretId;
    }

    /** @return the Secrets Manager secret ARN */
    public String dbSecretArn() {
        return dbSecretArn;
    }

    /** @return the SSM SecureString parameter name holding the DB password */
    public String dbPasswordParameter() {
        return dbPasswordParameter;
    }

    /** @return the AL2023 AMI id */
    public String amiId() {
        return amiId;
    }

    /** @return the SSM public parameter the AMI id was read from */
    public String amiParameter() {
        return amiParameter;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LocalRegion r)) {
            return false;
        }
        return region.equals(r.region) && vpcId.equals(r.vpcId) && vpcCidr.equals(r.vpcCidr)
                && subnetIds.equals(r.subnetIds) && subnetCidrs.equals(r.subnetCidrs)
                && availabilityZones.equals(r.availabilityZones) && instanceProfileName.equals(r.instanceProfileName)
                && instanceProfileArn.equals(r.instanceProfileArn) && keyPairName.equals(r.keyPairName)
                && privateKeyFile.equals(r.privateKeyFile) && publicKeyOpenSsh.equals(r.publicKeyOpenSsh)
                && bucket.equals(r.bucket) && dbSecretId.equals(r.dbSecretId) && dbSecretArn.equals(r.dbSecretArn)
                && dbPasswordParameter.equals(r.dbPasswordParameter) && amiId.equals(r.amiId)
                && amiParameter.equals(r.amiParameter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(region, vpcId, subnetIds, keyPairName, bucket, amiId);
    }

    @Override
    public String toString() {
        return "LocalRegion[region=" + region + ", vpc=" + vpcId + " " + vpcCidr + ", subnets=" + subnetIds
                + " " + subnetCidrs + " in " + availabilityZones + ", profile=" + instanceProfileName
                + ", keyPair=" + keyPairName + " (" + privateKeyFile + "), bucket=" + bucket
                + ", dbSecret=" + dbSecretId + ", dbParameter=" + dbPasswordParameter + ", ami=" + amiId + "]";
    }

    /** Builder for {@link LocalRegion}; every field is required. Not thread-safe. */
    public static final class Builder {
        private String region;
        private String vpcId;
        private String vpcCidr;
        private List<String> subnetIds = List.of();
        private List<String> subnetCidrs = List.of();
        private List<String> availabilityZones = List.of();
        private String instanceProfileName;
        private String instanceProfileArn;
        private String keyPairName;
        private Path privateKeyFile;
        private String publicKeyOpenSsh;
        private String bucket;
        private String dbSecretId;
        private String dbSecretArn;
        private String dbPasswordParameter;
        private String amiId;
        private String amiParameter;

        private Builder() {
        }

        public Builder region(String v) { region = v; return this; }
        public Builder vpcId(String v) { vpcId = v; return this; }
        public Builder vpcCidr(String v) { vpcCidr = v; return this; }
        public Builder subnetIds(List<String> v) { subnetIds = List.copyOf(v); return this; }
        public Builder subnetCidrs(List<String> v) { subnetCidrs = List.copyOf(v); return this; }
        public Builder availabilityZones(List<String> v) { availabilityZones = List.copyOf(v); return this; }
        public Builder instanceProfileName(String v) { instanceProfileName = v; return this; }
        public Builder instanceProfileArn(String v) { instanceProfileArn = v; return this; }
        public Builder keyPairName(String v) { keyPairName = v; return this; }
        public Builder privateKeyFile(Path v) { privateKeyFile = v; return this; }
        public Builder publicKeyOpenSsh(String v) { publicKeyOpenSsh = v; return this; }
        public Builder bucket(String v) { bucket = v; return this; }
        public Builder dbSecretId(String v) { dbSecretId = v; return this; }
        public Builder dbSecretArn(String v) { dbSecretArn = v; return this; }
        public Builder dbPasswordParameter(String v) { dbPasswordParameter = v; return this; }
        public Builder amiId(String v) { amiId = v; return this; }
        public Builder amiParameter(String v) { amiParameter = v; return this; }

        /**
         * @return the value
         * @throws NullPointerException if a field is missing
         * @throws IllegalArgumentException if the subnet lists differ in size
         */
        public LocalRegion build() {
            return new LocalRegion(this);
        }
    }
}
