package io.dsec2.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.exception.InvalidClusterSpecException;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.JvmSpec;
import io.dsec2.model.NodeGroupSpec;
import io.dsec2.model.NodeRole;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** update-jvm and update-service: base spec + options -> desired spec. */
class ConfigSpecEditsTest {
    static final ClusterSpec BASE = ConfigTablesTest.SPEC.copy(b -> b
            .workers(w -> w.jvm(j -> j.extraOptions("-XX:+UseG1GC", "-Dfoo=1")))
            .addWorkerGroup(NodeGroupSpec.builder(NodeRole.WORKER).name("gpu").count(1).instanceType("g5.xlarge")
                    .build()));

    @Test
    void sizesReadAsTheYamlReaderReadsThem() {
        assertThat(SpecEdits.mib("1g")).isEqualTo(1024);
        assertThat(SpecEdits.mib("512m")).isEqualTo(512);
        assertThat(SpecEdits.mib("1.5g")).isEqualTo(1536);
        assertThat(SpecEdits.mib("2048")).isEqualTo(2048);
        assertThat(SpecEdits.mib("2GiB")).isEqualTo(2048);
        assertThatThrownBy(() -> SpecEdits.mib("big")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("512m");
        assertThatThrownBy(() -> SpecEdits.mib("0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jvmChangesApplyToEveryWorkerGroupAndNothingElse() {
        ClusterSpec d = SpecEdits.withJvm(BASE, NodeRole.WORKER, null,
                new SpecEdits.JvmEdit(1024, 2048, 512, List.of("-XX:MaxGCPauseMillis=200"), false));
        for (NodeGroupSpec g : d.workerGroups()) {
            assertThat(g.jvm().xmsMib()).isEqualTo(1024);
            assertThat(g.jvm().xmxMib()).isEqualTo(2048);
            assertThat(g.jvm().xmnMib()).isEqualTo(512);
        }
        assertThat(d.workerGroups().get(0).jvm().extraOptions())
                .containsExactly("-XX:+UseG1GC", "-Dfoo=1", "-XX:MaxGCPauseMillis=200");
        assertThat(d.workerGroups().get(1).jvm().extraOptions()).containsExactly("-XX:MaxGCPauseMillis=200");
        assertThat(d.masters()).isEqualTo(BASE.masters());
        assertThat(d.apis()).isEqualTo(BASE.apis());
        assertThat(d.alerts()).isEqualTo(BASE.alerts());
        assertThat(d.copy(b -> b.workerGroups(BASE.workerGroups()))).isEqualTo(BASE);
    }

    @Test
    void unsetSizesStayAndAGroupCanBeChosen() {
        ClusterSpec d = SpecEdits.withJvm(BASE, NodeRole.WORKER, "gpu",
                new SpecEdits.JvmEdit(null, 6144, null, List.of(), false));
        assertThat(d.workerGroups().get(0)).isEqualTo(BASE.workerGroups().get(0));
        JvmSpec gpu = d.workerGroups().get(1).jvm();
        assertThat(gpu.xmxMib()).isEqualTo(6144);
        assertThat(gpu.xmsMib()).isEqualTo(BASE.workerGroups().get(1).jvm().xmsMib());
        assertThatThrownBy(() -> SpecEdits.withJvm(BASE, NodeRole.WORKER, "cpu",
                new SpecEdits.JvmEdit(null, 6144, null, List.of(), false)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cpu").hasMessageContaining("gpu");
        assertThatThrownBy(() -> SpecEdits.withJvm(BASE, NodeRole.MASTER, "gpu",
                new SpecEdits.JvmEdit(null, 6144, null, List.of(), false)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("master");
    }

    @Test
    void aJvmOptionReplacesOneOfTheSameName() {
        assertThat(SpecEdits.mergeOptions(List.of("-XX:+UseG1GC", "-Dfoo=1", "-Xss512k"),
                List.of("-XX:-UseG1GC", "-Dfoo=2", "-Xss1m", "-Dbar")))
                .containsExactly("-XX:-UseG1GC", "-Dfoo=2", "-Xss1m", "-Dbar");
        ClusterSpec d = SpecEdits.withJvm(BASE, NodeRole.WORKER, null,
                new SpecEdits.JvmEdit(null, null, null, List.of("-Dfoo=9"), true));
        assertThat(d.workerGroups().get(0).jvm().extraOptions()).containsExactly("-Dfoo=9");
    }

    @Test
    void anImpossibleHeapIsAnInvalidSpec() {
        assertThatThrownBy(() -> SpecEdits.withJvm(BASE, NodeRole.MASTER, null,
                new SpecEdits.JvmEdit(1024, 1024, 4096, List.of(), false)))
                .isInstanceOf(InvalidClusterSpecException.class);
    }

    @Test
    void literalSecretsComeFromTheFileReferencesStayAsRecorded() {
        ClusterSpec recorded = BASE.copy(b -> b.database(BASE.database().copy(d -> d.password(
                io.dsec2.model.Secret.literal("stand-in for a recorded hash")))));
        ClusterSpec file = BASE.copy(b -> b.database(BASE.database().copy(d -> d.password(
                io.dsec2.model.Secret.literal("rotated")))).storage(BASE.storage().get().copy(st -> st.accessKeyId(
                io.dsec2.model.Secret.fromSsmParameter("/elsewhere")))));
        ClusterSpec merged = SpecEdits.withLiteralSecretsFrom(recorded, file);
        assertThat(merged.database().password().get().literalValue()).isEqualTo("rotated");
        assertThat(merged.storage().get().accessKeyId()).isEqualTo(BASE.storage().get().accessKeyId());
        assertThat(merged.copy(b -> b.database(BASE.database()))).isEqualTo(BASE);
        assertThat(SpecEdits.withLiteralSecretsFrom(BASE, file)).isEqualTo(BASE);
    }

    @Test
    void serviceParamsSetConfigKeysOfTheRole() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("master.exec-threads", "200");
        params.put("dispatch_task_number", "5");
        ClusterSpec d = SpecEdits.withConfig(BASE, NodeRole.MASTER, null, params);
        assertThat(d.masters().config()).containsEntry("master.exec-threads", "200")
                .containsEntry("master.dispatch-task-number", "5");
        assertThat(d.workerGroups()).isEqualTo(BASE.workerGroups());
        assertThat(d.apis()).isEqualTo(BASE.apis());
    }

    @Test
    void workerParamsGoToEveryWorkerGroupKeepingOtherKeys() {
        ClusterSpec d = SpecEdits.withConfig(BASE, NodeRole.WORKER, null, Map.of("exec_threads", "64"));
        assertThat(BASE.workerGroups().get(0).config()).containsEntry("worker.exec-threads", "32");
        assertThat(d.workerGroups()).allSatisfy(g -> assertThat(g.config()).containsEntry("worker.exec-threads", "64"));
        assertThat(SpecEdits.configKey(NodeRole.API, "python-gateway.enabled")).isEqualTo("python-gateway.enabled");
    }
}
