package io.dsec2.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.internal.config.SampleSpecs;
import io.dsec2.internal.ds.Ds320ConfigRenderer;
import io.dsec2.internal.ds.RenderInputs;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.NodeRole;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The public renderer SPI: the default, a decorator around it, and the value types' rules. */
class ConfigRendererTest {
    private static final ClusterSpec SPEC = SampleSpecs.rich();

    static RenderRequest request(NodeRole role) {
        return RenderRequest.builder().spec(SPEC).nodeId(role.id() + "-1").role(role)
                .group(SPEC.nodeGroups().stream().filter(g -> g.role() == role).findFirst().orElseThrow())
                .javaHome("/usr/lib/jvm/java-17").javaMajor(17).instanceMemoryMib(16384).os("amzn 2023")
                .databasePassword("db-pw").s3AccessKeyId("AKIA1").s3SecretAccessKey("s3-secret")
                .pythonGatewayToken("gw-token").build();
    }

    @Test
    void theDefaultRendersTheDolphinScheduler320Files() {
        ConfigRenderer renderer = ConfigRenderer.dolphinScheduler320();
        List<RenderedFile> files = renderer.render(request(NodeRole.API));
        assertThat(files).extracting(RenderedFile::path).containsExactly("bin/env/dolphinscheduler_env.sh",
                ".ds-ec2/secrets.env", "api-server/bin/jvm_args_env.sh");
        assertThat(files).extracting(RenderedFile::mode).containsExactly(0644, 0600, 0644);
        assertThat(files).extracting(RenderedFile::secret).containsExactly(false, true, false);
        assertThat(files.get(1).content()).contains("db-pw", "s3-secret", "gw-token");
        assertThat(files.get(0).content()).doesNotContain("db-pw", "s3-secret", "gw-token")
                .contains("export SUDO_ENABLE='true'", "export API_AUDIT_ENABLE='on'");
        // the same as the internal renderer given the same input, and deterministic
        assertThat(files).isEqualTo(Ds320ConfigRenderer.create().render(RenderInputs.of(request(NodeRole.API))))
                .isEqualTo(renderer.render(request(NodeRole.API)));
    }

    @Test
    void aDecoratorAddsAFileAndChangesAnother() {
        ConfigRenderer defaults = ConfigRenderer.dolphinScheduler320();
        ConfigRenderer decorated = r -> {
            List<RenderedFile> files = new ArrayList<>();
            for (RenderedFile f : defaults.render(r)) {
                files.add(f.path().endsWith("jvm_args_env.sh") ? f.copy(b -> b.content(f.content() + "-Dteam=data\n")) : f);
            }
            files.add(RenderedFile.builder().path(r.role().serverDir() + "/conf/platform.properties")
                    .content("platform.team=" + r.spec().commonProperties().getOrDefault("sudo.enable", "?") + "\n")
                    .build());
            return files;
        };
        List<RenderedFile> files = decorated.render(request(NodeRole.WORKER));
        assertThat(files).hasSize(4);
        assertThat(files.get(2).content()).endsWith("-Dteam=data\n");
        assertThat(files.get(3)).isEqualTo(RenderedFile.builder().path("worker-server/conf/platform.properties")
                .content("platform.team=true\n").mode(0644).build());
    }

    @Test
    void secretsStayOutOfToString() {
        RenderRequest request = request(NodeRole.API);
        assertThat(request.toString()).isEqualTo("RenderRequest[analytics/api-1 api, group api]")
                .doesNotContain("db-pw", "s3-secret", "gw-token", "AKIA1");
        RenderedFile secrets = ConfigRenderer.dolphinScheduler320().render(request).get(1);
        assertThat(secrets.toString()).isEqualTo("RenderedFile[.ds-ec2/secrets.env, mode 600, secret content]");
        assertThat(request.copy(b -> b.databasePassword("other"))).isNotEqualTo(request);
        assertThat(request.toBuilder().build()).isEqualTo(request).hasSameHashCodeAs(request);
        assertThat(request.databasePassword()).contains("db-pw");
        assertThat(request.copy(b -> b.pythonGatewayToken(null)).pythonGatewayToken()).isEmpty();
    }

    @Test
    void theValueTypesCheckTheirInput() {
        for (String bad : List.of("", " ", "/etc/passwd", "conf/", "a//b", "../x", "a/./b", "a/../../b", "a\nb")) {
            assertThatThrownBy(() -> RenderedFile.builder().path(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> RenderedFile.builder().mode(01000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RenderedFile.builder().mode(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RenderedFile.builder().path("a").build()).isInstanceOf(NullPointerException.class)
                .hasMessage("content must not be null");
        assertThat(RenderedFile.builder().path(".ds-ec2/x").content("").build().mode()).isEqualTo(0644);
        assertThatThrownBy(() -> request(NodeRole.API).copy(b -> b.role(NodeRole.MASTER)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is a api group");
        assertThatThrownBy(() -> RenderRequest.builder().javaMajor(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RenderRequest.builder().spec(SPEC).build()).isInstanceOf(NullPointerException.class)
                .hasMessage("nodeId must not be null");
    }
}
