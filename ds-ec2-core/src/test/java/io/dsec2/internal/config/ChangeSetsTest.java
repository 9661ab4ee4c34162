package io.dsec2.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.model.ChangeSet;
import io.dsec2.model.AccessMode;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.ConfigChange;
import io.dsec2.model.DatabaseType;
import io.dsec2.model.NodeGroupSpec;
import io.dsec2.model.NodeRole;
import io.dsec2.model.Secret;
import io.dsec2.model.UpdatePolicy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ChangeSetsTest {
    static final ClusterSpec BASE = SampleSpecs.rich();

    static ChangeSet change(Consumer<ClusterSpec.Builder> edit) {
        return ChangeSets.between(4, BASE, BASE.copy(edit));
    }

    static ConfigChange only(ChangeSet cs) {
        assertThat(cs.changes()).hasSize(1);
        return cs.changes().get(0);
    }

    @Test
    void identicalSpecsGiveAnEmptyChangeSet() {
        ChangeSet cs = ChangeSets.between(3, BASE, SampleSpecs.rich());

        assertThat(cs.isEmpty()).isTrue();
        assertThat(cs.fromVersion()).isEqualTo(3);
    }

    @Test
    void workerExecThreadsRestartsOnlyWorkers() {
        ConfigChange c = only(change(b -> b.workers(g -> g.putConfig("worker.exec-threads", "300"))));

        assertThat(c.key()).isEqualTo("service_config.worker.worker.exec-threads");
        assertThat(c.oldValue()).contains("150");
        assertThat(c.newValue()).contains("300");
        assertThat(c.policy()).isEqualTo(UpdatePolicy.ROLLING_RESTART);
        assertThat(c.roles()).containsExactly(NodeRole.WORKER);
    }

    @Test
    void masterHeapRestartsOnlyMasters() {
        ChangeSet cs = change(b -> b.masters(g -> g.jvm(j -> j.xmxMib(10240))));

        ConfigChange c = only(cs);
        assertThat(c.key()).isEqualTo("jvm.master.xmx");
        assertThat(c.oldValue()).contains("8192");
        assertThat(c.newValue()).contains("10240");
        assertThat(c.policy()).isEqualTo(UpdatePolicy.ROLLING_RESTART);
        assertThat(cs.rolesToRestart()).containsExactly(NodeRole.MASTER);
    }

    @Test
    void namedWorkerGroupSettingsUseTheirYamlPaths() {
        List<NodeGroupSpec> groups = List.of(BASE.workerGroups().get(0),
                BASE.workerGroups().get(1).copy(g -> g.putConfig("worker.exec-threads", "60").jvm(j -> j.xmnMib(4096))),
                BASE.workerGroups().get(2));
        ChangeSet cs = change(b -> b.workerGroups(groups));

        assertThat(cs.changes()).extracting(ConfigChange::key)
                .containsExactly("cluster.worker_groups[0].jvm.xmn",
                        "cluster.worker_groups[0].service_config.worker.exec-threads");
        assertThat(cs.changes()).allSatisfy(c -> {
            assertThat(c.policy()).isEqualTo(UpdatePolicy.ROLLING_RESTART);
            assertThat(c.roles()).containsExactly(NodeRole.WORKER);
            assertThat(c.reason()).contains("group gpu");
        });
    }

    @Test
    void instanceTypeIsAReplaceOfThatRole() {
        ChangeSet cs = change(b -> b.apis(g -> g.instanceType("m6i.xlarge")));

        ConfigChange c = only(cs);
        assertThat(c.key()).isEqualTo("cluster.api.instance_type");
        assertThat(c.policy()).isEqualTo(UpdatePolicy.REPLACE);
        assertThat(c.reason()).contains("one node at a time", "keeps volume and private IP");
        assertThat(cs.rolesToReplace()).containsExactly(NodeRole.API);
    }

    @Test
    void countsAreUnsupportedWithTheScaleCommandAsWayOut() {
        ChangeSet cs = change(b -> b.workers(7));

        ConfigChange c = only(cs);
        assertThat(c.key()).isEqualTo("cluster.worker.count");
        assertThat(c.policy()).isEqualTo(UpdatePolicy.UNSUPPORTED);
        assertThat(c.reason()).contains("ds-ec2 scale --role worker --count N");
        assertThat(cs.unsupported()).containsExactly(c);
    }

    @Test
    void aChangedLiteralPasswordIsDetectedAndMasked() {
        ChangeSet cs = change(b -> b.database(d -> d.password(Secret.literal("n3w-pa55word"))));

        ConfigChange c = only(cs);
        assertThat(c.key()).isEqualTo("database.password");
        assertThat(c.oldValue()).contains(ConfigChange.MASK);
        assertThat(c.newValue()).contains(ConfigChange.MASK);
        assertThat(c.policy()).isEqualTo(UpdatePolicy.ROLLING_RESTART);
        assertThat(c.roles()).containsExactlyInAnyOrder(NodeRole.MASTER, NodeRole.API, NodeRole.ALERT);
        assertThat(BASE.database().password().orElseThrow().literalValue()).isEqualTo("S3cr3t: 'x' #1");
        assertThat(cs.toString()).doesNotContain("n3w-pa55word", "S3cr3t");
    }

    @Test
    void secretReferencesShowTheirReferenceNeverAValue() {
        ConfigChange c = only(change(b -> b.database(d -> d.password(Secret.fromSecretsManager("ds/db")))));

        assertThat(c.oldValue()).contains(ConfigChange.MASK);
        assertThat(c.newValue()).contains("secrets_manager:ds/db");
        assertThat(SpecKeys.flatten(BASE)).containsEntry("storage.access_key_id", "ssm:/ds/s3/key-id")
                .containsEntry("storage.secret_access_key", "file:/run/secrets/s3")
                .containsEntry("service_config.api.python_gateway.auth_token", "env:DS_TOKEN");
    }

    @Test
    void flattenUsesTheYamlPathsUsersSee() {
        Map<String, String> keys = SpecKeys.flatten(BASE);

        assertThat(keys).containsEntry("jvm.worker.xmx", "0").containsEntry("jvm.master.extra_opts", "-XX:+UseG1GC, -Xss1m")
                .containsEntry("service_config.worker.worker.exec-threads", "150")
                .containsEntry("service_config.common.sudo.enable", "true")
                .containsEntry("cluster.worker_groups[0].name", "gpu")
                .containsEntry("aws.subnets[0].availability_zone", "us-east-1a")
                .containsEntry("registry.session_timeout", "PT1M")
                .containsEntry("database.password", ConfigChange.MASK);
        assertThat(keys.keySet()).first().isEqualTo("aws.region");
        assertThat(keys.toString()).doesNotContain("S3cr3t");
    }

    @Test
    void serverSettingsRestartTheRolesThatReadThem() {
        assertThat(only(change(b -> b.registry(r -> r.blockUntilConnected(Duration.ofMinutes(1))))).roles())
                .isEqualTo(Set.of(NodeRole.values()));
        assertThat(only(change(b -> b.storage(s -> s.bucket("other")))).roles()).isEqualTo(Set.of(NodeRole.values()));
        assertThat(only(change(b -> b.deployment(d -> d.javaHome("/opt/jdk17")))).roles())
                .isEqualTo(Set.of(NodeRole.values()));
        assertThat(only(change(b -> b.database(d -> d.host("db2.internal")))).roles())
                .containsExactlyInAnyOrder(NodeRole.MASTER, NodeRole.API, NodeRole.ALERT);
        ConfigChange token = only(change(b -> b.pythonGatewayToken(Secret.fromEnv("OTHER"))));
        assertThat(token.roles()).containsExactly(NodeRole.API);
        assertThat(token.policy()).isEqualTo(UpdatePolicy.ROLLING_RESTART);
    }

    @Test
    void removingStorageListsEveryStorageKeyAsUnset() {
        ChangeSet cs = change(ClusterSpec.Builder::noStorage);

        assertThat(cs.changes()).extracting(ConfigChange::key).containsExactly("storage.type", "storage.bucket",
                "storage.prefix", "storage.region", "storage.endpoint", "storage.access_key_id",
                "storage.secret_access_key");
        assertThat(cs.changes()).allSatisfy(c -> assertThat(c.newValue()).isEmpty());
        assertThat(cs.rolesToRestart()).containsExactlyInAnyOrder(NodeRole.values());
    }

    @Test
    void clientSideAndLaunchOnlySettingsNeedNothing() {
        ChangeSet cs = change(b -> b.deployment(d -> d.parallelism(2).rollbackOnFailure(true).sshUser("admin")
                        .jumpHost("bastion2").access(AccessMode.SSH))
                .aws(a -> a.keyPairName("ops2").amiId("ami-9").profile("p2")
                        .endpointOverride(URI.create("http://127.0.0.1:5001")))
                .workers(g -> g.rootVolumeSizeGib(200)));

        assertThat(cs.changes()).hasSize(10).allSatisfy(c -> assertThat(c.policy()).isEqualTo(UpdatePolicy.NONE));
        assertThat(cs.changes()).filteredOn(c -> c.key().startsWith("deployment."))
                .allSatisfy(c -> assertThat(c.reason()).contains("takes effect on the next operation"));
        assertThat(cs.changes()).filteredOn(c -> c.key().equals("aws.key_name"))
                .allSatisfy(c -> assertThat(c.reason()).contains("instances launched later"));
        assertThat(cs.rolesToRestart()).isEmpty();
    }

    @Test
    void identityPlacementAndPackageChangesAreUnsupportedWithAWayOut() {
        Map<String, Consumer<ClusterSpec.Builder>> edits = Map.ofEntries(
                Map.entry("database.type", b -> b.database(d -> d.type(DatabaseType.MYSQL))),
                Map.entry("registry.namespace", b -> b.registry(r -> r.namespace("other"))),
                Map.entry("registry.connect_string", b -> b.registry(r -> r.connectString("10.9.9.9:2181"))),
                Map.entry("deployment.install_path", b -> b.deployment(d -> d.installPath("/data/ds"))),
                Map.entry("deployment.user", b -> b.deployment(d -> d.deployUser("other"))),
                Map.entry("deployment.package_url", b -> b.deployment(d -> d.packageUrl(
                        URI.create("https://mirror2.example.com/ds.tar.gz")))),
                Map.entry("aws.vpc_id", b -> b.aws(a -> a.vpcId("vpc-other"))),
                Map.entry("aws.security_group_ids", b -> b.aws(a -> a.securityGroupIds(List.of("sg-9")))),
                Map.entry("cluster.master.subnets", b -> b.masters(g -> g.subnets("subnet-b", "subnet-a"))),
                Map.entry("service_config.api.load_balancer.scheme", b -> b.loadBalancer(l -> l.scheme(
                        io.dsec2.model.LoadBalancerScheme.INTERNAL))),
                Map.entry("service_config.api.load_balancer.enabled", b -> b.loadBalancer(l -> l.enabled(false))),
                Map.entry("cluster.name", b -> b.name("other")));
        edits.forEach((key, edit) -> {
            ChangeSet cs = change(edit);
            assertThat(cs.changes()).as(key).extracting(ConfigChange::key).contains(key);
            assertThat(cs.unsupported()).as(key).isNotEmpty();
            ConfigChange c = cs.changes().stream().filter(x -> x.key().equals(key)).findFirst().orElseThrow();
            assertThat(c.policy()).as(key).isEqualTo(UpdatePolicy.UNSUPPORTED);
            assertThat(c.reason()).as(key).containsAnyOf("keep the applied", "create a new cluster");
        });
        assertThat(only(change(b -> b.deployment(d -> d.packageSha512("cd".repeat(64))))).reason()).contains("guide/upgrade/upgrade.md");
        assertThat(only(change(b -> b.registry(r -> r.namespace("x")))).reason()).contains("split the cluster");
    }

    @Test
    void cidrChangesReconcileTheSecurityGroupRulesWithoutARestart() {
        Map<String, Consumer<ClusterSpec.Builder>> edits = Map.of(
                "aws.admin_cidr", b -> b.aws(a -> a.adminCidr("10.1.0.0/16")),
                "aws.api_allowed_cidrs", b -> b.aws(a -> a.apiAllowedCidrs(List.of("10.2.0.0/16"))),
                "service_config.api.load_balancer.allowed_cidrs", b -> b.loadBalancer(l -> l.allowedCidrs(
                        List.of("10.3.0.0/16"))));
        edits.forEach((key, edit) -> {
            ConfigChange c = only(change(edit));
            assertThat(c.key()).isEqualTo(key);
            assertThat(c.policy()).as(key).isEqualTo(UpdatePolicy.NONE);
            assertThat(c.roles()).as(key).isEmpty();
            assertThat(c.reason()).as(key).contains("security-group rules").contains("revoked");
            assertThat(ChangeSets.changesNetworkRules(change(edit))).as(key).isTrue();
        });
        assertThat(ChangeSets.changesNetworkRules(change(b -> b.deployment(d -> d.parallelism(1))))).isFalse();
    }

    @Test
    void anAdminPasswordIsSetWithoutARestartAndCannotBeTakenAway() {
        ClusterSpec a = BASE.copy(b -> b.adminPassword(Secret.fromEnv("A")));
        ConfigChange first = only(ChangeSets.between(1, BASE.copy(b -> b.noAdminPassword()), a));
        assertThat(first.policy()).as("set where none was").isEqualTo(UpdatePolicy.NONE);
        ConfigChange set = only(ChangeSets.between(1, a, BASE.copy(b -> b.adminPassword(Secret.fromEnv("B")))));
        assertThat(set.key()).isEqualTo("service_config.api.admin_password");
        assertThat(set.policy()).isEqualTo(UpdatePolicy.NONE);
        assertThat(set.reason()).contains("t_ds_user").contains("nothing restarts");
        assertThat(ChangeSets.changesAdminPassword(ChangeSets.between(1, a,
                BASE.copy(b -> b.adminPassword(Secret.fromEnv("B")))))).isTrue();
        ConfigChange removed = only(ChangeSets.between(1, a, BASE.copy(b -> b.noAdminPassword())));
        assertThat(removed.policy()).isEqualTo(UpdatePolicy.UNSUPPORTED);
        assertThat(removed.reason()).contains("public default");
    }

    @Test
    void addingAWorkerGroupIsUnsupported() {
        ChangeSet cs = change(b -> b.addWorkerGroup(NodeGroupSpec.builder(NodeRole.WORKER).name("etl").build()));

        assertThat(cs.changes()).isNotEmpty().allSatisfy(c -> {
            assertThat(c.key()).startsWith("cluster.worker_groups[2]");
            assertThat(c.policy()).isEqualTo(UpdatePolicy.UNSUPPORTED);
            assertThat(c.newValue()).isPresent();
            assertThat(c.oldValue()).isEmpty();
        });
    }

    @Test
    void changesComeInYamlOrder() {
        ChangeSet cs = change(b -> b.deployment(d -> d.parallelism(1)).masters(g -> g.jvm(j -> j.xmnMib(2048)))
                .aws(a -> a.adminCidr("10.1.0.0/16")).registry(r -> r.sessionTimeout(Duration.ofSeconds(45))));

        assertThat(cs.changes()).extracting(ConfigChange::key).containsExactly("aws.admin_cidr",
                "registry.session_timeout", "deployment.parallelism", "jvm.master.xmn");
    }

    @Test
    void specsAreRequired() {
        assertThatThrownBy(() -> ChangeSets.between(0, null, BASE)).isInstanceOf(NullPointerException.class);
    }
}
