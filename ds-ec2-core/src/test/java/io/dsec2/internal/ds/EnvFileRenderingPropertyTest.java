package io.dsec2.internal.ds;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.DsCluster;
import io.dsec2.internal.spec.Grammar;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.NodeRole;
import io.dsec2.model.Violation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Renders random {@code service_config} maps (keys and values with quotes, {@code $}, backticks, backslashes,
 * newlines, {@code %}, unicode) into {@code dolphinscheduler_env.sh}, sources each file in {@code bash -c} and
 * checks that the environment is exactly what was rendered, for every entry the spec validator accepts. 100 tries
 * of 100 maps: 10,000 maps, with one bash process per try.
 */
class EnvFileRenderingPropertyTest {
    private static final ClusterSpec BASE = DsCluster.fromYaml(String.join("\n",
            "aws: {region: us-east-1, subnets: 'subnet-a, subnet-b'}",
            "cluster: {name: c1, master: {count: 2}}",
            "database: {host: db, username: ds, password: {file: /run/secrets/db}}",
            "registry: {servers: 'zk1:2181,zk2:2181,zk3:2181'}",
            "storage: {bucket: ds-res, access_key_id: {env: K}, secret_access_key: {env: S}}"), "base.yaml").spec();
    private static final Set<String> BASH_OWN = Set.of("PWD", "SHLVL", "_");
    private final Ds320ConfigRenderer renderer = Ds320ConfigRenderer.create();

    @Property(tries = 100)
    void everyAcceptedValueComesBackFromBashUnchanged(
            @ForAll("batches") List<Map<String, String>> batch) throws Exception {
        Path dir = Files.createTempDirectory("envprop");
        try {
            List<Map<String, String>> expected = new ArrayList<>();
            List<String> args = new ArrayList<>(List.of("env", "-i", "/bin/bash", "--noprofile", "--norc", "-c",
                    "for f in \"$@\"; do ( . \"$f\" && env -0 ) || exit 9; printf '@@END\\0'; done", "bash"));
            for (int i = 0; i < batch.size(); i++) {
                Map<String, String> accepted = accepted(batch.get(i));
                NodeRenderInput in = input(accepted);
                expected.add(renderer.environment(in));
                Path file = dir.resolve(i + ".sh");
                Files.writeString(file, renderer.envFile(in).content(), StandardCharsets.UTF_8);
                args.add(file.toString());
            }
            List<Map<String, String>> actual = run(args);
            assertThat(actual).hasSize(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                assertThat(actual.get(i)).as("map %d of the batch", i).isEqualTo(expected.get(i));
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    /** @return the entries of {@code raw} that the spec validator accepts, checked in one spec at the end too */
    private static Map<String, String> accepted(Map<String, String> raw) {
        Map<String, String> out = new LinkedHashMap<>();
        Set<String> envNames = new HashSet<>();
        raw.forEach((k, v) -> {
            if (errors(Map.of(k, v)).isEmpty() && envNames.add(Grammar.envName(k))) {
                out.put(k, v);
            } else {
                assertThat(Grammar.propertyKeyProblem(k, false) != null || Grammar.propertyValueProblem(v) != null
                        || envNames.contains(Grammar.envName(k))).as("refused for no reason: %s", k).isTrue();
            }
        });
        assertThat(errors(out)).isEmpty();
        return out;
    }

    private static List<Violation> errors(Map<String, String> config) {
        return BASE.toBuilder().workers(w -> w.config(config)).validate().stream().filter(Violation::isError).toList();
    }

    private static NodeRenderInput input(Map<String, String> config) {
        return new NodeRenderInput("c1", "worker-1", NodeRole.WORKER, "/opt/dolphinscheduler", "/usr/lib/jvm/java-17",
                17, "mysql", "jdbc:mysql://db:3306/dolphinscheduler", "ds", "pw", "zk1:2181", "dolphinscheduler",
                Duration.ofSeconds(30), null, new NodeRenderInput.Heap(1024, 1024, 512), 8192, config, null, "UTC",
                List.of());
    }

    private static List<Map<String, String>> run(List<String> args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(args).redirectErrorStream(false).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try {
                p.getInputStream().transferTo(out);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        reader.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("bash finished").isTrue();
        reader.join();
        assertThat(p.exitValue()).as("bash exit status; stderr: %s", err).isZero();
        assertThat(err).as("bash stderr").isEmpty();
        List<Map<String, String>> envs = new ArrayList<>();
        Map<String, String> env = new HashMap<>();
        for (String entry : new String(out.toByteArray(), StandardCharsets.UTF_8).split("\0")) {
            if (entry.equals("@@END")) {
                envs.add(env);
                env = new HashMap<>();
                continue;
            }
            int eq = entry.indexOf('=');
            String name = entry.substring(0, eq);
            if (!BASH_OWN.contains(name)) {
                env.put(name, entry.substring(eq + 1));
            }
        }
        return envs;
    }

    @Provide
    Arbitrary<List<Map<String, String>>> batches() {
        return Arbitraries.maps(keys(), values()).ofMaxSize(6).list().ofSize(100);
    }

    private static Arbitrary<String> keys() {
        Arbitrary<String> grammatical = Arbitraries.strings().withChars("abcdexyz0129-_.").ofMinLength(0)
                .ofMaxLength(20).map(s -> "worker.a" + s);
        Arbitrary<String> hostile = Arbitraries.strings().withChars("aZ.;$'\"`\\\n %=(){}[]*?|&<>#!~\u00e9\u4e2d")
                .ofMinLength(1).ofMaxLength(12);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, grammatical), net.jqwik.api.Tuple.of(1, hostile),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().all().ofMaxLength(8)));
    }

    private static Arbitrary<String> values() {
        Arbitrary<String> shelly = Arbitraries.strings().withChars("'\"$`\\\n\r\t %{}()!;&|<>*?#~=-_aZ09")
                .ofMaxLength(40);
        Arbitrary<String> unicode = Arbitraries.strings().withCharRange('\u0080', '\uffff').ofMaxLength(12);
        Arbitrary<String> anything = Arbitraries.strings().all().ofMaxLength(20);
        Arbitrary<String> patterns = Arbitraries.of("'", "''", "'\\''", "$(touch /tmp/p)", "`id`", "${HOME}", "\\",
                "a\nexport X=1", "%s%n", "\u00e9t\u00e9 \ud83d\ude00", "\0", "\ud800", "-e", "");
        return Arbitraries.oneOf(shelly, unicode, anything, patterns);
    }
}
