package io.dsec2.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.spi.ClusterTags;
import io.dsec2.testkit.aws.LocalAws;
import io.dsec2.testkit.aws.MotoServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * {@code ds-ec2 list} against moto: two clusters in us-east-1 (one with a stopped worker and a load balancer) and one
 * in eu-west-1, plus an instance ds-ec2 does not manage; each region lists exactly its clusters, with counts per
 * role and state, VPC, load balancer, created and created-by, from the tags alone.
 */
class ListCommandTest {
    static MotoServer moto;
    static String vpcEast;
    static String lbDns;

    @BeforeAll
    static void setUp() {
        moto = MotoServer.start("127.0.0.1", 0, Path.of("target/moto-list.log"));
        try (Ec2Client east = LocalAws.ec2(moto.endpoint(), "us-east-1");
                Ec2Client west = LocalAws.ec2(moto.endpoint(), "eu-west-1");
                ElasticLoadBalancingV2Client elb = LocalAws.elbv2(moto.endpoint(), "us-east-1")) {
            vpcEast = east.createVpc(b -> b.cidrBlock("10.30.0.0/16")).vpc().vpcId();
            String s1 = east.createSubnet(b -> b.vpcId(vpcEast).cidrBlock("10.30.1.0/24").availabilityZone("us-east-1a"))
                    .subnet().subnetId();
            String s2 = east.createSubnet(b -> b.vpcId(vpcEast).cidrBlock("10.30.2.0/24").availabilityZone("us-east-1b"))
                    .subnet().subnetId();
            String vpcWest = west.createVpc(b -> b.cidrBlock("10.31.0.0/16")).vpc().vpcId();
            String sw = west.createSubnet(b -> b.vpcId(vpcWest).cidrBlock("10.31.1.0/24")
                    .availabilityZone("eu-west-1a")).subnet().subnetId();
            launch(east, s1, "alpha", "master", "ops@laptop");
            launch(east, s1, "alpha", "worker", "ops@laptop");
            String stopped = launch(east, s1, "alpha", "worker", "ops@laptop");
            east.stopInstances(b -> b.instanceIds(stopped));
            launch(east, s1, "beta", "master", "ci@runner");
            launch(west, sw, "gamma", "master", "ops@laptop");
            String foreign = east.describeImages(b -> b.owners("amazon")).images().get(0).imageId();
            east.runInstances(b -> b.imageId(foreign).minCount(1).maxCount(1).subnetId(s1));   // not ds-ec2's
            lbDns = elb.createLoadBalancer(b -> b.name("alpha").subnets(s1, s2).tags(
                    software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag.builder()
                            .key(ClusterTags.CLUSTER).value("alpha").build(),
                    software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag.builder()
                            .key(ClusterTags.MANAGED_BY).value(ClusterTags.MANAGED_BY_VALUE).build()))
                    .loadBalancers().get(0).dnsName();
        }
    }

    static String launch(Ec2Client ec2, String subnet, String cluster, String role, String by) {
        String ami = ec2.describeImages(b -> b.owners("amazon")).images().get(0).imageId();
        List<Tag> tags = List.of(Tag.builder().key(ClusterTags.CLUSTER).value(cluster).build(),
                Tag.builder().key(ClusterTags.ROLE).value(role).build(),
                Tag.builder().key(ClusterTags.MANAGED_BY).value(ClusterTags.MANAGED_BY_VALUE).build(),
                Tag.builder().key(ClusterTags.CREATED_BY).value(by).build());
        return ec2.runInstances(b -> b.imageId(ami).minCount(1).maxCount(1).subnetId(subnet)
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(tags).build()))
                .instances().get(0).instanceId();
    }

    @AfterAll
    static void tearDown() {
        if (moto != null) {
            moto.close();
        }
    }

    static Map<String, JsonNode> listJson(String region) {
        DsEc2CliTest.Run r = DsEc2CliTest.cli("list", "--region", region, "--endpoint-url", moto.endpoint().toString(),
                "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        return JsonNode.parser().parse(r.out()).asObject();
    }

    @Test
    void eachRegionListsExactlyItsClustersWithCountsPerRoleAndState() {
        Map<String, JsonNode> east = listJson("us-east-1");
        assertThat(east.get("region").asString()).isEqualTo("us-east-1");
        List<JsonNode> clusters = east.get("clusters").asArray();
        assertThat(clusters.stream().map(c -> c.asObject().get("name").asString()).toList())
                .containsExactly("alpha", "beta");
        Map<String, JsonNode> alpha = clusters.get(0).asObject();
        assertThat(alpha.get("vpc").asString()).isEqualTo(vpcEast);
        Map<String, JsonNode> nodes = alpha.get("nodes").asObject();
        assertThat(nodes.get("master").asObject().get("running").asNumber()).isEqualTo("1");
        assertThat(nodes.get("worker").asObject().get("running").asNumber()).isEqualTo("1");
        assertThat(nodes.get("worker").asObject().get("stopped").asNumber()).isEqualTo("1");
        assertThat(alpha.get("loadBalancer").asString()).isEqualTo(lbDns);
        assertThat(alpha.get("createdBy").asString()).isEqualTo("ops@laptop");
        assertThat(alpha.get("created").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        Map<String, JsonNode> beta = clusters.get(1).asObject();
        assertThat(beta.get("loadBalancer").isNull()).isTrue();
        assertThat(beta.get("createdBy").asString()).isEqualTo("ci@runner");

        List<JsonNode> west = listJson("eu-west-1").get("clusters").asArray();
        assertThat(west.stream().map(c -> c.asObject().get("name").asString()).toList()).containsExactly("gamma");
    }

    @Test
    void theTableShowsOneLinePerCluster() {
        DsEc2CliTest.Run r = DsEc2CliTest.cli("list", "--region", "us-east-1", "--endpoint-url",
                moto.endpoint().toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("NAME").contains("VPC", "NODES", "LOAD BALANCER", "CREATED BY");
        assertThat(lines.get(1)).startsWith("alpha").contains("master 1, worker 2 (1 running, 1 stopped)", lbDns,
                "ops@laptop");
        assertThat(lines.get(2)).startsWith("beta").contains("master 1");
        DsEc2CliTest.Run none = DsEc2CliTest.cli("list", "--region", "ap-south-1", "--endpoint-url",
                moto.endpoint().toString());
        assertThat(none.out()).isEqualTo("no ds-ec2 cluster in ap-south-1\n");
    }
}
