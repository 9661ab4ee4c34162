package io.dsec2.internal.create;

import io.dsec2.model.ClusterSpec;
import io.dsec2.model.Secret;
import io.dsec2.model.StorageSpec;
import io.dsec2.spi.SecretResolver;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The spec's secrets, resolved once before anything is created (a missing secret fails the operation with
 * nothing launched). Never logged: {@link #toString()} says nothing of the values.
 */
final class ResolvedSecrets {
    final String dbPassword;
    final String s3AccessKeyId;
    final String s3SecretAccessKey;
    final String pythonGatewayToken;

    private ResolvedSecrets(String dbPassword, String s3AccessKeyId, String s3SecretAccessKey, String token) {
        this.dbPassword = dbPassword;
        this.s3AccessKeyId = s3AccessKeyId;
        this.s3SecretAccessKey = s3SecretAccessKey;
        this.pythonGatewayToken = token;
    }

    /** @return no secret values: for read-only discovery, which renders nothing */
    static ResolvedSecrets none() {
        return new ResolvedSecrets(null, null, null, null);
    }

    static ResolvedSecrets resolve(ClusterSpec spec, SecretResolver resolver) {
        String db = spec.database().password().map(resolver::resolve).orElse(null);
        Optional<StorageSpec> st = spec.storage();
        String keyId = st.flatMap(StorageSpec::accessKeyId).map(resolver::resolve).orElse(null);
        String secretKey = st.flatMap(StorageSpec::secretAccessKey).map(resolver::resolve).orElse(null);
        String token = spec.pythonGatewayEnabled()
                ? spec.pythonGatewayToken().map(resolver::resolve).orElse(null) : null;
        return new ResolvedSecrets(db, keyId, secretKey, token);
    }

    /** @return every secret value, for masking in commands, outputs and errors */
    Set<String> values() {
        Set<String> s = new LinkedHashSet<>();
        for (String v : new String[] {dbPassword, s3SecretAccessKey, pythonGatewayToken}) {
            if (v != null && !v.isEmpty()) {
                s.add(v);
            }
        }
        return s;
    }

    /** @return the unresolved secret references, for messages */
    static String describe(Secret s) {
        return s.toString();
    }

    @Override
    public String toString() {
        return "ResolvedSecrets[" + values().size() + " values]";
    }
}
