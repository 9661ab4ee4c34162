package io.dsec2.internal.create;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.internal.config.ChangeSets;
import io.dsec2.internal.config.SampleSpecs;
import io.dsec2.internal.ds.Ds320ConfigRenderer;
import io.dsec2.model.ChangeSet;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.ConfigChange;
import io.dsec2.model.NodeGroupSpec;
import io.dsec2.model.NodeRole;
import io.dsec2.model.Secret;
import io.dsec2.model.UpdatePolicy;
import io.dsec2.spi.SecretResolver;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For single-key changes, renders every node's files (the default renderer through RunningConfig.render, as create does,
 * with fixed node facts) for the old and the new spec, and checks that the roles whose files differ are exactly
 * the roles ChangeSets restarts; and that NONE changes render identical files.
 */
class ChangeSetRenderCrossCheckTest {
    private static final ClusterSpec BASE = SampleSpecs.rich();
    private static final Ds320ConfigRenderer RENDERER = Ds320ConfigRenderer.create();
    /** Resolves references to a value derived from the reference, literals to themselves. */
    private static final SecretResolver RESOLVER = s -> s.kind() == Secret.Kind.LITERAL ? s.literalValue()
            : "value-of-" + s.kind().prefix() + "-" + s.reference();

    static Stream<Arguments> changes() {
        return Stream.of(
                edit("worker exec-threads", b -> b.workers(g -> g.putConfig("worker.exec-threads", "300"))),
                edit("master config", b -> b.masters(g -> g.putConfig("master.max-cpu-load-avg", "4"))),
                edit("api config", b -> b.apis(g -> g.putConfig("api.audit-enable", "off"))),
                edit("alert config", b -> b.alerts(g -> g.putConfig("alert.wait-timeout", "9000"))),
                edit("master heap", b -> b.masters(g -> g.jvm(j -> j.xmxMib(10240)))),
                edit("worker extra option", b -> b.workers(g -> g.jvm(j -> j.extraOptions("-XX:+UseZGC")))),
                edit("api heap", b -> b.apis(g -> g.jvm(j -> j.heapMib(2048)))),
                edit("alert young gen", b -> b.alerts(g -> g.jvm(j -> j.xmnMib(256)))),
                edit("gpu group heap", b -> b.workerGroups(withGpu(g -> g.jvm(j -> j.xmnMib(4096))))),
                edit("gpu group config", b -> b.workerGroups(withGpu(g -> g.putConfig("worker.exec-threads", "9")))),
                edit("database host", b -> b.database(d -> d.host("db2.internal"))),
                edit("database port", b -> b.database(d -> d.port(5432))),
                edit("database name", b -> b.database(d -> d.database("ds2"))),
                edit("database params", b -> b.database(d -> d.params("sslmode=verify-full"))),
                edit("database user", b -> b.database(d -> d.username("ds2"))),
                edit("database literal password", b -> b.database(d -> d.password(Secret.literal("other")))),
                edit("database password reference", b -> b.database(d -> d.password(Secret.fromEnv("PW")))),
                edit("registry block_until_connected", b -> b.registry(r -> r.blockUntilConnected(
                        Duration.ofSeconds(90)))),
                edit("storage bucket", b -> b.storage(s -> s.bucket("other-bucket"))),
                edit("storage prefix", b -> b.storage(s -> s.prefix("/other"))),
                edit("storage endpoint", b -> b.storage(s -> s.endpoint("http://127.0.0.1:9001"))),
                edit("storage secret key", b -> b.storage(s -> s.secretAccessKey(Secret.fromEnv("S3_KEY")))),
                edit("storage access key id", b -> b.storage(s -> s.accessKeyId(Secret.fromEnv("S3_ID")))),
                edit("storage removed", ClusterSpec.Builder::noStorage),
                edit("python gateway off", b -> b.pythonGatewayEnabled(false)),
                edit("python gateway token", b -> b.pythonGatewayToken(Secret.fromEnv("OTHER_TOKEN"))),
                edit("token while the gateway is off", b -> b.pythonGatewayEnabled(false), b -> b
                        .pythonGatewayEnabled(false).pythonGatewayToken(Secret.fromEnv("OTHER_TOKEN"))),
                edit("registry session_timeout", b -> b.registry(r -> r.sessionTimeout(Duration.ofSeconds(45)))),
                edit("common property", b -> b.commonProperties(java.util.Map.of("resource.storage.upload.base.path",
                        "/other"))),
                edit("java_home", b -> b.deployment(d -> d.javaHome("/opt/jdk-17"))),
                // NONE: nothing on the nodes changes
                edit("parallelism", b -> b.deployment(d -> d.parallelism(1))),
                edit("ssh user", b -> b.deployment(d -> d.sshUser("admin"))),
                edit("key pair", b -> b.aws(a -> a.keyPairName("ops2"))),
                edit("ami", b -> b.aws(a -> a.amiId("ami-0999"))),
                edit("endpoint override", b -> b.aws(a -> a.endpointOverride(URI.create("http://127.0.0.1:5009")))),
                edit("root volume", b -> b.apis(g -> g.rootVolumeSizeGib(60))));
    }

