package io.dsec2.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a program: plain lines for people, library logs only with --verbose or --log-file. */
public class CliOutputTest {
    static final Pattern LOGGER_LINE = Pattern.compile("\\[[\\w .-]+\\] (TRACE|DEBUG|INFO|WARN|ERROR) [\\w.$]+ - ");
    static final Pattern ANSI = Pattern.compile("\u001b\\[");

    /** The sample spec without its storage section, which the spec rules warn about. */
    static Path specWithAWarning(Path tmp) throws Exception {
        String yaml = Files.readString(DsEc2CliTest.SAMPLE);
        String noStorage = yaml.replaceAll("(?ms)^storage:\\n(  .*?\\n)+", "");
        assertThat(noStorage).doesNotContain("storage:");
        Path f = tmp.resolve("cluster.yaml");
        Files.writeString(f, noStorage);
        return f;
    }

    public static void assertPlain(String text) {
        assertThat(LOGGER_LINE.matcher(text).find()).as("a logger line in:%n%s", text).isFalse();
        assertThat(text).doesNotContain("io.dsec2.internal", "net.schmizz", "org.apache.zookeeper", "\tat ");
        assertThat(ANSI.matcher(text).find()).as("ANSI codes in:%n%s", text).isFalse();
    }

    @Test
    void planPrintsEachFindingOnceAsAPlainLine(@TempDir Path tmp) throws Exception {
        Path spec = specWithAWarning(tmp);
        CliProcess.Result r = CliProcess.cli(tmp, "plan", "-f", spec.toString(), "--endpoint-url", "http://127.0.0.1:9");
        assertThat(r.exit()).as(r.err()).isZero();
        assertPlain(r.out());
        assertPlain(r.err());
        assertThat(r.err().split("storage: is not set", -1)).as(r.err()).hasSize(2);
        assertThat(r.err()).startsWith("warning: storage: is not set").contains("[spec.rules]");
        assertThat(r.out()).contains("cluster analytics in us-east-1");
    }

    @Test
    void verboseShowsLibraryLogsAndLogFileKeepsThemOffTheConsole(@TempDir Path tmp) throws Exception {
        Path spec = specWithAWarning(tmp);
        CliProcess.Result verbose = CliProcess.cli(tmp, "plan", "-f", spec.toString(), "--endpoint-url",
                "http://127.0.0.1:9", "--verbose");
        assertThat(verbose.exit()).as(verbose.err()).isZero();
        assertThat(verbose.err()).contains("WARN io.dsec2.internal.spec.yaml.YamlSpecReader");

        Path log = tmp.resolve("ds-ec2.log");
        CliProcess.Result logged = CliProcess.cli(tmp, "plan", "-f", spec.toString(), "--endpoint-url",
                "http://127.0.0.1:9", "--log-file", log.toString());
        assertThat(logged.exit()).as(logged.err()).isZero();
        assertPlain(logged.err());
        assertThat(Files.readString(log)).contains("WARN io.dsec2.internal.spec.yaml.YamlSpecReader", "[main]");
    }

    @Test
    void anErrorIsOnePlainLineWithoutAStackTrace(@TempDir Path tmp) throws Exception {
        CliProcess.Result r = CliProcess.cli(tmp, "status", "-f", tmp.resolve("missing.yaml").toString());
        assertThat(r.exit()).isEqualTo(DsEc2Cli.BAD_INPUT);
        assertPlain(r.err());
        assertThat(r.err()).contains("missing.yaml");
    }
}
