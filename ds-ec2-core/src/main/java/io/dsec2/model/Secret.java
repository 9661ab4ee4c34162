package io.dsec2.model;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reference to a secret value (a database password, an S3 secret key, a token), never the value itself
 * unless a literal is forced. The value is looked up only when needed, by a
 * {@link io.dsec2.spi.SecretResolver}: Secrets Manager and SSM references by the AWS-backed resolver in
 * {@code ds-ec2-aws}, environment variables, files and literals by the default resolver.
 *
 * <pre>{@code
 * Secret pw = Secret.fromSecretsManager("ds/db");        // prints as Secret[secretsmanager:ds/db]
 * Secret key = Secret.fromSsmParameter("/ds/s3/secret");  // prints as Secret[ssm:/ds/s3/secret]
 * Secret tok = Secret.fromEnv("DS_GATEWAY_TOKEN");        // prints as Secret[env:DS_GATEWAY_TOKEN]
 * Secret f = Secret.fromFile(Path.of("/run/secrets/db")); // prints as Secret[file:/run/secrets/db]
 * Secret lit = Secret.literal("S3cr3t!");                 // prints as Secret[literal:****], warns once
 * }</pre>
 *
 * <p>{@link #toString()} shows only the kind and the reference, and masks literals. {@link #equals} compares
 * kind and reference (and, for literals, the value). Instances are immutable and thread-safe.
 */
public final class Secret {
    private static final Logger LOG = LoggerFactory.getLogger(Secret.class);
    /** Guards the one-per-JVM warning about literal secrets; it holds no secret. */
    private static final AtomicBoolean LITERAL_WARNED = new AtomicBoolean();

    /** Where a secret's value lives. */
    public enum Kind {
        /** An AWS Secrets Manager secret id or ARN (the whole secret string is the value). */
        SECRETS_MANAGER("secretsmanager"),
        /** An AWS SSM Parameter Store parameter name, normally a {@code SecureString}. */
        SSM_PARAMETER("ssm"),
        /** An environment variable of the process that runs ds-ec2. */
        ENV("env"),
        /** A file on the machine that runs ds-ec2; its content, without one trailing newline, is the value. */
        FILE("file"),
        /** The value itself, given in code or YAML; discouraged, reported as a warning. */
        LITERAL("literal");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        /** @return the short prefix used in {@link Secret#toString()}, for example {@code secretsmanager} */
        public String prefix() {
            return prefix;
        }
    }

    private final Kind kind;
    private final String reference;
    private final String literal;

    private Secret(Kind kind, String reference, String literal) {
        this.kind = kind;
        this.reference = reference;
        this.literal = literal;
    }

    /**
     * @param secretId a Secrets Manager secret name or ARN, for example {@code ds/db}
     * @return a reference to it
     * @throws NullPointerException if {@code secretId} is null
     * @throws IllegalArgumentException if it is blank
     */
    public static Secret fromSecretsManager(String secretId) {
        return new Secret(Kind.SECRETS_MANAGER, requireText(secretId, "secretId"), null);
    }

    /**
     * @param parameterName an SSM parameter name, for example {@code /ds/db/password}
     * @return a reference to it
     * @throws NullPointerException if {@code parameterName} is null
     * @throws IllegalArgumentException if it is blank
     */
    public static Secret fromSsmParameter(String parameterName) {
        return new Secret(Kind.SSM_PARAMETER, requireText(parameterName, "parameterName"), null);
    }

    /**
     * @param variable an environment variable name, for example {@code DS_DB_PASSWORD}
     * @return a reference to it
     * @throws NullPointerException if {@code variable} is null
     * @throws IllegalArgumentException if it is blank
     */
    public static Secret fromEnv(String variable) {
        return new Secret(Kind.ENV, requireText(variable, "variable"), null);
    }

    /**
     * @param file a file whose content is the value (one trailing newline is dropped)
     * @return a reference to it
     * @throws NullPointerException if {@code file} is null
     */
    public static Secret fromFile(Path file) {
        Objects.requireNonNull(file, "file must not be null");
        return new Secret(Kind.FILE, file.toString(), null);
    }

    /**
     * A secret given by value. It is never printed, but it sits in memory and in the source it came from, so
     * the first use in a JVM logs a warning, and validation reports a warning for each one.
     *
     * @param value the secret value
     * @return a secret holding it
     * @throws NullPointerException if {@code value} is null
     */
    public static Secret literal(String value) {
        Objects.requireNonNull(value, "value must not be null");
        if (LITERAL_WARNED.compareAndSet(false, true)) {
            LOG.warn("A secret was given as a literal value; prefer Secrets Manager, SSM, env or file references");
        }
        return new Secret(Kind.LITERAL, "****", value);
    }

    /** @return where the value lives */
    public Kind kind() {
        return kind;
    }

    /**
     * @return the secret id, parameter name, variable name or file path; {@code ****} for a literal, so this
     *     is always safe to print
     */
    public String reference() {
        return reference;
    }

    /**
     * The value of a {@link Kind#LITERAL} secret, for {@link io.dsec2.spi.SecretResolver} implementations.
     * Never log it.
     *
     * @return the literal value
     * @throws IllegalStateException if this secret is not a literal
     */
    public String literalValue() {
        if (kind != Kind.LITERAL) {
            throw new IllegalStateException(this + " is a reference, not a literal; resolve it with a SecretResolver");
        }
        return literal;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Secret)) {
            return false;
        }
        Secret s = (Secret) o;
        return kind == s.kind && reference.equals(s.reference) && Objects.equals(literal, s.literal);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, reference);
    }

    /** @return {@code Secret[<kind>:<reference>]}, for example {@code Secret[literal:****]} */
    @Override
    public String toString() {
        return "Secret[" + kind.prefix + ":" + reference + "]";
    }

    private static String requireText(String value, String name) {
        Objects.requireNonNull(value, name + " must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
