package io.dsec2.internal.create;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.DsCluster;
import io.dsec2.internal.config.SampleSpecs;
import io.dsec2.internal.ds.Ds320ConfigRenderer;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.Secret;
import io.dsec2.spi.ConfigRenderer;
import io.dsec2.spi.RenderRequest;
import io.dsec2.spi.RenderedFile;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the renderer is chosen (builder, ServiceLoader, default) and how its files reach the digests. */
class ConfigRendererWiringTest {
    private static final ClusterSpec SPEC = SampleSpecs.rich();
    private static final NodeFacts FACTS = new NodeFacts("amzn", "/usr/lib/jvm/java-17", 17, 16384);
    private static final ResolvedSecrets SECRETS = ResolvedSecrets.resolve(SPEC,
            s -> s.kind() == Secret.Kind.LITERAL ? s.literalValue() : "value-of-" + s.reference());

    @TempDir
    Path dir;

    /** Adds {@code <server>/conf/extra.properties}; registered for the ServiceLoader in {@link #loader}. */
    public static final class Extra implements ConfigRenderer {
        private final ConfigRenderer defaults = ConfigRenderer.dolphinScheduler320();

        @Override
        public List<RenderedFile> render(RenderRequest request) {
            List<RenderedFile> files = new ArrayList<>(defaults.render(request));
            files.add(RenderedFile.builder().path(request.role().serverDir() + "/conf/extra.properties")
                    .content("node=" + request.nodeId() + "\n").build());
            return files;
        }
    }

    /** Another provider, to make the ServiceLoader's choice ambiguous. */
    public static final class Other implements ConfigRenderer {
        @Override
        public List<RenderedFile> render(RenderRequest request) {
            return List.of();
        }
    }

    private ClassLoader loader(Class<?>... providers) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        StringBuilder names = new StringBuilder();
        for (Class<?> p : providers) {
            names.append(p.getName()).append('\n');
        }
        Files.writeString(services.resolve(ConfigRenderer.class.getName()), names);
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
    }

    @Test
    void theBuildersRendererWinsThenTheOneProviderThenTheDefault() throws IOException {
        Settings settings = new Settings();
        assertThat(Wiring.renderer(settings)).isInstanceOf(Ds320ConfigRenderer.class);
        assertThat(Wiring.renderer(settings, loader(Extra.class))).isInstanceOf(Extra.class);
        ConfigRenderer mine = r -> List.of();
        settings.configRenderer = mine;
        assertThat(Wiring.renderer(settings, loader(Extra.class))).isSameAs(mine);
        assertThat(settings.copy().configRenderer).isSameAs(mine);
    }

    @Test
    void twoProvidersAreRefusedByName() throws IOException {
        ClassLoader two = loader(Extra.class, Other.class);
        assertThatThrownBy(() -> Wiring.renderer(new Settings(), two)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("more than one ConfigRenderer").hasMessageContaining(Extra.class.getName())
                .hasMessageContaining(Other.class.getName()).hasMessageContaining("configRenderer(...)");
    }

    @Test
    void theBuilderTakesARendererAndRefusesNull() {
        assertThatThrownBy(() -> DsCluster.builder().configRenderer(null)).isInstanceOf(NullPointerException.class);
        assertThat(DsCluster.builder().configRenderer(new Extra())).isNotNull();
    }

    @Test
    void aDecoratorsFileIsRenderedAndChangesTheNodeDigest() {
        byte[] key = new byte[32];
        for (PlannedNode node : PlannedNode.of(SPEC)) {
            List<RenderedFile> plain = RunningConfig.render(ConfigRenderer.dolphinScheduler320(), SPEC, node, FACTS,
                    SECRETS);
            List<RenderedFile> decorated = RunningConfig.render(new Extra(), SPEC, node, FACTS, SECRETS);
            assertThat(decorated).startsWith(plain.toArray(RenderedFile[]::new)).hasSize(plain.size() + 1);
            assertThat(decorated.get(plain.size()).path()).isEqualTo(node.role().serverDir() + "/conf/extra.properties");
            assertThat(RunningConfig.nodeDigest(decorated, key)).isNotEqualTo(RunningConfig.nodeDigest(plain, key));
        }
    }

    @Test
    void aRendererThatBreaksTheContractFailsLoudly() {
        PlannedNode node = PlannedNode.of(SPEC).get(0);
        RenderedFile f = RenderedFile.builder().path("a").content("").build();
        assertThatThrownBy(() -> RunningConfig.render(r -> List.of(f, f), SPEC, node, FACTS, SECRETS))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("returned a twice for RenderRequest[");
        assertThatThrownBy(() -> RunningConfig.render(r -> null, SPEC, node, FACTS, SECRETS))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("returned null");
    }

    @Test
    void theRequestCarriesTheNodeItsGroupFactsAndSecrets() {
        PlannedNode worker = PlannedNode.of(SPEC).stream().filter(n -> n.group().name().equals("gpu")).findFirst()
                .orElseThrow();
        RenderRequest r = RunningConfig.request(SPEC, worker, FACTS, SECRETS);
        assertThat(r.nodeId()).isEqualTo(worker.nodeId());
        assertThat(r.group().name()).isEqualTo("gpu");
        assertThat(r.instanceMemoryMib()).isEqualTo(16384);
        assertThat(r.os()).isEqualTo("amzn");
        assertThat(r.databasePassword()).contains("S3cr3t: 'x' #1");
        assertThat(r.s3SecretAccessKey()).isPresent();
        assertThat(r.pythonGatewayToken()).contains("value-of-DS_TOKEN");
    }
}
