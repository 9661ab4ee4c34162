package io.dsec2;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.exception.InvalidClusterSpecException;
import io.dsec2.internal.spec.yaml.SpecYamlWriter;
import io.dsec2.model.AccessMode;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.Violation;
import org.junit.jupiter.api.Test;

/** {@code deployment.access}: auto by default, direct or ssh when set, anything else an error at its line. */
class DeploymentAccessYamlTest {
    private static String yaml(String access) {
        return String.join("\n",
                "aws: {region: us-east-1, subnets: [subnet-a, subnet-b]}",
                "cluster: {name: c1}",
                "database: {host: db, username: ds, password: {env: PW}}",
                "registry: {connect_string: 'zk:2181'}",
                "deployment:",
                "  parallelism: 4",
                access == null ? "" : "  access: " + access);
    }

    @Test
    void defaultsToAutoAndTakesDirectOrSshInAnyCase() {
        assertThat(DsCluster.fromYaml(yaml(null), "t.yaml").spec().deployment().access()).isEqualTo(AccessMode.AUTO);
        assertThat(DsCluster.fromYaml(yaml("direct"), "t.yaml").spec().deployment().access())
                .isEqualTo(AccessMode.DIRECT);
        assertThat(DsCluster.fromYaml(yaml("SSH"), "t.yaml").spec().deployment().access()).isEqualTo(AccessMode.SSH);
    }

    @Test
    void anUnknownModeIsAnErrorNamingTheFieldAndTheChoices() {
        InvalidClusterSpecException e = DsClusterYamlTest.invalid(yaml("tunnel"));
        Violation v = DsClusterYamlTest.find(e, "deployment.access");
        assertThat(v.isError()).isTrue();
        assertThat(v.line()).isEqualTo(7);
        assertThat(v.message()).contains("'tunnel' is not supported: use auto").contains("direct or ssh");
        assertThat(e.getMessage()).contains("deployment.access (line 7): ERROR");
    }

    @Test
    void theWriterRecordsASetModeAndLeavesAutoOut() {
        ClusterSpec ssh = DsCluster.fromYaml(yaml("ssh"), "t.yaml").spec();
        String written = SpecYamlWriter.write(ssh);
        assertThat(written).contains("  access: ssh");
        assertThat(DsCluster.fromYaml(written, "back.yaml").spec()).isEqualTo(ssh);
        ClusterSpec auto = DsCluster.fromYaml(yaml(null), "t.yaml").spec();
        assertThat(SpecYamlWriter.write(auto)).doesNotContain("access:");
        assertThat(auto).isNotEqualTo(ssh);
        assertThat(ssh.deployment().toString()).contains("access=ssh");
        assertThat(ssh.deployment().copy(d -> d.access(AccessMode.AUTO))).isEqualTo(auto.deployment());
    }
}
