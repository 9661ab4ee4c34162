package io.dsec2.internal.create;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.internal.config.ChangeSets;
import io.dsec2.internal.ds.Ds320ConfigRenderer;
import io.dsec2.internal.ds.NodeRenderInput;
import io.dsec2.internal.spec.yaml.SpecYamlWriter;
import io.dsec2.internal.spec.yaml.YamlSpecReader;
import io.dsec2.model.ChangeSet;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.ConfigChange;
import io.dsec2.model.NodeRole;
import io.dsec2.model.Secret;
import io.dsec2.model.UpdatePolicy;
import io.dsec2.model.Violation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The spec keys operators asked for (issue 15): tags, root volume type/IOPS/throughput, the load balancer's
 * listener, health check and idle timeout, the registry's connection timeout and retry policy. Each: YAML and
 * builder give the same spec, the writer round-trips it, bad values are errors at their YAML path, the plan shows
 * it, and (registry) the rendered env file carries it; tag changes restart nothing.
 */
class OperatorSpecKeysTest {
    static final String YAML = """
            aws:
              region: eu-west-1
              subnets: [subnet-a, subnet-b]
              tags: {Environment: prod, Owner: data-platform, CostCenter: "4711"}
            cluster:
              name: analytics
              master: {count: 2, root_volume_type: io2, root_volume_iops: 4000, root_volume_size_gib: 50,
                       tags: {Tier: control}}
              worker: {count: 3, root_volume_type: gp3, root_volume_iops: 6000, root_volume_throughput: 500,
                       root_volume_size_gib: 100, tags: {Tier: compute, Owner: etl-team}}
              api: {count: 2, root_volume_type: gp2}
            database: {host: db.internal, username: ds, password: {env: DB_PASSWORD}}
            registry:
              servers: [10.0.1.10:2181]
              connection_timeout: 15s
              retry: {base_sleep: 100ms, max_retries: 8, max_sleep: 2s}
            service_config:
              api:
                load_balancer:
                  enabled: true
                  listener_port: 8080
                  health_check: {interval: 20s, timeout: 4s, healthy_threshold: 3, unhealthy_threshold: 5}
                  idle_timeout: 120s
            """;

    static ClusterSpec built() {
        return ClusterSpec.builder().name("analytics").region("eu-west-1").subnets("subnet-a", "subnet-b")
                .aws(a -> a.putTag("Environment", "prod").putTag("Owner", "data-platform").putTag("CostCenter", "4711"))
                .masters(g -> g.count(2).rootVolumeType("io2").rootVolumeIops(4000).rootVolumeSizeGib(50)
                        .putTag("Tier", "control"))
                .workers(g -> g.count(3).rootVolumeType("gp3").rootVolumeIops(6000).rootVolumeThroughput(500)
                        .rootVolumeSizeGib(100).tags(Map.of("Tier", "compute")).putTag("Owner", "etl-team"))
                .apis(g -> g.count(2).rootVolumeType("gp2"))
                .database(d -> d.host("db.internal").username("ds").password(Secret.fromEnv("DB_PASSWORD")))
                .registry(r -> r.connectString("10.0.1.10:2181").connectionTimeout(Duration.ofSeconds(15))
                        .retryBaseSleep(Duration.ofMillis(100)).retryMaxRetries(8).retryMaxSleep(Duration.ofSeconds(2)))
                .loadBalancer(l -> l.enabled(true).listenerPort(8080).healthCheckInterval(Duration.ofSeconds(20))
                        .healthCheckTimeout(Duration.ofSeconds(4)).healthyThreshold(3).unhealthyThreshold(5)
                        .idleTimeout(Duration.ofSeconds(120)))
                .build();
    }

    static ClusterSpec fromYaml() {
        return YamlSpecReader.read(YAML, "operator.yaml");
    }

