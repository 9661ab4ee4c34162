package io.dsec2.spi;

import io.dsec2.internal.spec.LocalSecretResolver;
import io.dsec2.model.Secret;

/**
 * Turns a {@link Secret} reference into its value, at the last moment, just before it is written into a 0600
 * file on a host. The default resolver ({@link #defaultResolver()}) handles {@link Secret.Kind#ENV},
 * {@link Secret.Kind#FILE} and {@link Secret.Kind#LITERAL}; the AWS-backed one in {@code ds-ec2-aws} adds
 * Secrets Manager and SSM and delegates the rest.
 *
 * <pre>{@code
 * SecretResolver resolver = SecretResolver.defaultResolver();
 * String password = resolver.resolve(Secret.fromEnv("DS_DB_PASSWORD"));
 * }</pre>
 *
 * <p>Contract: implementations must be safe for concurrent use across nodes; resolving the same secret twice
 * returns the same value unless it was rotated; values never reach logs, events or exception messages.
 */
public interface SecretResolver {
    /**
     * @param secret the reference
     * @return its value, never null
     * @throws io.dsec2.exception.SecretResolutionException if the value cannot be read (the message names the
     *     reference, never the value)
     * @throws UnsupportedOperationException if this resolver does not handle {@code secret.kind()}
     */
    String resolve(Secret secret);

    /**
     * @param kind a reference kind
     * @return true if {@link #resolve} handles it; by default true for env, file and literal
     */
    default boolean supports(Secret.Kind kind) {
        return kind == Secret.Kind.ENV || kind == Secret.Kind.FILE || kind == Secret.Kind.LITERAL;
    }

    /**
     * @return the built-in resolver for env, file and literal secrets, reading this process's environment;
     *     it throws {@link UnsupportedOperationException} for Secrets Manager and SSM references
     */
    static SecretResolver defaultResolver() {
        return LocalSecretResolver.create();
    }
}
