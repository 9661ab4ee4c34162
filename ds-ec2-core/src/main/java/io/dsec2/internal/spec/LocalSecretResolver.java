package io.dsec2.internal.spec;

import io.dsec2.exception.SecretResolutionException;
import io.dsec2.model.Secret;
import io.dsec2.spi.SecretResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * The default {@link SecretResolver}: environment variables, files and literals. Stateless apart from the
 * environment lookup it was given; thread-safe.
 */
public final class LocalSecretResolver implements SecretResolver {
    private final Function<String, String> environment;

    /** @param environment looks up an environment variable, returning null when it is not set */
    public LocalSecretResolver(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment must not be null");
    }

    /** @return a resolver over this process's environment (the one place this package reads it) */
    public static LocalSecretResolver create() {
        return new LocalSecretResolver(System::getenv);
    }

    @Override
    public String resolve(Secret secret) {
        Objects.requireNonNull(secret, "secret must not be null");
        switch (secret.kind()) {
            case LITERAL:
                return secret.literalValue();
            case ENV:
                String value = environment.apply(secret.reference());
                if (value == null) {
                    throw new SecretResolutionException("cannot resolve " + secret
                            + ": environment variable is not set", null, false);
                }
                return value;
            case FILE:
                return readFile(secret);
            default:
                throw new UnsupportedOperationException("cannot resolve " + secret
                        + " locally: use the AWS secret resolver from ds-ec2-aws for Secrets Manager and SSM");
        }
    }

    private static String readFile(Secret secret) {
        try {
            String text = Files.readString(Path.of(secret.reference()), StandardCharsets.UTF_8);
            if (text.endsWith("\r\n")) {
                return text.substring(0, text.length() - 2);
            }
            return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        } catch (IOException e) {
            // The exception text of a read failure names the path only, never the content.
            throw new SecretResolutionException("cannot resolve " + secret + ": " + e.getClass().getSimpleName()
                    + " reading the file", e, false);
        }
    }
}
