package io.dsec2.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.spi.DeleteLoadBalancerRequest;
import io.dsec2.spi.DeleteNetworkRequest;
import io.dsec2.spi.LoadBalancerInfo;
import io.dsec2.spi.LoadBalancerRequest;
import io.dsec2.spi.NetworkRequest;
import io.dsec2.spi.NetworkResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** What a delete's sweep and purge use, against moto: tagged leftovers are found; a prefix is emptied exactly. */
class AwsDeleteSweepMotoTest {
    private static MotoAccount account;

    @BeforeAll
    static void startMoto() {
        account = new MotoAccount("moto-delete-sweep");
    }

    @AfterAll
    static void stopMoto() {
        if (account != null) {
            account.close();
        }
    }

    @Test
    void leftoversAreFoundByTagAndOnlyThisClusters() {
        account.resetAndSetUp();
        try (AwsProvisioner aws = AwsProvisioner.builder().clientSettings(account.settings()).build();
             AwsLoadBalancer lb = AwsLoadBalancer.builder().clientSettings(account.settings()).build()) {
            NetworkResult net = aws.ensureNetwork(NetworkRequest.builder().clusterId("gone").vpcId(account.vpcId)
                    .apiCidrs(List.of("0.0.0.0/0")).loadBalancerEnabled(true).build());
            aws.ensureNetwork(NetworkRequest.builder().clusterId("other").vpcId(account.vpcId)
                    .apiCidrs(List.of("0.0.0.0/0")).build());
            LoadBalancerInfo info = lb.ensure(LoadBalancerRequest.builder().clusterId("gone").name("gone")
                    .vpcId(account.vpcId).subnetIds(account.subnetIds)
                    .securityGroupIds(List.of(net.loadBalancerSecurityGroupId().orElseThrow())).build());
            DeleteNetworkRequest gone = DeleteNetworkRequest.of("gone", account.vpcId, Duration.ofSeconds(30));

            assertThat(aws.taggedSecurityGroups(gone)).containsExactlyInAnyOrderElementsOf(net.createdSecurityGroupIds());
            assertThat(lb.find(DeleteLoadBalancerRequest.of("gone", "gone")))
                    .containsExactlyInAnyOrder(info.loadBalancerArn(), info.targetGroupArn());
            assertThat(lb.find(DeleteLoadBalancerRequest.of("other", "gone"))).as("another cluster's tag").isEmpty();

            lb.delete(DeleteLoadBalancerRequest.of("gone", "gone"));
            aws.deleteNetwork(gone);
            assertThat(lb.find(DeleteLoadBalancerRequest.of("gone", "gone"))).isEmpty();
            assertThat(aws.taggedSecurityGroups(gone)).isEmpty();
            assertThat(aws.taggedSecurityGroups(DeleteNetworkRequest.of("other", account.vpcId, Duration.ZERO)))
                    .isNotEmpty();
        }
    }

    @Test
    void deletePrefixRemovesOnlyKeysUnderThePrefix() {
        account.resetAndSetUp();
        try (S3Client s3 = S3Client.builder().endpointOverride(account.moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(MotoAccount.CREDENTIALS).forcePathStyle(true).build();
             AwsObjectStore store = new AwsObjectStore(account.settings())) {
            s3.createBucket(b -> b.bucket("res"));
            for (int i = 0; i < 3; i++) {
                String key = "ds/prod/resources/f" + i;
                s3.putObject(b -> b.bucket("res").key(key), RequestBody.fromString("x"));
            }
            s3.putObject(b -> b.bucket("res").key("ds/prod-2/keep"), RequestBody.fromString("y"));
            s3.putObject(b -> b.bucket("res").key("other"), RequestBody.fromString("z"));

            assertThatThrownBy(() -> store.deletePrefix("res", " ")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.deletePrefix("res", "/ds/")).isInstanceOf(IllegalArgumentException.class);
            assertThat(store.deletePrefix("res", "ds/prod/")).isEqualTo(3);
            assertThat(store.deletePrefix("res", "ds/prod/")).isZero();
            assertThat(s3.listObjectsV2(b -> b.bucket("res")).contents()).extracting(S3Object::key)
                    .containsExactlyInAnyOrder("ds/prod-2/keep", "other");
        }
    }
}
