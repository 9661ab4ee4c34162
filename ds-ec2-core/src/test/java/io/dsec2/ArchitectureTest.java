package io.dsec2;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public/internal line of STYLE rule 2, checked on the compiled main classes of ds-ec2-core, and the size
 * limit of its main source files (STYLE rule 20, issue 11).
 */
class ArchitectureTest {
    /** The most lines a main source file of ds-ec2-core may have. */
    private static final int MAX_LINES = 400;
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.dsec2");

    private static final DescribedPredicate<JavaClass> PUBLIC_API = new DescribedPredicate<>(
            "public types outside ..internal..") {
        @Override
        public boolean test(JavaClass c) {
            return c.getModifiers().contains(JavaModifier.PUBLIC) && !c.getPackageName().contains(".internal");
        }
    };

    @Test
    void coreImportsItsOwnClasses() {
        org.assertj.core.api.Assertions.assertThat(CORE.contain("io.dsec2.model.ClusterSpec")).isTrue();
        org.assertj.core.api.Assertions.assertThat(CORE.contain("io.dsec2.internal.spec.yaml.YamlSpecReader")).isTrue();
    }

    @Test
    void publicTypesDoNotDependOnThirdPartyLibraries() {
        noClasses().that(PUBLIC_API)
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon.awssdk..", "net.schmizz..",
                        "com.hierynomus..", "org.snakeyaml..", "io.github.resilience4j..", "org.apache.curator..",
                        "com.mysql..")
                .check(CORE);
    }

    @Test
    void onlyEnvironmentDefaultsReadsSystemPropertiesOrTheEnvironment() {
        noClasses().that().doNotHaveFullyQualifiedName(io.dsec2.internal.EnvironmentDefaults.class.getName())
                .should().callMethod(System.class, "getProperty", String.class)
                .orShould().callMethod(System.class, "getProperty", String.class, String.class)
                .orShould().callMethod(System.class, "getenv", String.class)
                .orShould().callMethod(System.class, "getenv")
                .because("a library reads its settings from its builder; defaults from the process live in one class")
                .check(CORE);
    }

    @Test
    void onlyTheRegistryProbeUsesCurator() {
        noClasses().that().resideOutsideOfPackage("io.dsec2.internal.registry..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.curator..", "org.apache.zookeeper..")
                .because("ZooKeeper is a DolphinScheduler concern of core, kept in one internal package")
                .check(CORE);
    }

    @Test
    void noCoreClassTalksToAwsOrSshDirectly() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("software.amazon.awssdk..", "net.schmizz..",
                        "com.hierynomus..", "com.mysql..")
                .because("ds-ec2-core builds and validates specs without any AWS or SSH call; those live in"
                        + " ds-ec2-aws and ds-ec2-ssh behind the SPIs (JDBC goes through java.sql only)")
                .check(CORE);
    }

    @Test
    void publicSignaturesDoNotExposeInternalTypes() {
        ArchRuleDefinition.classes().that(PUBLIC_API).should(exposeNoInternalTypes()).check(CORE);
    }

    @Test
    void noMainSourceFileIsOver400Lines() throws IOException {
        Path root = Path.of("src", "main", "java");
        org.assertj.core.api.Assertions.assertThat(root).as("ds-ec2-core's main sources, from the module directory")
                .isDirectory();
        List<String> tooLong;
        try (Stream<Path> files = Files.walk(root)) {
            tooLong = files.filter(f -> f.toString().endsWith(".java") && lines(f) > MAX_LINES)
                    .map(f -> root.relativize(f).toString().replace('\\', '/') + " has " + lines(f) + " lines")
                    .sorted()
                    .collect(Collectors.toList());
        }
        org.assertj.core.api.Assertions.assertThat(tooLong)
                .as("main source files over %d lines: move cohesive parts into small internal classes", MAX_LINES)
                .isEmpty();
    }

    private static int lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).size();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ArchCondition<JavaClass> exposeNoInternalTypes() {
        return new ArchCondition<>("expose no ..internal.. type in public or protected signatures") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                List<String> leaks = new ArrayList<>();
                if (c.getRawSuperclass().map(s -> internal(s)).orElse(false)) {
                    leaks.add("superclass " + c.getRawSuperclass().get().getName());
                }
                c.getRawInterfaces().stream().filter(ArchitectureTest::internal)
                        .forEach(i -> leaks.add("interface " + i.getName()));
                for (JavaCodeUnit unit : c.getCodeUnits()) {
                    if (!visible(unit.getModifiers())) {
                        continue;
                    }
                    if (internal(unit.getRawReturnType())) {
                        leaks.add(unit.getFullName() + " returns " + unit.getRawReturnType().getName());
                    }
                    unit.getRawParameterTypes().stream().filter(ArchitectureTest::internal)
                            .forEach(p -> leaks.add(unit.getFullName() + " takes " + p.getName()));
                    unit.getThrowsClause().getTypes().stream().filter(ArchitectureTest::internal)
                            .forEach(t -> leaks.add(unit.getFullName() + " throws " + t.getName()));
                }
                for (JavaField f : c.getFields()) {
                    if (visible(f.getModifiers()) && internal(f.getRawType())) {
                        leaks.add("field " + f.getFullName());
                    }
                }
                leaks.forEach(l -> events.add(SimpleConditionEvent.violated(c, c.getName() + ": " + l)));
            }
        };
    }

    private static boolean visible(java.util.Set<JavaModifier> modifiers) {
        return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
    }

    private static boolean internal(JavaClass type) {
        JavaClass base = type.isArray() ? type.getBaseComponentType() : type;
        return base.getPackageName().startsWith("io.dsec2") && base.getPackageName().contains(".internal");
    }
}
