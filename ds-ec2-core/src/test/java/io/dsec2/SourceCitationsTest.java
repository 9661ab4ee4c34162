package io.dsec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Main sources cite only what a user can open: a DolphinScheduler file at tag 3.2.0, an AWS documentation page, an
 * RFC or a library's documentation. Citations of project notes that are not in the repository (the DolphinScheduler
 * facts sheet, the testing facts, the style guide, the design notes, the seed documents) are refused. Every module's
 * {@code src/main/java} is read from the source tree, so the test runs from any module directory.
 */
class SourceCitationsTest {
    /** Citations of documents that are not in the repository. */
    static final Pattern UNREACHABLE_CITATION = Pattern.compile(
            "facts §|facts sheet|facts\\.md|STYLE rule|STYLE\\.md|DESIGN\\.md|testing-facts|seeds/0|§[0-9]");
    private static final Pattern MODULE = Pattern.compile("<module>\\s*([^<\\s]+)\\s*</module>");

    @Test
    void patternMatchesTheKnownForms() {
        assertThat(List.of("(facts §7)", "ds-3.2.0-facts.md §1", "the facts sheet", "STYLE rule 12", "see STYLE.md",
                "DESIGN.md §3", "testing-facts.md A.6", "seeds/000 config.yaml", "DESIGN §3"))
                .allSatisfy(s -> assertThat(UNREACHABLE_CITATION.matcher(s).find()).as(s).isTrue());
        assertThat(List.of("the facts ds-ec2 found on its host", "https://github.com/apache/dolphinscheduler/blob/3.2.0/"
                + "script/dolphinscheduler-daemon.sh", "RFC 4254 section 6.5"))
                .allSatisfy(s -> assertThat(UNREACHABLE_CITATION.matcher(s).find()).as(s).isFalse());
    }

    @Test
    void mainSourcesCiteNoDocumentOutsideTheRepository() throws IOException {
        Path root = projectRoot();
        List<Path> sourceRoots = new ArrayList<>();
        for (String module : modules(root)) {
            Path src = root.resolve(module).resolve("src/main/java");
            if (Files.isDirectory(src)) {
                sourceRoots.add(src);
            }
        }
        assertThat(sourceRoots).as("module source roots under %s", root)
                .contains(root.resolve("ds-ec2-core/src/main/java"));

        List<String> hits = new ArrayList<>();
        int files = 0;
        for (Path src : sourceRoots) {
            List<Path> javaFiles;
            try (Stream<Path> walk = Files.walk(src)) {
                javaFiles = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
            }
            for (Path file : javaFiles) {
                files++;
                hits.addAll(citations(root, file));
            }
        }
        assertThat(files).as("Java files scanned").isPositive();
        assertThat(hits)
                .as("comments or messages in src/main/java that cite a document users cannot open; cite a"
                        + " DolphinScheduler file at https://github.com/apache/dolphinscheduler/blob/3.2.0/..., an AWS"
                        + " documentation page, an RFC or a library's docs, or state the reason plainly")
                .isEmpty();
    }

    private static List<String> citations(Path root, Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> hits = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = UNREACHABLE_CITATION.matcher(lines.get(i));
            if (m.find()) {
                hits.add(root.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
            }
        }
        return hits;
    }

    /** The nearest directory, from the working directory up, whose pom.xml lists modules. */
    private static Path projectRoot() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            if (Files.isRegularFile(pom) && Files.readString(pom, StandardCharsets.UTF_8).contains("<modules>")) {
                return dir;
            }
        }
        throw new IllegalStateException("no pom.xml with <modules> above " + Path.of("").toAbsolutePath());
    }

    private static List<String> modules(Path root) throws IOException {
        Matcher m = MODULE.matcher(Files.readString(root.resolve("pom.xml"), StandardCharsets.UTF_8));
        List<String> modules = new ArrayList<>();
        while (m.find()) {
            modules.add(m.group(1));
        }
        return modules;
    }
}