    @Test
    void yamlAndBuilderGiveTheSameSpec() {
        ClusterSpec spec = fromYaml();
        assertThat(spec).isEqualTo(built());
        assertThat(spec.aws().tags()).containsExactly(Map.entry("Environment", "prod"),
                Map.entry("Owner", "data-platform"), Map.entry("CostCenter", "4711"));
        assertThat(spec.workerGroups().get(0).rootVolumeThroughput()).isEqualTo(500);
        assertThat(spec.masters().rootVolumeType()).isEqualTo("io2");
        assertThat(spec.loadBalancer().listenerPort()).isEqualTo(8080);
        assertThat(spec.loadBalancer().healthCheckTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(spec.registry().retryMaxSleep()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void writerRoundTripsEveryNewKey() {
        ClusterSpec spec = built();
        String yaml = SpecYamlWriter.write(spec);
        assertThat(yaml).contains("listener_port: 8080", "idle_timeout: PT2M", "root_volume_type: io2",
                "root_volume_throughput: 500", "connection_timeout: PT15S", "max_retries: 8", "CostCenter: '4711'");
        assertThat(YamlSpecReader.read(yaml, "written")).isEqualTo(spec);
    }

    @Test
    void defaultsAreDsAndAwsDefaults() {
        ClusterSpec spec = io.dsec2.internal.spec.yaml.YamlSpecReader.read("""
                aws: {region: us-east-1, subnets: [subnet-a, subnet-b]}
                cluster: {name: mini}
                database: {host: db, username: ds, password: {env: P}}
                registry: {servers: [10.0.0.1:2181]}
                """, "mini.yaml");
        assertThat(spec.aws().tags()).isEmpty();
        assertThat(spec.masters().rootVolumeType()).isEqualTo("gp3");
        assertThat(spec.masters().rootVolumeIops()).isZero();
        assertThat(spec.loadBalancer().listenerPort()).isEqualTo(80);
        assertThat(spec.loadBalancer().healthCheckInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(spec.loadBalancer().idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(spec.registry().connectionTimeout()).isEqualTo(Duration.ofSeconds(9));
        assertThat(spec.registry().retryBaseSleep()).isEqualTo(Duration.ofMillis(60));
        assertThat(spec.registry().retryMaxRetries()).isEqualTo(5);
        assertThat(spec.registry().retryMaxSleep()).isEqualTo(Duration.ofMillis(300));
        // defaults render nothing new: files rendered before these keys existed stay the same
        Map<String, String> config = io.dsec2.internal.ds.RenderInputs.config(spec, PlannedNode.of(spec).get(0).group());
        assertThat(config.keySet()).noneMatch(k -> k.startsWith("registry.zookeeper."));
    }

    @Test
    void badValuesAreErrorsAtTheirYamlPath() {
        ClusterSpec.Builder b = built().toBuilder()
                .aws(a -> a.putTag("ds-ec2:cluster", "other").putTag("aws:createdBy", "x").putTag("Name", "n")
                        .putTag("k", "v".repeat(257)).putTag("bad#key", "v"))
                .masters(g -> g.rootVolumeType("st1"))
                .workers(g -> g.rootVolumeType("gp3").rootVolumeIops(90000).rootVolumeThroughput(2500)
                        .putTag("x".repeat(129), "v"))
                .apis(g -> g.rootVolumeType("gp2").rootVolumeThroughput(200))
                .alerts(g -> g.rootVolumeType("io1").rootVolumeIops(0))
                .loadBalancer(l -> l.listenerPort(70000).healthCheckInterval(Duration.ofSeconds(4))
                        .healthCheckTimeout(Duration.ofSeconds(10)).healthyThreshold(1).unhealthyThreshold(11)
                        .idleTimeout(Duration.ofSeconds(5000)))
                .registry(r -> r.connectionTimeout(Duration.ZERO).retryMaxRetries(30)
                        .retryBaseSleep(Duration.ofSeconds(1)).retryMaxSleep(Duration.ofMillis(500)));
        List<Violation> v = b.validate();
        assertError(v, "aws.tags.ds-ec2:cluster", "ds-ec2:* tags");
        assertError(v, "aws.tags.aws:createdBy", "reserved by AWS");
        assertError(v, "aws.tags.Name", "names each resource itself");
        assertError(v, "aws.tags.k", "at most 256");
        assertError(v, "aws.tags.bad#key", "may hold only");
        assertError(v, "cluster.worker.tags." + "x".repeat(129), "1-128");
        assertError(v, "cluster.master.root_volume_type", "st1 and sc1 cannot boot");
        assertError(v, "cluster.worker.root_volume_iops", "3000-80000");
        assertError(v, "cluster.worker.root_volume_throughput", "125-2000");
        assertError(v, "cluster.api.root_volume_throughput", "only for gp3");
        assertError(v, "cluster.alert.root_volume_iops", "required for io1");
        assertError(v, "service_config.api.load_balancer.listener_port", "1-65535");
        assertError(v, "service_config.api.load_balancer.health_check.interval", "5-300 s");
        assertError(v, "service_config.api.load_balancer.health_check.timeout", "less than health_check.interval");
        assertError(v, "service_config.api.load_balancer.health_check.healthy_threshold", "2-10");
        assertError(v, "service_config.api.load_balancer.health_check.unhealthy_threshold", "2-10");
        assertError(v, "service_config.api.load_balancer.idle_timeout", "1-4000 s");
        assertError(v, "registry.connection_timeout", "positive");
        assertError(v, "registry.retry.max_retries", "0-29");
        assertError(v, "registry.retry.max_sleep", "at least retry.base_sleep");
    }

    @Test
    void iopsPerGibAndThroughputPerIopsLimitsAreChecked() {
        List<Violation> v = built().toBuilder()
                .masters(g -> g.rootVolumeType("gp3").rootVolumeSizeGib(8).rootVolumeIops(5000))
                .workers(g -> g.rootVolumeType("gp3").rootVolumeIops(3000).rootVolumeThroughput(1000))
                .apis(g -> g.rootVolumeType("io1").rootVolumeSizeGib(10).rootVolumeIops(600)).validate();
        assertError(v, "cluster.master.root_volume_iops", "500 per GiB");
        assertError(v, "cluster.worker.root_volume_throughput", "0.25 MiB/s per IOPS");
        assertError(v, "cluster.api.root_volume_iops", "50 per GiB");
    }

    @Test
    void yamlErrorsNameTheKey() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> YamlSpecReader.read(YAML.replace(
                "healthy_threshold: 3", "healthy_treshold: 3"), "typo.yaml"))
                .hasMessageContaining("service_config.api.load_balancer.health_check.healthy_treshold");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> YamlSpecReader.read(YAML.replace(
                "max_retries: 8", "max_retries: many"), "bad.yaml"))
                .hasMessageContaining("registry.retry.max_retries");
    }

    @Test
    void planShowsEveryNewSetting() {
        String plan = PlanPreview.render(built());
        assertThat(plan)
                .contains("master-1   master  m6i.xlarge   subnet-a")
                .contains("50 GiB io2 4000 IOPS encrypted")
                .contains("100 GiB gp3 6000 IOPS 500 MiB/s encrypted")
                .contains("30 GiB gp2 encrypted")
                .contains("tags: all resources {Environment=prod, Owner=data-platform, CostCenter=4711};"
                        + " master instances and volumes {Environment=prod, Owner=data-platform, CostCenter=4711,"
                        + " Tier=control}; worker/default instances and volumes {Environment=prod, Owner=etl-team,"
                        + " CostCenter=4711, Tier=compute}")
                .contains("HTTP listener on 8080, idle timeout 120 s")
                .contains("every 20 s, timeout 4 s, healthy after 3, unhealthy after 5")
                .contains("registry: 10.0.1.10:2181 /dolphinscheduler (session timeout 30 s, connection timeout 15 s,"
                        + " retry 8 times, 100 ms to 2 s)");
        assertThat(PlanPreview.render(built().copy(b -> b.aws(a -> a.tags(Map.of()))
                .masters(g -> g.tags(Map.of())).workers(g -> g.tags(Map.of()))))).contains("tags: none\n");
    }

    @Test
    void registryTuningIsRenderedAsDolphinSchedulerEnvironment() {
        ClusterSpec spec = built();
        PlannedNode master = PlannedNode.of(spec).get(0);
        Map<String, String> config = io.dsec2.internal.ds.RenderInputs.config(spec, master.group());
        assertThat(config).containsEntry("registry.zookeeper.connection-timeout", "15000ms")
                .containsEntry("registry.zookeeper.retry-policy.base-sleep-time", "100ms")
                .containsEntry("registry.zookeeper.retry-policy.max-retries", "8")
                .containsEntry("registry.zookeeper.retry-policy.max-sleep", "2000ms");
        NodeRenderInput in = new NodeRenderInput(spec.name(), master.nodeId(), NodeRole.MASTER, "/opt/ds",
                "/usr/lib/jvm/java-17", 17, "mysql", spec.database().jdbcUrl(), "ds", "pw", "10.0.1.10:2181",
                "dolphinscheduler", Duration.ofSeconds(30), null, new NodeRenderInput.Heap(2048, 2048, 1024), 16384,
                config, null, "UTC", List.of());
        String env = Ds320ConfigRenderer.create().render(in).get(0).content();
        assertThat(env).contains("export REGISTRY_ZOOKEEPER_CONNECTION_TIMEOUT='15000ms'",
                "export REGISTRY_ZOOKEEPER_RETRY_POLICY_BASE_SLEEP_TIME='100ms'",
                "export REGISTRY_ZOOKEEPER_RETRY_POLICY_MAX_RETRIES='8'",
                "export REGISTRY_ZOOKEEPER_RETRY_POLICY_MAX_SLEEP='2000ms'");
    }

    @Test
    void tagChangesRestartNothingAndRegistryTuningRestartsEveryRole() {
        ClusterSpec applied = built();
        ClusterSpec tagged = applied.copy(b -> b.aws(a -> a.putTag("Environment", "staging").putTag("Team", "bi"))
                .workers(g -> g.tags(Map.of("Tier", "compute"))));
        ChangeSet tags = ChangeSets.between(1, applied, tagged);
        assertThat(tags.changes()).extracting(ConfigChange::key).containsExactlyInAnyOrder("aws.tags.Environment",
                "aws.tags.Team", "cluster.worker.tags.Owner");
        assertThat(tags.changes()).allSatisfy(c -> assertThat(c.policy()).isEqualTo(UpdatePolicy.NONE));
        assertThat(tags.rolesToRestart()).isEmpty();
        assertThat(TagSync.changesTags(tags)).isTrue();

        ChangeSet volume = ChangeSets.between(1, applied, applied.copy(b -> b.workers(g -> g.rootVolumeIops(8000))));
        assertThat(volume.changes()).singleElement().satisfies(c -> assertThat(c.policy()).isEqualTo(UpdatePolicy.NONE));
        assertThat(TagSync.changesTags(volume)).isFalse();

        ChangeSet retry = ChangeSets.between(1, applied, applied.copy(b -> b.registry(r -> r.retryMaxRetries(3)
                .connectionTimeout(Duration.ofSeconds(20)))));
        assertThat(retry.changes()).extracting(ConfigChange::key)
                .containsExactly("registry.connection_timeout", "registry.retry.max_retries");
        assertThat(retry.rolesToRestart()).containsExactlyInAnyOrder(NodeRole.values());

        ChangeSet lb = ChangeSets.between(1, applied, applied.copy(b -> b.loadBalancer(l -> l.listenerPort(81))));
        assertThat(lb.unsupported()).singleElement().satisfies(c -> assertThat(c.key())
                .isEqualTo("service_config.api.load_balancer.listener_port"));
    }

    @Test
    void groupTagsWinOverClusterTags() {
        ClusterSpec spec = built();
        assertThat(TagSync.forGroup(spec, spec.workerGroups().get(0))).containsExactly(
                Map.entry("Environment", "prod"), Map.entry("Owner", "etl-team"), Map.entry("CostCenter", "4711"),
                Map.entry("Tier", "compute"));
        assertThat(TagSync.forGroup(spec, spec.apis())).isEqualTo(spec.aws().tags());
    }

    private static void assertError(List<Violation> violations, String path, String text) {
        assertThat(violations).as("violations at " + path).anySatisfy(v -> {
            assertThat(v.path()).isEqualTo(path);
            assertThat(v.isError()).isTrue();
            assertThat(v.message()).contains(text);
        });
    }
}
