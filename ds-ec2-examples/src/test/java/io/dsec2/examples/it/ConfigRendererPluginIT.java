package io.dsec2.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.DsCluster;
import io.dsec2.DsClusterHandle;
import io.dsec2.event.ClusterListener;
import io.dsec2.event.StageEvent;
import io.dsec2.examples.PlatformPropertiesRenderer;
import io.dsec2.model.ChangeSet;
import io.dsec2.model.ClusterNode;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.ConfigVersion;
import io.dsec2.model.DeleteOptions;
import io.dsec2.model.NodeRole;
import io.dsec2.model.RollingPolicy;
import io.dsec2.model.RolloutResult;
import io.dsec2.model.UpdateOptions;
import io.dsec2.model.VersionStatus;
import io.dsec2.testkit.LocalCloud;
import io.dsec2.testkit.LocalCloudExtension;
import io.dsec2.testkit.net.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 11, item 1: a cluster created with a decorating {@link io.dsec2.spi.ConfigRenderer}
 * ({@link PlatformPropertiesRenderer}, which adds {@code <server>/conf/platform.properties} with the spec's
 * {@code platform.team}) has the property on every node; changing it with {@code config update} rewrites the file
 * everywhere through a rolling restart (workers, masters, then api, one node per batch) and records a version
 * whose digests are those the nodes now run. 2 masters (a rolling restart refuses to stop the only master), 1 worker,
 * 1 api, no alert server, no ALB; its own database and registry namespace; deleted at the end.
 */
@ExtendWith(LocalCloudExtension.class)
class ConfigRendererPluginIT {
    static final Path STATE = Path.of("target/it-state-renderer");
    static final String KEY = "platform.team";

