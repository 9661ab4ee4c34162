package io.dsec2.aws.internal;

import io.dsec2.aws.AwsClientSettings;
import io.dsec2.exception.ProvisioningException;
import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceTypeOffering;
import software.amazon.awssdk.services.ec2.model.LocationType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The read-only pre-flight lookups behind {@code Provisioner}'s validate methods (EC2, STS, IAM, S3). STS, IAM and
 * S3 clients are built on first use from the provisioner's settings and closed by {@link #close()}. The only
 * write is the S3 probe object, deleted right after. Thread-safe.
 */
public final class Preflight implements AutoCloseable {
    private final Ec2Client ec2;
    private final AwsClientSettings settings;
    private StsClient sts;
    private IamClient iam;
    private final Map<String, S3Client> s3 = new HashMap<>();

    public Preflight(Ec2Client ec2, AwsClientSettings settings) {
        this.ec2 = ec2;
        this.settings = settings;
    }

    public String callerIdentity() {
        return AwsErrors.call("GetCallerIdentity", () -> sts().getCallerIdentity().arn());
    }

    public Set<String> availabilityZones() {
        return AwsErrors.call("DescribeAvailabilityZones", () -> new HashSet<>(ec2.describeAvailabilityZones()
                .availabilityZones().stream().filter(z -> z.stateAsString() == null
                        || "available".equals(z.stateAsString())).map(AvailabilityZone::zoneName).toList()));
    }

    public Map<String, String> securityGroupVpcs(List<String> ids) {
        Map<String, String> out = new HashMap<>();
        for (String id : ids) {
            try {
                for (SecurityGroup g : ec2.describeSecurityGroups(b -> b.groupIds(id)).securityGroups()) {
                    out.put(g.groupId(), g.vpcId());
                }
            } catch (AwsServiceException e) {
                if (!String.valueOf(AwsErrors.errorCode(e)).startsWith("InvalidGroup")) {
                    throw AwsErrors.translate("DescribeSecurityGroups " + id, e);
                }
            }
        }
        return out;
    }

    public Set<String> instanceTypesOffered(String az) {
        return AwsErrors.call("DescribeInstanceTypeOfferings " + az, () -> {
            Set<String> types = new HashSet<>();
            ec2.describeInstanceTypeOfferingsPaginator(b -> b.locationType(LocationType.AVAILABILITY_ZONE)
                    .filters(Filter.builder().name("location").values(az).build())).instanceTypeOfferings()
                    .stream().map(InstanceTypeOffering::instanceTypeAsString).forEach(types::add);
            return types;
        });
    }

    public boolean keyPairExists(String name) {
        try {
            return !ec2.describeKeyPairs(b -> b.keyNames(name)).keyPairs().isEmpty();
        } catch (AwsServiceException e) {
            if ("InvalidKeyPair.NotFound".equals(AwsErrors.errorCode(e))) {
                return false;
            }
            throw AwsErrors.translate("DescribeKeyPairs " + name, e);
        }
    }

    public boolean instanceProfileExists(String name) {
        try {
            iam().getInstanceProfile(b -> b.instanceProfileName(name));
            return true;
        } catch (NoSuchEntityException e) {
            return false;
        } catch (AwsServiceException e) {
            throw AwsErrors.translate("GetInstanceProfile " + name, e);
        }
    }

    public boolean imageExists(String imageId) {
        try {
            return !ec2.describeImages(b -> b.imageIds(imageId)).images().isEmpty();
        } catch (AwsServiceException e) {
            String code = String.valueOf(AwsErrors.errorCode(e));
            if (code.startsWith("InvalidAMIID")) {
                return false;
            }
            throw AwsErrors.translate("DescribeImages " + imageId, e);
        }
    }

    /**
     * RunInstances with {@code DryRun}: EC2 answers {@code DryRunOperation} when the call would succeed and the
     * real error otherwise, launching nothing (<a
     * href="https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RunInstances.html">RunInstances</a>).
     *
     * @throws ProvisioningException if the call would fail, or if the endpoint answered with anything but
     *         {@code DryRunOperation} (named, with the ids of any instances it says it launched)
     */
    public void dryRunLaunch(String imageId, String instanceType, String subnetId, List<String> groups,
            String profile, String keyName) {
        RunInstancesRequest.Builder b = RunInstancesRequest.builder().dryRun(true).imageId(imageId)
                .instanceType(instanceType).subnetId(subnetId).minCount(1).maxCount(1);
        if (!groups.isEmpty()) {
            b.securityGroupIds(groups);
        }
        if (profile != null) {
            b.iamInstanceProfile(p -> p.name(profile));
        }
        if (keyName != null) {
            b.keyName(keyName);
        }
        RunInstancesResponse r;
        try {
            r = ec2.runInstances(b.build());
        } catch (AwsServiceException e) {
            if ("DryRunOperation".equals(AwsErrors.errorCode(e))) {
                return;
            }
            throw AwsErrors.translate("RunInstances (dry run)", e);
        }
        throw new ProvisioningException("RunInstances (dry run) did not answer DryRunOperation; the endpoint reports"
                + " instances " + r.instances().stream().map(Instance::instanceId).toList()
                + ": check them in the console and use an endpoint that honours DryRun");
    }

    public void probeBucket(String bucket, String prefix, URI endpoint) {
        String p = prefix == null ? "" : prefix.replaceAll("^/+", "").replaceAll("/+$", "");
        String key = (p.isEmpty() ? "" : p + "/") + ".ds-ec2-validate-" + UUID.randomUUID();
        S3Client c = s3(endpoint);
        try {
            c.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("ds-ec2 validate probe"));
            c.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (AwsServiceException e) {
            throw AwsErrors.translate("PutObject s3://" + bucket + "/" + key, e);
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw new ProvisioningException("S3 not reachable: " + e.getMessage());
        }
    }

    private synchronized StsClient sts() {
        if (sts == null) {
            sts = ClientFactory.configure(StsClient.builder(), settings).build();
        }
        return sts;
    }

    private synchronized IamClient iam() {
        if (iam == null) {
            var b = IamClient.builder();
            ClientFactory.configure(b, settings);
            if (settings.endpointOverride().isEmpty()) {
                b.region(software.amazon.awssdk.regions.Region.AWS_GLOBAL);
            }
            iam = b.build();
        }
        return iam;
    }

    private synchronized S3Client s3(URI endpoint) {
        String key = endpoint != null ? endpoint.toString()
                : settings.endpointOverride().map(URI::toString).orElse("(default)");
        return s3.computeIfAbsent(key, k -> {
            var b = ClientFactory.configure(S3Client.builder(), settings);
            if (endpoint != null) {
                b.endpointOverride(endpoint);
            }
            if (endpoint != null || settings.endpointOverride().isPresent()) {
                b.forcePathStyle(true);
            }
            return b.build();
        });
    }

    @Override
    public synchronized void close() {
        if (sts != null) {
            sts.close();
        }
        if (iam != null) {
            iam.close();
        }
        s3.values().forEach(S3Client::close);
        s3.clear();
    }
}
