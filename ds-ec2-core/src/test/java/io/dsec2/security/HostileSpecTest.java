package io.dsec2.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.DsCluster;
import io.dsec2.exception.InvalidClusterSpecException;
import io.dsec2.model.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spec text that would reach a shell or a JVM command line unchecked on an unguarded build (issue 10, item 1). */
class HostileSpecTest {
    static final String BASE = String.join("\n",
            "aws: {region: us-east-1, subnets: 'subnet-a, subnet-b'}",
            "cluster: {name: c1, master: {count: 2}}",
            "database: {host: db, username: ds, password: {file: /run/secrets/db}}",
            "registry: {servers: 'zk1:2181,zk2:2181,zk3:2181'}",
            "storage: {bucket: ds-res, access_key_id: {env: K}, secret_access_key: {env: S}}", "");

    static InvalidClusterSpecException invalid(String yaml) {
        try {
            DsCluster.fromYaml(BASE + yaml, "test.yaml");
        } catch (InvalidClusterSpecException e) {
            return e;
        }
        throw new AssertionError("expected InvalidClusterSpecException for:\n" + yaml);
    }

    static Violation at(InvalidClusterSpecException e, String path) {
        return e.violations().stream().filter(v -> v.isError() && v.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no error at " + path + " in " + e.getMessage()));
    }

    @Test
    void aServiceConfigKeyThatWouldRunACommandIsAnErrorAtItsPath() {
        String key = "x;$'\\164\\157\\165\\143\\150' $'\\57\\164\\155\\160\\57\\160\\167\\156';y";
        InvalidClusterSpecException e = invalid("service_config:\n  worker:\n    \"" + key.replace("\\", "\\\\")
                + "\": 1\n");
        // a key is shown up to its first character a name cannot have (it might be a mistyped "password:secret")
        assertThat(at(e, "service_config.worker.x\u2026").message()).contains("is not a DolphinScheduler property name")
                .doesNotContain("\\164");
    }

    @Test
    void ordinaryKeyMistakesAreErrorsNotABrokenFile() {
        InvalidClusterSpecException e = invalid("service_config:\n  master:\n    exec threads: 10\n    a=b: 1\n"
                + "  common:\n    'x y': 1\n");
        at(e, "service_config.master.exec\u2026");
        at(e, "service_config.master.a\u2026");
        at(e, "service_config.common.x\u2026");
    }

    /**
     * A cut that removes {@code password: } (an editor's slip, a bad merge) leaves a plain-looking literal where a key
     * or another field's value stands; with the password missing from its mapping, nothing else in that mapping is
     * echoed (SpecFuzzTest found both shapes).
     */
    @Test
    void aPasswordCutLooseFromItsKeyIsNotEchoedAsAKeyOrAsAnotherFieldsValue() {
        String asKey = "aws: {region: us-east-1, subnets: 'subnet-a, subnet-b'}\ncluster: {name: c1}\n"
                + "registry: {servers: 'zk1:2181'}\ndatabase:\n  host: db\n  username: ds\n  Sx9aZaaQ7: x\n";
        InvalidClusterSpecException key = org.junit.jupiter.api.Assertions.assertThrows(
                InvalidClusterSpecException.class, () -> DsCluster.fromYaml(asKey, "t"));
        assertThat(key.getMessage()).doesNotContain("Sx9aZaaQ7").contains("unknown key '\u2026'")
                .contains("database.password");
        assertThat(key.violations()).allSatisfy(v -> assertThat(v.path()).doesNotContain("Sx9aZaaQ7"));
        String asValue = "aws: {region: us-east-1, subnets: 'subnet-a, subnet-b'}\ncluster: {name: c1}\n"
                + "registry: {servers: 'zk1:2181'}\ndatabase:\n  host: db\n  username: ds\n"
                + "  database: dolphinscheduler Sx9aZaaQ7\n";
        InvalidClusterSpecException value = org.junit.jupiter.api.Assertions.assertThrows(
                InvalidClusterSpecException.class, () -> DsCluster.fromYaml(asValue, "t"));
        assertThat(value.getMessage()).doesNotContain("Sx9aZaaQ7");
        assertThat(at(value, "database.database").message()).contains("not shown");
    }

    @Test
    void aMistypedSecretKeyIsNotEchoed() {
        InvalidClusterSpecException e = invalid("service_config:\n  common: {resource.aws.secret.access.key=Hunter2secret: 1}\n");
        assertThat(e.getMessage()).doesNotContain("Hunter2secret");
        String yaml = HostileSpecTest.BASE.replace("secret_access_key: {env: S}", "secret_access_key:Hunter2secret");
        InvalidClusterSpecException typo = org.junit.jupiter.api.Assertions.assertThrows(
                InvalidClusterSpecException.class, () -> DsCluster.fromYaml(yaml, "t"));
        assertThat(typo.getMessage()).doesNotContain("Hunter2secret").contains("storage.secret_access_key\u2026");
    }

    @Test
    void keysThatBecomeLoaderShellOrJvmVariablesAreRefused() {
        InvalidClusterSpecException e = invalid("service_config:\n  worker:\n    ld.preload: /tmp/x.so\n"
                + "    java.tool.options: -javaagent:/tmp/a.jar\n  common:\n    bash.env: /tmp/x\n");
        assertThat(at(e, "service_config.worker.ld.preload").message()).contains("LD_PRELOAD");
        at(e, "service_config.worker.java.tool.options");
        at(e, "service_config.common.bash.env");
    }

    @Test
    void aBuilderGetsTheSameKeyChecksAtItsPath() {
        assertThatThrownBy(() -> DsCluster.fromYaml(BASE, "t").spec().toBuilder()
                .workers(w -> w.config(java.util.Map.of("worker.a;touch /tmp/p", "1", "worker.ok", "a\u0000b")))
                .build()).isInstanceOfSatisfying(InvalidClusterSpecException.class, e -> {
                    assertThat(e.violations()).extracting(Violation::path).contains(
                            "service_config.worker.worker.a\u2026", "service_config.worker.worker.ok");
                });
    }

    @Test
    void systemDirectoriesAndUnnormalizedPathsAreRefused() {
        for (String p : List.of("/", "/usr", "/etc", "/bin", "/opt", "/var")) {
            assertThat(at(invalid("deployment: {install_path: '" + p + "'}\n"), "deployment.install_path").message())
                    .contains("system directory");
        }
        at(invalid("deployment: {install_path: /opt/ds/../..}\n"), "deployment.install_path");
        at(invalid("deployment: {install_path: '/opt/ds/'}\n"), "deployment.install_path");
        at(invalid("deployment: {install_path: \"/opt/ds\\nx\"}\n"), "deployment.install_path");
        at(invalid("deployment: {java_home: '/usr/lib/jvm/j 17'}\n"), "deployment.java_home");
        at(invalid("deployment: {java_home: '/'}\n"), "deployment.java_home");
        at(invalid("deployment: {ssh_key_file: 'keys/ops.pem'}\n"), "deployment.ssh_key_file");
        at(invalid("deployment: {ssh_key_file: \"/home/ops/.ssh/a\\tb\"}\n"), "deployment.ssh_key_file");
    }

    @Test
    void aHeapAboveTheLimitIsAnErrorNotZero() {
        assertThat(at(invalid("jvm:\n  worker: {heap: 4096t}\n"), "jvm.worker.heap").message()).contains("4t");
        at(invalid("jvm:\n  worker: {xmx: 5t}\n"), "jvm.worker.xmx");
        assertThat(at(invalid("jvm:\n  worker: {heap: 2t}\n"), "jvm.worker.xmx").message()).contains("2097152 MiB");
    }

    @Test
    void jvmOptionsAreTokenizedAndEachTokenChecked() {
        at(invalid("jvm:\n  worker: {gc: G1GC foo}\n"), "jvm.worker.gc");
        at(invalid("jvm:\n  worker: {extra_opts: '-Xss1m foo'}\n"), "jvm.worker.extra_opts");
        at(invalid("jvm:\n  worker: {extra_opts: '-cp -x'}\n"), "jvm.worker.extra_opts");
        at(invalid("jvm:\n  worker: {extra_opts: ['-Dx=$(touch /tmp/p)']}\n"), "jvm.worker.extra_opts");
        at(invalid("jvm:\n  worker: {extra_opts: ['-Dx=*']}\n"), "jvm.worker.extra_opts");
        assertThat(DsCluster.fromYaml(BASE + "jvm:\n  worker: {gc: ZGC, extra_opts: '-Xss1m -Dx=b'}\n", "t")
                .spec().workerGroups().get(0).jvm().extraOptions()).isNotEmpty();
    }
}
