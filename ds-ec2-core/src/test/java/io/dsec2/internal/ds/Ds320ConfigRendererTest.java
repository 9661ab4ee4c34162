package io.dsec2.internal.ds;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.model.NodeRole;
import io.dsec2.spi.RenderedFile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Ds320ConfigRendererTest {
    private static final String PASSWORD = "pa'ss$word";
    private final Ds320ConfigRenderer renderer = Ds320ConfigRenderer.create();

    private static NodeRenderInput input(NodeRole role, String gatewayToken) {
        return new NodeRenderInput("analytics", role.id() + "-1", role, "/opt/dolphinscheduler",
                "/usr/lib/jvm/java-17", 17, "mysql", "jdbc:mysql://db:3306/dolphinscheduler?useSSL=false", "ds", PASSWORD,
                "10.0.0.1:2181", "dolphinscheduler", Duration.ofSeconds(30),
                new NodeRenderInput.Storage("bucket", "us-east-1", "", "/dolphinscheduler", "AKIA1", "s3-secret"),
                new NodeRenderInput.Heap(2048, 2048, 1024), 16384, Map.of("worker.exec-threads", "32"), gatewayToken, "UTC",
                List.of("-XX:+UseG1GC"));
    }

    @Test
    void envFileHoldsSettingsButNoSecretAndSourcesTheSecretsFile() {
        RenderedFile env = renderer.render(input(NodeRole.MASTER, null)).get(0);
        assertThat(env.path()).isEqualTo("bin/env/dolphinscheduler_env.sh");
        assertThat(env.content())
                .contains("export JAVA_HOME='/usr/lib/jvm/java-17'")
                .contains("export DATABASE='mysql'", "export SPRING_PROFILES_ACTIVE='mysql'")
                .contains("export SPRING_DATASOURCE_URL='jdbc:mysql://db:3306/dolphinscheduler?useSSL=false'")
                .contains("export REGISTRY_ZOOKEEPER_CONNECT_STRING='10.0.0.1:2181'")
                .contains("export REGISTRY_ZOOKEEPER_BLOCK_UNTIL_CONNECTED='30000ms'")
                .contains("export MASTER_RESERVED_MEMORY='0.06'")
                .contains("export WORKER_EXEC_THREADS='32'")
                .contains("export RESOURCE_AWS_S3_ENDPOINT=''")
                .contains(". '/opt/dolphinscheduler/.ds-ec2/secrets.env'")
                .doesNotContain(PASSWORD).doesNotContain("s3-secret");
        assertThat(env.secret()).isFalse();
    }

    @Test
    void secretsFileIs0600AndQuotesTheValue() {
        RenderedFile secrets = renderer.render(input(NodeRole.API, "tok")).get(1);
        assertThat(secrets.mode()).isEqualTo(0600);
        assertThat(secrets.secret()).isTrue();
        assertThat(secrets.content()).contains("export SPRING_DATASOURCE_PASSWORD='pa'\\''ss$word'")
                .contains("export API_PYTHON_GATEWAY_AUTH_TOKEN='tok'");
        assertThat(secrets.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void workersGetNoDatasourceAndNoPassword() {
        List<RenderedFile> files = renderer.render(input(NodeRole.WORKER, null));
        assertThat(files.get(0).content()).doesNotContain("SPRING_DATASOURCE_URL").contains("WORKER_RESERVED_MEMORY");
        assertThat(files.get(1).content()).doesNotContain(PASSWORD).contains("RESOURCE_AWS_SECRET_ACCESS_KEY");
    }

    @Test
    void apiPythonGatewayIsOffWithoutAToken() {
        assertThat(renderer.render(input(NodeRole.API, null)).get(0).content())
                .contains("export API_PYTHON_GATEWAY_ENABLED='false'");
        assertThat(renderer.render(input(NodeRole.API, "t")).get(0).content())
                .contains("export API_PYTHON_GATEWAY_ENABLED='true'");
    }

    @Test
    void jvmArgsCarryHeapRealTimeZoneAndAddOpensOnJava17() {
        RenderedFile jvm = renderer.render(input(NodeRole.WORKER, null)).get(2);
        assertThat(jvm.path()).isEqualTo("worker-server/bin/jvm_args_env.sh");
        assertThat(jvm.content()).contains("-Xms2048m\n-Xmx2048m\n-Xmn1024m\n")
                .contains("-Duser.timezone=UTC").doesNotContain("${SPRING_JACKSON_TIME_ZONE}")
                .contains("--add-opens java.base/java.lang=ALL-UNNAMED\n-XX:+UseG1GC\n");
    }

    @Test
    void renderingIsDeterministic() {
        assertThat(renderer.render(input(NodeRole.MASTER, null)).get(0))
                .isEqualTo(renderer.render(input(NodeRole.MASTER, null)).get(0));
    }

    @Test
    void reservedMemoryKeepsOneGibFreeWithinBounds() {
        assertThat(Ds320ConfigRenderer.reservedMemory(16384)).isEqualTo("0.06");
        assertThat(Ds320ConfigRenderer.reservedMemory(2048)).isEqualTo("0.30");
        assertThat(Ds320ConfigRenderer.reservedMemory(262144)).isEqualTo("0.01");
        assertThat(Ds320ConfigRenderer.reservedMemory(0)).isEqualTo("0.3");
    }

    @Test
    void patchesPropertiesInPlaceAndAppendsMissingKeys() {
        String original = "# c\ndata.basedir.path=/tmp/dolphinscheduler\nresource.storage.type=LOCAL\n";
        String patched = Ds320ConfigRenderer.patchProperties(original,
                Map.of("resource.storage.type", "S3", "resource.aws.s3.bucket.name", "b"));
        assertThat(patched).isEqualTo("# c\ndata.basedir.path=/tmp/dolphinscheduler\nresource.storage.type=S3\n"
                + "# set by ds-ec2\nresource.aws.s3.bucket.name=b\n");
    }
}
