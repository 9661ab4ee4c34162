package io.dsec2.testkit.aws;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Factories for AWS SDK v2 clients aimed at the LocalCloud (moto, or an {@link AwsFaultProxy} in front of it):
 * endpoint override, static test credentials ({@code test}/{@code test}; moto does not check them and uses
 * account 123456789012), the Apache HTTP client, path-style S3, and the SDK's default retry behaviour.
 *
 * <p>Each call builds a new client that the caller must close. Use {@link #configure} to apply the same
 * settings to a builder you customise further (retry strategy, interceptors). Stateless; thread-safe.
 */
public final class LocalAws {
    /** The access key id used (not a secret: moto accepts anything). */
    public static final String ACCESS_KEY_ID = "test";

    private LocalAws() {
    }

    /** @return static credentials {@code test}/{@code test} */
    public static AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, "test"));
    }

    /**
     * Applies endpoint, region, credentials and HTTP client to any SDK client builder.
     *
     * @param builder for example {@code Ec2Client.builder()}
     * @param endpoint moto's or the proxy's endpoint
     * @param region a region name such as {@code us-east-1}
     * @return the same builder
     */
    public static <B extends AwsClientBuilder<B, C>, C> B configure(B builder, URI endpoint, String region) {
        builder.endpointOverride(endpoint).region(Region.of(region)).credentialsProvider(credentials());
        if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClientBuilder(ApacheHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofMinutes(5)));
        }
        return builder;
    }

    /** @return a new EC2 client */
    public static Ec2Client ec2(URI endpoint, String region) {
        return configure(Ec2Client.builder(), endpoint, region).build();
    }

    /** @return a new ELBv2 client */
    public static ElasticLoadBalancingV2Client elbv2(URI endpoint, String region) {
        return configure(ElasticLoadBalancingV2Client.builder(), endpoint, region).build();
    }

    /** @return a new IAM client (IAM is global; the region only scopes the signature) */
    public static IamClient iam(URI endpoint, String region) {
        return configure(IamClient.builder(), endpoint, region).build();
    }

    /** @return a new S3 client using path-style addressing */
    public static S3Client s3(URI endpoint, String region) {
        return configure(S3Client.builder(), endpoint, region).forcePathStyle(true).build();
    }

    /** @return a new SSM client */
    public static SsmClient ssm(URI endpoint, String region) {
        return configure(SsmClient.builder(), endpoint, region).build();
    }

    /** @return a new Secrets Manager client */
    public static SecretsManagerClient secretsManager(URI endpoint, String region) {
        return configure(SecretsManagerClient.builder(), endpoint, region).build();
    }

    /** @return a new STS client */
    public static StsClient sts(URI endpoint, String region) {
        return configure(StsClient.builder(), endpoint, region).build();
    }
}
