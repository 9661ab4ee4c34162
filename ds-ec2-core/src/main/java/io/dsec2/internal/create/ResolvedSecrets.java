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
    /** The admin user's password from the spec, or null when the spec leaves DolphinScheduler's default. */
    final String adminPassword;

    private ResolvedSecrets(String dbPassword, String s3AccessKeyId, String s3SecretAccessKey, String token,
            String adminPassword) {
        this.dbPassword = dbPassword;
        this.s3AccessKeyId = s3AccessKeyId;
        this.s3SecretAccessKey = s3SecretAccessKey;
        this.pythonGatewayToken = token;
        this.adminPassword = adminPassword;
    }

    /** @return the password ds-ec2 logs in to the api servers with: the spec's, else DolphinScheduler's default */
    String adminLogin() {
        return adminPassword != null ? adminPassword : io.dsec2.internal.ds.Ds320Profile.DEFAULT_ADMIN_PASSWORD;
    }

    /**
     * @return the password ds-ec2 logs in to the api servers with, resolving only the admin password's reference
     *         (for read-only operations that need no other secret)
     */
    static String adminLogin(ClusterSpec spec, SecretResolver resolver) {
        return new ResolvedSecrets(null, null, null, null, spec.adminPassword().map(resolver::resolve).orElse(null))
                .adminLogin();
    }

    /** @return no secret values: for read-only discovery, which renders nothing */
    static ResolvedSecrets none() {
        return new ResolvedSecrets(null, null, null, null, null);
    }

    static ResolvedSecrets resolve(ClusterSpec spec, SecretResolver resolver) {
        String db = spec.database().password().map(resolver::resolve).orElse(null);
        Optional<StorageSpec> st = spec.storage();
        String keyId = st.flatMap(StorageSpec::accessKeyId).map(resolver::resolve).orElse(null);
        String secretKey = st.flatMap(StorageSpec::secretAccessKey).map(resolver::resolve).orElse(null);
        String token = spec.pythonGatewayEnabled()
                ? spec.pythonGatewayToken().map(resolver::resolve).orElse(null) : null;
        String admin = spec.adminPassword().map(resolver::resolve).orElse(null);
        if (admin != null && admin.length() < io.dsec2.internal.spec.ServiceRules.MIN_ADMIN_PASSWORD) {
            throw new io.dsec2.exception.InvalidClusterSpecException(spec.name(), java.util.List.of(
                    io.dsec2.model.Violation.error("service_config.api.admin_password", "resolves to fewer than "
                            + io.dsec2.internal.spec.ServiceRules.MIN_ADMIN_PASSWORD + " characters ("
                            + spec.adminPassword().get() + "): store a longer password there")));
        }
        return new ResolvedSecrets(db, keyId, secretKey, token, admin);
    }

    /** @return every secret value, for masking in commands, outputs and errors */
    Set<String> values() {
        Set<String> s = new LinkedHashSet<>();
        for (String v : new String[] {dbPassword, s3SecretAccessKey, pythonGatewayToken, adminPassword}) {
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
