package io.dsec2.aws.internal;

import io.dsec2.exception.ProvisioningException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * AMI and architecture lookups: the AL2023 AMI from the public SSM parameter, the architecture of an instance
 * type (DescribeInstanceTypes, with a name-based fallback), the root device name of an image. Results are cached
 * per instance. Thread-safe.
 */
public final class Images {
    /** SSM public parameter prefix of the AL2023 AMIs (https://docs.aws.amazon.com/linux/al2023/ug/ec2.html). */
    public static final String AL2023_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-";
    private static final Logger LOG = LoggerFactory.getLogger(Images.class);
    private static final String DEFAULT_ROOT_DEVICE = "/dev/xvda";
    /** Graviton families carry a {@code g} after the generation digit: m7g, c7gn, t4g, im4gn, x2gd, g5g. */
    private static final Pattern GRAVITON = Pattern.compile("[a-z]+\\d+[a-z]*g[a-z]*");

    private final Ec2Client ec2;
    private final SsmClient ssm;
    private final Map<String, String> rootDevices = new ConcurrentHashMap<>();
    private final Map<String, String> architectures = new ConcurrentHashMap<>();

    /**
     * @param ec2 EC2 client (not closed here)
     * @param ssm SSM client (not closed here)
     */
    public Images(Ec2Client ec2, SsmClient ssm) {
        this.ec2 = ec2;
        this.ssm = ssm;
    }

    /**
     * @param architecture {@code x86_64} or {@code arm64}
     * @return the AL2023 AMI id
     */
    public String resolveAmi(String architecture) {
        String arch = architecture.trim().toLowerCase(Locale.ROOT);
        if (!arch.equals("x86_64") && !arch.equals("arm64")) {
            throw new IllegalArgumentException("architecture must be x86_64 or arm64: " + architecture);
        }
        String name = AL2023_PARAMETER + arch;
        return AwsErrors.call("GetParameter " + name, () -> ssm.getParameter(b -> b.name(name)).parameter().value());
    }

    /**
     * @param instanceType instance type
     * @return {@code x86_64} or {@code arm64}
     */
    public String architectureOf(String instanceType) {
        return architectures.computeIfAbsent(instanceType, this::lookupArchitecture);
    }

    /**
     * @param instanceType instance type
     * @return the architecture guessed from the family name: Graviton families and {@code a1} are arm64
     */
    public static String architectureFromName(String instanceType) {
        String family = instanceType.toLowerCase(Locale.ROOT).split("\\.", 2)[0];
        return family.equals("a1") || GRAVITON.matcher(family).matches() ? "arm64" : "x86_64";
    }

    /**
     * @param imageId an AMI id
     * @return its root device name; {@code /dev/xvda} (AL2023's) if the image does not say
     */
    public String rootDeviceName(String imageId) {
        return rootDevices.computeIfAbsent(imageId, id -> {
            List<Image> l = AwsErrors.call("DescribeImages " + id,
                    () -> ec2.describeImages(b -> b.imageIds(id)).images());
            if (l.isEmpty()) {
                throw new ProvisioningException("image " + id + " does not exist", "InvalidAMIID.NotFound", null,
                        null, false);
            }
            String dev = l.get(0).rootDeviceName();
            return dev == null || dev.isBlank() ? DEFAULT_ROOT_DEVICE : dev;
        });
    }

    private String lookupArchitecture(String instanceType) {
        try {
            List<InstanceTypeInfo> l = ec2.describeInstanceTypes(b -> b.instanceTypesWithStrings(instanceType))
                    .instanceTypes();
            if (!l.isEmpty() && l.get(0).processorInfo() != null) {
                List<String> archs = l.get(0).processorInfo().supportedArchitecturesAsStrings();
                if (archs.contains("x86_64")) {
                    return "x86_64";
                }
                if (archs.contains("arm64")) {
                    return "arm64";
                }
            }
        } catch (SdkException e) {
            if (AwsErrors.errorCode(e) == null || e.retryable()) {
                throw AwsErrors.translate("DescribeInstanceTypes " + instanceType, e);
            }
            LOG.debug("DescribeInstanceTypes {} failed ({}); guessing from the name", instanceType, e.getMessage());
        }
        return architectureFromName(instanceType);
    }
}
