package io.dsec2.security;

import static io.dsec2.security.HostileSpecTest.BASE;
import static io.dsec2.security.HostileSpecTest.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.DsCluster;
import io.dsec2.exception.InvalidClusterSpecException;
import io.dsec2.model.Violation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Input sizes that made an unguarded build die with an Error or an unchecked exception (issue 10, item 7). */
class BoundedInputTest {

    /** @return the error of the base spec with its top-level section {@code yaml} replaced */
    static InvalidClusterSpecException invalid(String yaml) {
        String section = yaml.substring(0, yaml.indexOf(':') + 1);
        StringBuilder sb = new StringBuilder();
        boolean replaced = false;
        for (String line : BASE.split("\n")) {
            if (line.startsWith(section)) {
                sb.append(yaml);
                replaced = true;
            } else {
                sb.append(line).append('\n');
            }
        }
        try {
            DsCluster.fromYaml(replaced ? sb.toString() : BASE + yaml, "test.yaml");
        } catch (InvalidClusterSpecException e) {
            return e;
        }
        throw new AssertionError("expected InvalidClusterSpecException for:\n" + yaml);
    }

    @Test
    void aHugeNodeCountIsAnErrorAtItsPathNotAnOutOfMemoryError() {
        assertThat(at(invalid("cluster: {name: c1, master: {count: 2}, worker: {count: 2000000000}}\n"),
                "cluster.worker.count").message()).contains("at most 1000");
        assertThat(at(invalid("cluster: {name: c1, master: {count: 2}, worker: {count: 99999999999}}\n"),
                "cluster.worker.count").message()).contains("out of range");
        assertThat(at(invalid("cluster: {name: c1, master: {count: 600}, worker: {count: 600}}\n"), "cluster")
                .message()).contains("at most 1000 nodes");
        assertThatThrownBy(() -> DsCluster.fromYaml(BASE, "t").spec().toBuilder().workers(2_000_000_000).build())
                .isInstanceOfSatisfying(InvalidClusterSpecException.class, e ->
                        assertThat(e.violations()).extracting(Violation::path).contains("cluster.worker.count"));
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflowError() {
        Violation v = at(invalid("service_config:\n  common: " + "[".repeat(5000) + "\n"), "<yaml>");
        assertThat(v.message()).contains("nested more than 64");
        at(invalid("service_config:\n  common: " + "{a: ".repeat(5000) + "\n"), "<yaml>");
    }

    @Test
    void anOversizedDocumentIsRefusedBeforeParsing() {
        assertThat(at(invalid("# " + "x".repeat(1024 * 1024) + "\n"), "<yaml>").message()).contains("1 MiB");
    }

    @Test
    void hugeDurationsAreErrorsAtTheirPathNotArithmeticExceptions() {
        for (String d : new String[] {"9999999999999999d", "PT9999999999999999H", "99999999999999999999999s", "400d"}) {
            assertThat(at(invalid("registry: {servers: 'zk1:2181,zk2:2181,zk3:2181', session_timeout: " + d + "}\n"),
                    "registry.session_timeout").message()).as(d).contains("limit");
        }
        at(invalid("registry: {servers: 'zk1:2181,zk2:2181,zk3:2181', block_until_connected: 30d}\n"),
                "registry.block_until_connected");
        assertThatThrownBy(() -> DsCluster.fromYaml(BASE, "t").spec().toBuilder()
                .registry(r -> r.sessionTimeout(Duration.ofSeconds(Long.MAX_VALUE))).build())
                .isInstanceOfSatisfying(InvalidClusterSpecException.class, e ->
                        assertThat(e.violations()).extracting(Violation::path).contains("registry.session_timeout"));
    }

    @Test
    void oddTextIsASpecErrorNotAParserCrash() {
        // found by SpecFuzzTest: SnakeYAML's reader failed with IndexOutOfBoundsException on such input
        for (String odd : new String[] {"\ud800", "x".repeat(1023) + "\ud83d", "# " + "y".repeat(1500) + "\udc00\n"}) {
            assertThat(at(invalid("database: {host: db, username: ds, password: {file: /x}}\n# " + odd + "\n"),
                    "<yaml>").message()).contains("surrogate");
        }
    }

    @Test
    void aBrokenStructureThatPutsAPasswordIntoAnotherFieldDoesNotEchoIt() {
        // found by SpecFuzzTest: an unclosed quote made the following lines part of aws.subnets, whose errors quote
        // values
        String yaml = "aws:\n  region: us-east-1\n  subnets: 'subnet-a, subnet-b\ndatabase:\n  host: db\n"
                + "  username: ds\n  password: Hunter2-$ecret, x'\n";
        InvalidClusterSpecException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidClusterSpecException.class,
                () -> DsCluster.fromYaml(yaml, "t"));
        assertThat(e.getMessage()).doesNotContain("Hunter2");
    }

    @Test
    void problemsOfTheDocumentItselfHaveAPath() {
        // found by SpecFuzzTest: these were reported with an empty path
        for (String yaml : new String[] {"[a, b]\n", "? [a]\n: 1\n", "just text\n"}) {
            InvalidClusterSpecException e = org.junit.jupiter.api.Assertions.assertThrows(
                    InvalidClusterSpecException.class, () -> DsCluster.fromYaml(yaml, "t"));
            assertThat(e.violations()).allSatisfy(v -> assertThat(v.path()).isNotBlank());
        }
    }

    @Test
    void aPasswordBeginningWithAStarIsNeverEchoed() {
        InvalidClusterSpecException e = invalid("database: {host: db, username: ds, password: *Hunter2-secret}\n");
        assertThat(e.getMessage()).doesNotContain("Hunter2").contains("undefined alias");
        InvalidClusterSpecException quoted = invalid("database:\n  host: db\n  username: ds\n  password: \"Hunter2-\\q\"\n");
        assertThat(quoted.getMessage()).doesNotContain("Hunter2");
    }
}
