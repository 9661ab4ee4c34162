package io.dsec2.internal.spec.yaml;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The recorded form of a literal secret in the config history: {@code pbkdf2-sha256:<iterations>:<salt>:<hex>}, a
 * PBKDF2-HMAC-SHA256 of the secret with a per-write random salt and {@value #ITERATIONS} iterations (NIST SP 800-132;
 * RFC 8018 section 5.2), so that a weak password cannot be guessed cheaply from a state store a reader can see. Forms
 * that history files of earlier versions hold, {@code sha256:<salt>:<hex>} (one SHA-256 of salt and secret), are still
 * compared, never written. Stateless; thread-safe.
 */
final class SecretDigests {
    /** Iterations of a form written now: about 0.1 s of one core per digest on a 2020s x86 machine. */
    static final int ITERATIONS = 100_000;
    static final String PBKDF2 = "pbkdf2-sha256:";
    static final String SHA256 = "sha256:";
    /** The most iterations a recorded form may ask for: bounds the work a tampered history file can cause. */
    private static final int MAX_ITERATIONS = 5_000_000;

    private SecretDigests() {
    }

    static String redact(String value, String salt) {
        return PBKDF2 + ITERATIONS + ":" + salt + ":" + pbkdf2(value, salt, ITERATIONS);
    }

    /** @return whether {@code literal} is the secret {@code form} records (compared in constant time) */
    static boolean same(String form, String literal) {
        String expected;
        String actual;
        if (form.startsWith(PBKDF2)) {
            String[] f = form.substring(PBKDF2.length()).split(":", -1);
            if (f.length != 3 || !f[0].matches("[1-9][0-9]{0,6}") || Integer.parseInt(f[0]) > MAX_ITERATIONS
                    || f[1].isEmpty()) {
                return false;
            }
            expected = pbkdf2(literal, f[1], Integer.parseInt(f[0]));
            actual = f[2];
        } else if (form.startsWith(SHA256)) {
            String rest = form.substring(SHA256.length());
            int colon = rest.indexOf(':');
            if (colon <= 0) {
                return false;
            }
            expected = sha256(rest.substring(0, colon) + literal);
            actual = rest.substring(colon + 1);
        } else {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                actual.getBytes(StandardCharsets.US_ASCII));
    }

    private static String pbkdf2(String value, String salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(value.toCharArray(), salt.getBytes(StandardCharsets.UTF_8), iterations, 256);
        try {
            return HexFormat.of().formatHex(SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec)
                    .getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JVM", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