    @Test
    void aDecoratingRenderersPropertyIsOnEveryNodeAndAConfigUpdateRollsItOut(LocalCloud cloud) throws Exception {
        if (Files.exists(STATE)) {
            try (var walk = Files.walk(STATE)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        String name = "rnd-" + suffix;
        String database = "ds_rnd_" + suffix;
        cloud.createDatabase(database);
        List<String> stages = Collections.synchronizedList(new ArrayList<>());
        DsCluster cluster = LocalCloudSpecs.builder(cloud.endpoints(), name, STATE).masters(2).workers(1).apis(1)
                .alerts(0).database(d -> d.database(database)).registry(r -> r.namespace(name))
                .spec(s -> s.commonProperties(Map.of(KEY, "blue")))
                .configRenderer(new PlatformPropertiesRenderer())
                .addListener(new ClusterListener() {
                    @Override
                    public void stageStarted(StageEvent event) {
                        stages.add(event.operation() + ":" + event.stage());
                    }
                })
                .build();
        assertThat(cluster.spec().database().database()).isEqualTo(database);
        assertThat(cluster.spec().loadBalancer().enabled()).isFalse();
        Map<String, Host> hosts = new LinkedHashMap<>();
        try {
            try (DsClusterHandle h = cluster.create()) {
                for (ClusterNode n : h.nodes()) {
                    hosts.put(n.nodeId(), cloud.host(n.instanceId()).orElseThrow());
                }
            }
            assertThat(hosts).containsOnlyKeys("master-1", "master-2", "worker-1", "api-1");
            String install = cluster.spec().deployment().installPath();
            hosts.forEach((node, host) -> assertThat(platformFile(host, install, node))
                    .as("%s after create", node).contains(KEY + "=blue\n"));
            ConfigVersion created = latest(cluster);
            assertThat(created.nodeDigests()).containsOnlyKeys(hosts.keySet());
            hosts.forEach((node, host) -> assertThat(runningDigest(host, install)).as("%s runs version %d", node,
                    created.number()).isEqualTo(created.nodeDigests().get(node)));
            Map<String, String> processes = new LinkedHashMap<>();
            hosts.forEach((node, host) -> processes.put(node, serverProcess(host, node)));
            assertThat(processes.values()).doesNotContain("");

            ClusterSpec desired = cluster.spec().copy(b -> b.commonProperties(Map.of(KEY, "green")));
            ChangeSet plan = cluster.planUpdate(desired);
            assertThat(plan.changes()).singleElement().satisfies(c -> assertThat(c.key()).endsWith(KEY));
            assertThat(plan.rolesToRestart()).contains(NodeRole.MASTER, NodeRole.WORKER, NodeRole.API);

            RolloutResult r = cluster.update(desired, UpdateOptions.builder().note("renderer-it: green")
                    .policy(RollingPolicy.builder().batchSize(1).monitorWindow(Duration.ofSeconds(1))
                            .healthTimeout(Duration.ofSeconds(60)).drainTimeout(Duration.ofSeconds(10)).build())
                    .build());

            assertThat(r.outcome()).as("%s", r).isEqualTo(RolloutResult.Outcome.COMPLETED);
            assertThat(r.failed()).isEmpty();
            assertThat(r.restarted()).containsExactlyInAnyOrder("master-1", "master-2", "worker-1", "api-1");
            List<String> batches = new ArrayList<>();
            for (String b : List.of("worker-batch-1", "master-batch-1", "master-batch-2", "api-batch-1")) {
                batches.addAll(List.of("update:" + b + "-pre", "update:" + b, "update:" + b + "-post"));
            }
            assertThat(stages.stream().filter(s -> s.startsWith("update:")).toList())
                    .as("a rolling restart: one node per batch, in the default role order (%s)",
                            RollingPolicy.DEFAULT_ORDER)
                    .containsExactlyElementsOf(batches);
            hosts.forEach((node, host) -> {
                assertThat(platformFile(host, install, node)).as("%s after the update", node)
                        .contains(KEY + "=green\n").doesNotContain("blue");
                assertThat(serverProcess(host, node)).as("%s was restarted", node).isNotEmpty()
                        .isNotEqualTo(processes.get(node));
            });
            ConfigVersion updated = r.version().orElseThrow();
            assertThat(updated.number()).isEqualTo(created.number() + 1);
            assertThat(updated.status()).isEqualTo(VersionStatus.APPLIED);
            assertThat(updated.note()).isEqualTo("renderer-it: green");
            assertThat(updated.renderedDigest()).isNotEqualTo(created.renderedDigest());
            assertThat(latest(cluster)).isEqualTo(updated);
            hosts.forEach((node, host) -> {
                assertThat(updated.nodeDigests().get(node)).as(node).isNotEqualTo(created.nodeDigests().get(node));
                assertThat(runningDigest(host, install)).as("%s runs version %d", node, updated.number())
                        .isEqualTo(updated.nodeDigests().get(node));
            });
        } finally {
            cluster.delete(DeleteOptions.builder().confirmed(true).build());
        }
    }

    static ConfigVersion latest(DsCluster cluster) {
        List<ConfigVersion> history = cluster.history();
        assertThat(history).isNotEmpty();
        return history.get(history.size() - 1);
    }

    static String platformFile(Host host, String install, String node) {
        String role = node.substring(0, node.indexOf('-'));
        Host.ExecResult r = host.exec("cat", install + "/" + NodeRole.of(role).serverDir() + "/conf/platform.properties");
        assertThat(r.ok()).as("platform.properties on %s: %s", node, r.stderr()).isTrue();
        return r.stdout();
    }

    /** @return the {@code digest} of the node's running-config marker, which ds-ec2 writes when it starts a server */
    static String runningDigest(Host host, String install) {
        Host.ExecResult r = host.exec("cat", install + "/.ds-ec2/running");
        assertThat(r.ok()).as("running marker: %s", r.stderr()).isTrue();
        return r.stdout().lines().filter(l -> l.startsWith("digest=")).map(l -> l.substring("digest=".length()))
                .findFirst().orElse("");
    }

    /** @return {@code <pid>@<start time>} of the process serving the node's HTTP port, empty if none */
    static String serverProcess(Host host, String node) {
        int port = NodeRole.of(node.substring(0, node.indexOf('-'))).httpPort();
        String script = "pid=$(ss -ltnpH 'sport = :" + port + "' | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2); "
                + "[ -n \"$pid\" ] && echo \"$pid@$(cut -d' ' -f22 /proc/$pid/stat)\" || true";
        return host.exec("sh", "-c", script).stdout().strip();
    }
}
