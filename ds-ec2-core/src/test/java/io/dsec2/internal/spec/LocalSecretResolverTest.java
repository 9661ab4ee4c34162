package io.dsec2.internal.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.exception.SecretResolutionException;
import io.dsec2.model.Secret;
import io.dsec2.spi.SecretResolver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSecretResolverTest {
    @TempDir
    Path dir;

    @Test
    void resolvesEnvironmentVariablesFromTheGivenEnvironment() {
        SecretResolver resolver = new LocalSecretResolver(Map.of("DS_DB_PASSWORD", "S3cr3t!")::get);
        assertThat(resolver.resolve(Secret.fromEnv("DS_DB_PASSWORD"))).isEqualTo("S3cr3t!");
    }

    @Test
    void defaultResolverReadsThisProcessesEnvironment() {
        String path = System.getenv("PATH");
        assertThat(path).as("PATH must be set for this test").isNotNull();
        assertThat(SecretResolver.defaultResolver().resolve(Secret.fromEnv("PATH"))).isEqualTo(path);
    }

    @Test
    void missingVariableFailsNamingTheReference() {
        SecretResolver resolver = new LocalSecretResolver(Map.<String, String>of()::get);
        assertThatThrownBy(() -> resolver.resolve(Secret.fromEnv("DS_NOT_SET")))
                .isInstanceOf(SecretResolutionException.class)
                .hasMessage("cannot resolve Secret[env:DS_NOT_SET]: environment variable is not set")
                .satisfies(e -> assertThat(((SecretResolutionException) e).retryable()).isFalse());
    }

    @Test
    void resolvesFilesDroppingOneTrailingNewline() throws Exception {
        Path file = dir.resolve("db-password");
        Files.writeString(file, "S3cr3t!\n", StandardCharsets.UTF_8);
        Path crlf = dir.resolve("crlf");
        Files.writeString(crlf, "two\nlines\r\n", StandardCharsets.UTF_8);

        SecretResolver resolver = SecretResolver.defaultResolver();
        assertThat(resolver.resolve(Secret.fromFile(file))).isEqualTo("S3cr3t!");
        assertThat(resolver.resolve(Secret.fromFile(crlf))).isEqualTo("two\nlines");
    }

    @Test
    void unreadableFileFailsWithoutItsContent() {
        Path missing = dir.resolve("absent");
        assertThatThrownBy(() -> SecretResolver.defaultResolver().resolve(Secret.fromFile(missing)))
                .isInstanceOf(SecretResolutionException.class)
                .hasMessageContaining("Secret[file:" + missing + "]")
                .hasMessageContaining("NoSuchFileException");
    }

    @Test
    void literalsResolveToTheirValueAndAwsReferencesAreLeftToTheAwsResolver() {
        SecretResolver resolver = SecretResolver.defaultResolver();
        assertThat(resolver.resolve(Secret.literal("S3cr3t!"))).isEqualTo("S3cr3t!");
        assertThat(resolver.supports(Secret.Kind.SECRETS_MANAGER)).isFalse();
        assertThatThrownBy(() -> resolver.resolve(Secret.fromSecretsManager("ds/db")))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("Secret[secretsmanager:ds/db]").hasMessageContaining("ds-ec2-aws");
    }
}
