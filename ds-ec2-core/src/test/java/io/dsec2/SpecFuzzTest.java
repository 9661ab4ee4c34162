package io.dsec2;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.exception.InvalidClusterSpecException;
import io.dsec2.model.Violation;
import io.dsec2.spi.LoadBalancer;
import io.dsec2.spi.Provisioner;
import io.dsec2.spi.RemoteExecutor;
import io.dsec2.spi.SecretResolver;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Feeds 10,000 generated or mutated specs (from examples/*.yaml, the test fixtures and the README's keys: wrong
 * types, huge numbers, odd unicode, shell metacharacters in every string field, deep nesting, aliases, broken text)
 * through {@link DsCluster#fromYaml(String, String)} and the builder. The only exception allowed is
 * {@link InvalidClusterSpecException}; every finding has a path; no message holds a generated secret; and the SPIs
 * (counting proxies) are never called.
 */
class SpecFuzzTest {
    private static final Path ROOT = Path.of(System.getProperty("ds-ec2.project.root", "..")).toAbsolutePath();
    /** Values for the ${...} of examples/cluster-localcloud.yaml (filled by scripts/demo.sh in real use). */
    private static final Map<String, String> PLACEHOLDERS = Map.of("region", "us-east-1", "awsEndpoint",
            "http://10.77.0.1:5000", "subnetIds", "subnet-a, subnet-b", "keyPairName", "k", "instanceProfile", "p",
            "vpcCidr", "10.77.0.0/16", "dbHost", "10.77.0.1", "dbPort", "3306", "privateKeyFile", "/home/ops/k.pem",
            "zookeeperConnectString", "10.77.0.1:2181");
    private static final List<String> BASES = loadBases();
    private static final List<String> README_KEYS = readmeKeys();
    private static final List<List<String>> SECRET_PATHS = List.of(List.of("database", "password"),
            List.of("storage", "access_key_id"), List.of("storage", "secret_access_key"),
            List.of("service_config", "api", "python_gateway", "auth_token"),
            List.of("service_config", "api", "admin_password"));
    private static final Load LOAD = new Load(LoadSettings.builder().build());
    private static final Dump DUMP = new Dump(DumpSettings.builder().build());
    private final AtomicInteger spiCalls = new AtomicInteger();

    /** A change to a document: what kind, where (a fraction of the candidate places), and the new text or value. */
    record Mutation(Kind kind, double where, Object value) {
    }

    enum Kind { REPLACE_VALUE, ADD_KEY, ALIAS, DEEP, TEXT_INSERT, TEXT_CUT }

    @Property(tries = 10_000, shrinking = ShrinkingMode.OFF)
    void onlyInvalidSpecErrorsWithPathsAndNoSecretOrSpiCall(@ForAll("bases") int base,
            @ForAll("mutations") List<Mutation> mutations, @ForAll("secrets") List<String> secrets,
            @ForAll boolean starPassword) {
        String yaml = render(base, mutations, secrets, starPassword);
        try {
            DsCluster cluster = DsCluster.fromYaml(yaml, "fuzz.yaml");
            DsCluster.builder().spec(cluster.spec()).provisioner(counting(Provisioner.class))
                    .remoteExecutor(counting(RemoteExecutor.class)).loadBalancerService(counting(LoadBalancer.class))
                    .secretResolver(counting(SecretResolver.class)).build();
            Statistics.label("outcome").collect("valid");
        } catch (InvalidClusterSpecException e) {
            Statistics.label("outcome").collect(e.violations().stream().anyMatch(v -> v.path().equals("<yaml>"))
                    ? "not YAML" : "invalid spec");
            assertThat(e.violations()).isNotEmpty();
            for (Violation v : e.violations()) {
                assertThat(v.path()).as("path of %s", v).isNotBlank();
            }
            for (String secret : secrets) {
                assertThat(e.getMessage()).as("message of:\n%s", yaml).doesNotContain(secret);
                assertThat(e.toString()).doesNotContain(secret);
            }
        }
        assertThat(spiCalls.get()).as("SPI calls").isZero();
        // the generators must reach all three outcomes, or the property says little
        Statistics.label("outcome").coverage(c -> {
            c.check("valid").percentage(p -> p > 0.5);
            c.check("invalid spec").percentage(p -> p > 20);
            c.check("not YAML").percentage(p -> p > 5);
        });
    }

    private String render(int base, List<Mutation> mutations, List<String> secrets, boolean starPassword) {
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) LOAD.loadFromString(BASES.get(base));
        for (int i = 0; i < SECRET_PATHS.size(); i++) {
            put(doc, SECRET_PATHS.get(i), secrets.get(i));
        }
        List<Mutation> text = new ArrayList<>();
        for (Mutation m : mutations) {
            if (m.kind() == Kind.TEXT_INSERT || m.kind() == Kind.TEXT_CUT) {
                text.add(m);
            } else {
                apply(doc, m);
            }
        }
        String yaml = DUMP.dumpToString(doc);
        if (starPassword) {
            yaml = yaml.replaceFirst("(?m)^(  password: ).*$", "$1*" + Matcher.quoteReplacement(secrets.get(0)));
        }
        for (Mutation m : text) {
            int at = (int) (m.where() * yaml.length());
            yaml = m.kind() == Kind.TEXT_INSERT ? yaml.substring(0, at) + m.value() + yaml.substring(at)
                    : yaml.substring(0, at) + yaml.substring(Math.min(yaml.length(), at + (Integer) m.value()));
        }
        return yaml;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> doc, List<String> path, Object value) {
        Map<String, Object> m = doc;
        for (String key : path.subList(0, path.size() - 1)) {
            Object next = m.get(key);
            if (!(next instanceof Map)) {
                next = new LinkedHashMap<String, Object>();
                m.put(key, next);
            }
            m = (Map<String, Object>) next;
        }
        m.put(path.get(path.size() - 1), value);
    }

    /** Applies a structural mutation at the place {@code where} picks among all mappings of the document. */
    @SuppressWarnings("unchecked")
    private static void apply(Map<String, Object> doc, Mutation m) {
        List<Map<String, Object>> maps = new ArrayList<>();
        collect(doc, maps, 0);
        Map<String, Object> target = maps.get((int) (m.where() * maps.size()));
        List<String> keys = new ArrayList<>(target.keySet());
        String key = keys.isEmpty() ? "x" : keys.get((int) (m.where() * 7919) % keys.size());
        boolean secret = SECRET_PATHS.stream().anyMatch(p -> p.get(p.size() - 1).equals(key));
        switch (m.kind()) {
            case REPLACE_VALUE:
                if (!secret) {
                    target.put(key, m.value());
                }
                break;
            case ADD_KEY:
                target.put((String) m.value(), README_KEYS.get((int) (m.where() * README_KEYS.size())));
                break;
            case ALIAS:
                Map<String, Object> other = maps.get((int) (m.where() * 31 * maps.size()) % maps.size());
                if (other != target && !secret && !contains(other, target)) {
                    target.put(key, other);
                }
                break;
            default:
                if (!secret) {
                    Object v = m.value();
                    for (int i = 0; i < 70; i++) {
                        Map<String, Object> wrap = new LinkedHashMap<>();
                        wrap.put("k", v);
                        v = i % 2 == 0 ? new ArrayList<>(List.of(v)) : wrap;
                    }
                    target.put(key, v);
                }
        }
    }

    private static boolean contains(Object haystack, Object needle) {
        if (haystack == needle) {
            return true;
        }
        if (haystack instanceof Map<?, ?> map) {
            return map.values().stream().anyMatch(v -> contains(v, needle));
        }
        if (haystack instanceof List<?> list) {
            return list.stream().anyMatch(v -> contains(v, needle));
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static void collect(Object node, List<Map<String, Object>> out, int depth) {
        if (node instanceof Map && depth < 8) {
            out.add((Map<String, Object>) node);
            ((Map<String, Object>) node).values().forEach(v -> collect(v, out, depth + 1));
        } else if (node instanceof List && depth < 8) {
            ((List<Object>) node).forEach(v -> collect(v, out, depth + 1));
        }
    }

    private <T> T counting(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.getName().equals("hashCode") ? System.identityHashCode(proxy)
                        : method.getName().equals("equals") ? proxy == args[0] : type.getSimpleName();
            }
            spiCalls.incrementAndGet();
            throw new AssertionError("unexpected SPI call " + type.getSimpleName() + "." + method.getName());
        }));
    }

    @Provide
    Arbitrary<Integer> bases() {
        return Arbitraries.integers().between(0, BASES.size() - 1);
    }

    @Provide
    Arbitrary<List<String>> secrets() {
        Arbitrary<String> secret = Arbitraries.strings().withChars("aZ9$`'\"\\;&|<>()*%!#\u00e9\u4e2d")
                .ofMinLength(6).ofMaxLength(14).map(s -> "Sx" + s + "Q7");
        return secret.list().ofSize(SECRET_PATHS.size());
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Double> where = Arbitraries.doubles().between(0, 0.999).ofScale(3);
        Arbitrary<Mutation> replace = Combinators.combine(where, values())
                .as((w, v) -> new Mutation(Kind.REPLACE_VALUE, w, v));
        Arbitrary<Mutation> add = Combinators.combine(where, Arbitraries.oneOf(Arbitraries.of(README_KEYS), shelly()))
                .as((w, k) -> new Mutation(Kind.ADD_KEY, w, k));
        Arbitrary<Mutation> alias = where.map(w -> new Mutation(Kind.ALIAS, w, null));
        Arbitrary<Mutation> deep = Combinators.combine(where, values()).as((w, v) -> new Mutation(Kind.DEEP, w, v));
        Arbitrary<Mutation> insert = Combinators.combine(where, Arbitraries.oneOf(shelly(),
                Arbitraries.of("[", "{", "*", "&a ", "!!binary ", "\t", ": ", "- ", "\n  ", "'", "\"", "%TAG ! x\n",
                        "[".repeat(5000), "<<: *a\n"))).as((w, s) -> new Mutation(Kind.TEXT_INSERT, w, s));
        Arbitrary<Mutation> cut = Combinators.combine(where, Arbitraries.integers().between(1, 40))
                .as((w, n) -> new Mutation(Kind.TEXT_CUT, w, n));
        return Arbitraries.frequencyOf(Tuple.of(6, replace), Tuple.of(2, add), Tuple.of(1, alias), Tuple.of(1, deep),
                Tuple.of(2, insert), Tuple.of(1, cut)).list().ofMinSize(1).ofMaxSize(5);
    }

    private static Arbitrary<String> shelly() {
        return Arbitraries.strings().withChars("a-_.;$`'\"\\\n%(){}[]*?|&<>#!~ =\u0000\u200b\u202e\u00e9\ud83d\ude00")
                .ofMinLength(1).ofMaxLength(16);
    }

    private static Arbitrary<Object> values() {
        return Arbitraries.oneOf(shelly().map(s -> (Object) s),
                Arbitraries.of(2_000_000_000, -1, 0, Long.MAX_VALUE, 1e308, "99999999999999999999999", "4096t",
                        "9999999999999999d", "PT9999999999999999H", "/", "/usr", "../..", "", "~/x", true, "G1GC foo",
                        "-XX:+UseG1GC -cp x", "0.0.0.0/0", "::/0", "*", "&", "${x}", "$(id)").map(v -> (Object) v),
                Arbitraries.strings().all().ofMaxLength(12).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.strings().ofMaxLength(5).list().ofMaxSize(3).map(l -> (Object) new ArrayList<>(l)),
                Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(5), shelly()).ofMaxSize(3)
                        .map(m -> (Object) new LinkedHashMap<>(m)));
    }

    private static List<String> loadBases() {
        List<String> out = new ArrayList<>();
        try (var files = Files.list(ROOT.resolve("examples"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                for (Map.Entry<String, String> e : PLACEHOLDERS.entrySet()) {
                    text = text.replace("${" + e.getKey() + "}", e.getValue());
                }
                out.add(text.replaceAll("\\$\\{[A-Za-z]*(Url)}", "https://example.com/x.tgz")
                        .replaceAll("\\$\\{[A-Za-z]*(Sha512)}", "a".repeat(128)).replaceAll("\\$\\{[A-Za-z]*}", "x1"));
            }
            for (String name : List.of("full-seeds.yaml", "minimal.yaml", "bad.yaml")) {
                out.add(Files.readString(ROOT.resolve("ds-ec2-core/src/test/resources/specs/" + name)));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the example specs under " + ROOT, e);
        }
        assertThat(out).hasSizeGreaterThanOrEqualTo(4);
        return out;
    }

    private static List<String> readmeKeys() {
        try {
            List<String> keys = new ArrayList<>();
            Matcher m = Pattern.compile("`([a-z_]+)`").matcher(Files.readString(ROOT.resolve("README.md")));
            while (m.find()) {
                keys.add(m.group(1));
            }
            assertThat(keys).contains("install_path", "admin_cidr", "session_timeout");
            return keys.stream().distinct().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read README.md under " + ROOT, e);
        }
    }
}
