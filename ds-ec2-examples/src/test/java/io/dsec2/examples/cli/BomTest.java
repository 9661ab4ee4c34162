package io.dsec2.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** io.dsec2:ds-ec2-bom pins every library module of the build, at the build's version, and nothing else. */
class BomTest {
    static final Path ROOT = Path.of(System.getProperty("ds-ec2.project.root", ".."));

    static List<String> all(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.results().map(r -> r.group(1)).toList();
    }

    @Test
    void theBomListsEveryLibraryModuleAtTheBuildVersion() throws Exception {
        String parent = Files.readString(ROOT.resolve("pom.xml"));
        String bom = Files.readString(ROOT.resolve("ds-ec2-bom/pom.xml"));
        List<String> modules = all(Pattern.compile("<module>([^<]+)</module>"), parent).stream()
                .filter(m -> !m.equals("ds-ec2-examples") && !m.equals("ds-ec2-bom")).sorted().toList();
        assertThat(all(Pattern.compile("<artifactId>(ds-ec2-(?!bom)[^<]+)</artifactId>"), bom).stream().sorted()
                .toList()).isEqualTo(modules);
        String version = all(Pattern.compile("<artifactId>ds-ec2-parent</artifactId>\\s*<version>([^<]+)</version>"),
                parent).get(0);
        assertThat(all(Pattern.compile("<artifactId>ds-ec2-bom</artifactId>\\s*<version>([^<]+)</version>"), bom))
                .containsExactly(version);
        assertThat(bom).doesNotContain("<parent>");
    }
}
