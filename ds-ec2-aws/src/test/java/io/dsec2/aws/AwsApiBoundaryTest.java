package io.dsec2.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * STYLE rule 2 and A2 for this module: public signatures never mention {@code io.dsec2.aws.internal}, and AWS SDK
 * types appear only in the documented escape hatches.
 */
class AwsApiBoundaryTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages("io.dsec2.aws");
    /** Methods allowed to mention SDK types, each documented as an escape hatch. */
    private static final Set<String> ESCAPE_HATCHES = Set.of("credentialsProvider", "ec2Client", "ssmClient",
            "elbClient", "runInstancesCustomizer", "s3Client");

    @Test
    void publicSignaturesExposeNoInternalTypesAndSdkTypesOnlyInEscapeHatches() {
        List<String> internal = new ArrayList<>();
        List<String> sdk = new ArrayList<>();
        List<JavaClass> api = CLASSES.stream().filter(c -> c.getPackageName().equals("io.dsec2.aws")
                && c.getModifiers().contains(JavaModifier.PUBLIC)).toList();
        assertThat(api).extracting(JavaClass::getSimpleName).contains("AwsProvisioner", "AwsLoadBalancer",
                "AwsClientSettings");
        for (JavaClass c : api) {
            for (JavaCodeUnit u : c.getCodeUnits()) {
                if (!u.getModifiers().contains(JavaModifier.PUBLIC)) {
                    continue;
                }
                List<String> types = Stream.concat(Stream.of(u.getRawReturnType()), u.getRawParameterTypes().stream())
                        .map(JavaClass::getName).toList();
                List<String> generic = new ArrayList<>(types);
                generic.add(u.getReturnType().getName());
                u.getParameterTypes().forEach(t -> generic.add(t.getName()));
                if (types.stream().anyMatch(t -> t.startsWith("io.dsec2.aws.internal"))) {
                    internal.add(u.getFullName());
                }
                boolean mentionsSdk = generic.stream().anyMatch(t -> t.contains("software.amazon.awssdk"));
                if (mentionsSdk && !ESCAPE_HATCHES.contains(u.getName())) {
                    sdk.add(u.getFullName());
                }
            }
        }
        assertThat(internal).as("public members exposing internal types").isEmpty();
        assertThat(sdk).as("public members exposing SDK types outside the escape hatches").isEmpty();
    }
}