    private static Arguments edit(String name, Consumer<ClusterSpec.Builder> edit) {
        return edit(name, b -> { }, edit);
    }

    /** A change from {@code BASE} edited by {@code base} to {@code BASE} edited by {@code edit}. */
    private static Arguments edit(String name, Consumer<ClusterSpec.Builder> base, Consumer<ClusterSpec.Builder> edit) {
        return Arguments.of(name, base, edit);
    }

    private static List<NodeGroupSpec> withGpu(Consumer<NodeGroupSpec.Builder> change) {
        List<NodeGroupSpec> groups = new ArrayList<>(BASE.workerGroups());
        groups.set(1, groups.get(1).copy(change));
        return groups;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void rolesWhoseFilesChangeAreTheRolesRestarted(String name, Consumer<ClusterSpec.Builder> base,
                                                   Consumer<ClusterSpec.Builder> edit) {
        ClusterSpec applied = BASE.copy(base);
        ClusterSpec desired = BASE.copy(edit);
        ChangeSet cs = ChangeSets.between(1, applied, desired);
        assertThat(cs.changes()).as(name).isNotEmpty();
        assertThat(cs.changes()).as(name).allSatisfy(c -> assertThat(c.policy())
                .isIn(UpdatePolicy.ROLLING_RESTART, UpdatePolicy.NONE));

        Set<NodeRole> declared = EnumSet.noneOf(NodeRole.class);
        cs.changes().stream().filter(c -> c.policy() == UpdatePolicy.ROLLING_RESTART)
                .map(ConfigChange::roles).forEach(declared::addAll);

        assertThat(rolesWithDifferentFiles(applied, desired)).as(name + ": " + cs).isEqualTo(declared);
    }

    private static Set<NodeRole> rolesWithDifferentFiles(ClusterSpec a, ClusterSpec b) {
        Map<String, String> before = render(a);
        Map<String, String> after = render(b);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        Set<NodeRole> out = EnumSet.noneOf(NodeRole.class);
        before.forEach((node, files) -> {
            if (!files.equals(after.get(node))) {
                out.add(NodeRole.of(node.substring(0, node.indexOf('-'))));
            }
        });
        return out;
    }

    /** @return every node's rendered files (paths and content), by node id */
    private static Map<String, String> render(ClusterSpec spec) {
        ResolvedSecrets secrets = ResolvedSecrets.resolve(spec, RESOLVER);
        // a node reports the JAVA_HOME create asked for (NodeScripts.prepareOs), else the distribution's JDK
        NodeFacts facts = new NodeFacts("amzn", spec.deployment().javaHome().orElse("/usr/lib/jvm/java-17"), 17, 16384);
        Map<String, String> out = new HashMap<>();
        for (PlannedNode node : PlannedNode.of(spec)) {
            StringBuilder sb = new StringBuilder();
            RunningConfig.render(RENDERER, spec, node, facts, secrets)
                    .forEach(f -> sb.append(f.path()).append(" ").append(f.mode()).append('\n').append(f.content()).append('\n'));
            out.put(node.nodeId(), sb.toString());
        }
        return out;
    }
}
