package io.dsec2.aws;

import io.dsec2.aws.internal.ClientFactory;
import io.dsec2.exception.SecretResolutionException;
import io.dsec2.model.Secret;
import io.dsec2.spi.SecretResolver;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Resolves {@link Secret.Kind#SECRETS_MANAGER} references (GetSecretValue: the secret string) and
 * {@link Secret.Kind#SSM_PARAMETER} references (GetParameter with decryption), delegating other kinds to a
 * fallback. Clients are created per call and closed at once: secrets are read a few times per operation.
 * Error messages name the reference and the AWS error code, never a value. Thread-safe.
 */
public final class AwsSecretResolver implements SecretResolver {
    private final AwsClientSettings settings;
    private final SecretResolver fallback;

    /**
     * @param settings region, endpoint and credentials
     * @param fallback resolver for environment, file and literal secrets
     */
    public AwsSecretResolver(AwsClientSettings settings, SecretResolver fallback) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    @Override
    public String resolve(Secret secret) {
        try {
            switch (secret.kind()) {
                case SECRETS_MANAGER -> {
                    try (SecretsManagerClient sm = ClientFactory.configure(SecretsManagerClient.builder(), settings).build()) {
                        return sm.getSecretValue(b -> b.secretId(secret.reference())).secretString();
                    }
                }
                case SSM_PARAMETER -> {
                    try (SsmClient ssm = ClientFactory.configure(SsmClient.builder(), settings).build()) {
                        return ssm.getParameter(b -> b.name(secret.reference()).withDecryption(true)).parameter().value();
                    }
                }
                default -> {
                    return fallback.resolve(secret);
                }
            }
        } catch (SdkException e) {
            throw new SecretResolutionException("cannot read " + secret + ": "
                    + (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException a
                        ? a.awsErrorDetails().errorCode() : e.getClass().getSimpleName())
                    + "; check that the secret exists in " + settings.region().orElse("the default region")
                    + " and that the credentials may read it", e, e.retryable());
        }
    }

    @Override
    public boolean supports(Secret.Kind kind) {
        return kind == Secret.Kind.SECRETS_MANAGER || kind == Secret.Kind.SSM_PARAMETER || fallback.supports(kind);
    }
}
