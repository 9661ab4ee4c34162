package io.dsec2.internal.spec.yaml;

import io.dsec2.exception.InvalidClusterSpecException;
import io.dsec2.internal.spec.SpecValidator;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.Violation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads the {@code config.yaml} shape documented in package {@code io.dsec2} into a {@link ClusterSpec}, with the
 * line of every value,
 * so that each violation (reading or validation) names its path and line. Stateless and thread-safe.
 */
public final class YamlSpecReader {
    private static final Logger LOG = LoggerFactory.getLogger(YamlSpecReader.class);
    /** Largest document accepted, in characters. */
    static final int MAX_DOCUMENT_CHARS = 1024 * 1024;
    /** Deepest nesting of mappings and lists accepted. */
    static final int MAX_DEPTH = 64;
    /** Most aliases to mappings and lists in one document. */
    static final int MAX_ALIASES = 50;
    static final Set<String> TOP = Set.of("aws", "cluster", "database", "registry", "storage", "deployment",
            "service_config", "jvm");

    private YamlSpecReader() {
    }

    /**
     * @param file a YAML file
     * @return the valid spec
     * @throws InvalidClusterSpecException listing every problem, or naming the file if it cannot be read
     */
    public static ClusterSpec read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            InvalidClusterSpecException ex = new InvalidClusterSpecException(file.toString(), List.of(
                    Violation.error("<file>", "cannot read " + file + ": " + e.getClass().getSimpleName()
                            + " (check the path and permissions)")));
            ex.initCause(e);
            throw ex;
        }
        return read(text, file.toString());
    }

    /**
     * @param yaml YAML text
     * @param source a name for messages
     * @return the valid spec
     * @throws InvalidClusterSpecException listing every problem with its path and line
     */
    public static ClusterSpec read(String yaml, String source) {
        return read(yaml, source, new YamlContext());
    }

    /** Reads with a given context (one that may resolve recorded, redacted secrets). */
    static ClusterSpec read(String yaml, String source, YamlContext ctx) {
        Optional<Node> root = compose(yaml, source, ctx);
        ClusterSpec.Builder builder = ClusterSpec.builder();
        root.flatMap(n -> YMap.of(ctx, "", n, TOP)).ifPresent(top -> apply(top, builder));
        if (root.isPresent() && ctx.violations().stream().noneMatch(v -> v.path().equals("<yaml>"))) {
            List<Violation> all = new ArrayList<>(ctx.violations());
            builder.validate().forEach(v -> all.add(ctx.locate(v)));
            SpecValidator.throwIfErrors(source, LooseSecrets.hide(all));
            all.stream().filter(v -> !v.isError()).forEach(v -> LOG.warn("{}: {}", source, v));
            return builder.build();
        }
        SpecValidator.throwIfErrors(source, LooseSecrets.hide(ctx.violations()));
        throw new InvalidClusterSpecException(source, List.of(Violation.error("<yaml>", "the document is empty:"
                + " give at least the sections aws, cluster, database and registry")));
    }

    private static Optional<Node> compose(String yaml, String source, YamlContext ctx) {
        if (yaml.length() > MAX_DOCUMENT_CHARS) {
            ctx.violations().add(Violation.error("<yaml>", "the document has " + yaml.length() + " characters; at most "
                    + MAX_DOCUMENT_CHARS + " (1 MiB) are accepted"));
            return Optional.empty();
        }
        if (io.dsec2.internal.spec.Grammar.unpairedSurrogate(yaml)) {
            ctx.violations().add(Violation.error("<yaml>", "the document contains an unpaired UTF-16 surrogate, which"
                    + " is no Unicode character"));
            return Optional.empty();
        }
        LoadSettings settings = LoadSettings.builder().setLabel(source).setAllowDuplicateKeys(true)
                .setMaxAliasesForCollections(MAX_ALIASES).setCodePointLimit(MAX_DOCUMENT_CHARS * 4).build();
        try {
            int depth = 0;
            for (Event e : new Parse(settings).parseString(yaml)) {
                if (e instanceof CollectionStartEvent) {
                    if (++depth > MAX_DEPTH) {
                        int line = e.getStartMark().map(m -> m.getLine() + 1).orElse(-1);
                        ctx.violations().add(Violation.error("<yaml>", "is nested more than " + MAX_DEPTH
                                + " levels deep").atLine(line));
                        return Optional.empty();
                    }
                } else if (e instanceof CollectionEndEvent) {
                    depth--;
                }
            }
            return new Compose(settings).composeString(yaml);
        } catch (MarkedYamlEngineException e) {
            // getMessage() quotes the offending text, which may be a secret: report the problem and line only.
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(-1);
            ctx.violations().add(Violation.error("<yaml>", "not valid YAML: " + problem(e.getProblem())).atLine(line));
        } catch (IndexOutOfBoundsException | IllegalArgumentException | IllegalStateException e) {
            // a SnakeYAML defect on odd input (seen: a read past its buffer): still a spec error, never a crash
            ctx.violations().add(Violation.error("<yaml>", "not valid YAML (the parser failed with "
                    + e.getClass().getSimpleName() + ")"));
        } catch (YamlEngineException e) {
            ctx.violations().add(Violation.error("<yaml>", "not valid YAML"
                    + (e.getMessage() != null && e.getMessage().startsWith("Number of aliases")
                    ? ": more than " + MAX_ALIASES + " aliases" : "")));
        }
        return Optional.empty();
    }

    /**
     * @param problem a SnakeYAML problem text
     * @return it without what it quotes from the document (an alias name or a quoted fragment may be a literal
     *     secret such as a password beginning with '*')
     */
    static String problem(String problem) {
        if (problem == null) {
            return "syntax error";
        }
        if (problem.startsWith("found undefined alias")) {
            return "found an undefined alias (a plain value cannot begin with '*': quote it)";
        }
        return problem.replaceAll("'[^']{4,}'|\"[^\"]{4,}\"", "'...'");
    }

    private static void apply(YMap top, ClusterSpec.Builder b) {
        top.map("aws", YamlSections.AWS).ifPresent(m -> YamlSections.aws(m, b));
        top.map("cluster", YamlCluster.CLUSTER).ifPresent(m -> YamlCluster.cluster(m, b));
        top.map("database", YamlSections.DATABASE).ifPresent(m -> YamlSections.database(m, b));
        top.map("registry", YamlSections.REGISTRY).ifPresent(m -> YamlSections.registry(m, b));
        top.map("storage", YamlSections.STORAGE).ifPresent(m -> YamlSections.storage(m, b));
        top.map("deployment", YamlSections.DEPLOYMENT).ifPresent(m -> YamlSections.deployment(m, b));
        top.map("service_config", YamlCluster.SERVICE_CONFIG).ifPresent(m -> YamlCluster.serviceConfig(m, b));
        top.map("jvm", YamlCluster.ROLES).ifPresent(m -> YamlCluster.jvm(m, b));
    }
}
