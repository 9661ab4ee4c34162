package io.dsec2.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceType;

/** The JUnit 5 extension: one LocalCloud per JVM, injected as LocalCloud or LocalCloudEndpoints. */
@ExtendWith(LocalCloudExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalCloudExtensionIT {
    static LocalCloud seen;

    LocalCloudExtensionIT(LocalCloud cloud) {
        if (seen == null) {
            seen = cloud;
        }
        assertThat(cloud).isSameAs(seen);
    }

    @Test
    @Order(1)
    void injectsTheCloudAndItsEndpoints(LocalCloud cloud, LocalCloudEndpoints endpoints) {
        assertThat(endpoints.vpcId()).isEqualTo(cloud.endpoints().vpcId()).startsWith("vpc-");
        assertThat(endpoints.awsEndpoint()).isEqualTo(cloud.awsEndpoint().toString());
    }

    @Test
    @Order(2)
    void anInstanceLaunchedThroughTheSdkIsAnSshHost(LocalCloud cloud, LocalCloudEndpoints ep) {
        assertThat(cloud).isSameAs(seen);
        try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(URI.create(ep.awsEndpoint()))
                .region(Region.of(ep.region())).credentialsProvider(cloud.credentials())
                .httpClientBuilder(ApacheHttpClient.builder()).build()) {
            var i = ec2.runInstances(b -> b.imageId(ep.amiId()).instanceType(InstanceType.T3_MICRO).minCount(1)
                    .maxCount(1).subnetId(ep.subnetIds().get(0)).keyName(ep.keyPairName())).instances().get(0);
            cloud.awaitSshReady(i.instanceId(), Duration.ofSeconds(60));
            try (SshProbe ssh = SshProbe.connect(i.privateIpAddress(), "ec2-user", Path.of(ep.privateKeyFile()),
                    Duration.ofSeconds(20))) {
                assertThat(ssh.run("sudo -n cat /etc/hostname").strip())
                        .isEqualTo("ip-" + i.privateIpAddress().replace('.', '-'));
            }
            ec2.terminateInstances(b -> b.instanceIds(i.instanceId()));
        }
    }

    @Test
    @Order(3)
    void resetEmptiesTheRegionAndDestroysEveryHost(LocalCloud cloud) {
        String oldVpc = cloud.endpoints().vpcId();
        LocalCloudEndpoints ep = cloud.endpoints();
        String id;
        try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(URI.create(ep.awsEndpoint()))
                .region(Region.of(ep.region())).credentialsProvider(cloud.credentials())
                .httpClientBuilder(ApacheHttpClient.builder()).build()) {
            id = ec2.runInstances(b -> b.imageId(ep.amiId()).instanceType(InstanceType.T3_MICRO).minCount(1)
                    .maxCount(1).subnetId(ep.subnetIds().get(0)).keyName(ep.keyPairName())).instances().get(0)
                    .instanceId();
            cloud.awaitSshReady(id, Duration.ofSeconds(60));
            String ns = cloud.host(id).orElseThrow().namespace();
            cloud.reset();
            assertThat(cloud.hosts()).isEmpty();
            assertThat(io.dsec2.testkit.internal.Processes.run("ip", "netns", "list").stdout()).doesNotContain(ns);
            assertThat(ec2.describeInstances().reservations()).isEmpty();
        }
        LocalCloudEndpoints fresh = cloud.endpoints();
        assertThat(fresh.vpcId()).isNotEqualTo(oldVpc).startsWith("vpc-");
        assertThat(fresh.jdbcUrl()).isEqualTo(ep.jdbcUrl());
        assertThat(Path.of(fresh.privateKeyFile())).exists();
    }
}
