package io.dsec2.ssh.internal;

import com.hierynomus.sshj.transport.cipher.GcmCipher;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Security;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.common.SSHRuntimeException;
import net.schmizz.sshj.transport.cipher.Cipher;

/**
 * AES-GCM ciphers ({@code aes128-gcm@openssh.com}, {@code aes256-gcm@openssh.com}) taken from the JDK's own
 * provider (SunJCE), whose AES and GHASH use the CPU's AES-NI and carry-less multiply instructions. sshj takes every
 * cipher from BouncyCastle once BouncyCastle is on the class path (it is, sshj depends on it), and BouncyCastle's
 * pure-Java AES and ChaCha20 limit a connection to roughly 100 MB/s. Thread-safe factories.
 */
final class JdkGcmCiphers {
    private static final String PROVIDER = "SunJCE";
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private JdkGcmCiphers() {
    }

    /** @return true if the JDK provider offers AES/GCM (it does on every JDK 17 unless removed on purpose) */
    static boolean available() {
        try {
            javax.crypto.Cipher.getInstance(TRANSFORMATION, PROVIDER);
            return Security.getProvider(PROVIDER) != null;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static Factory.Named<Cipher> aes128() {
        return new JdkFactory("aes128-gcm@openssh.com", 128);
    }

    static Factory.Named<Cipher> aes256() {
        return new JdkFactory("aes256-gcm@openssh.com", 256);
    }

    private static final class JdkFactory implements Factory.Named<Cipher> {
        private final String name;
        private final int keyBits;

        JdkFactory(String name, int keyBits) {
            this.name = name;
            this.keyBits = keyBits;
        }

        @Override
        public Cipher create() {
            return new JdkGcmCipher(keyBits / 8);
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public String toString() {
            return name + " (JDK)";
        }
    }

    /** sshj's GCM cipher with its JCE instance swapped for the JDK provider's before it is initialised. */
    private static final class JdkGcmCipher extends GcmCipher {
        JdkGcmCipher(int keyBytes) {
            super(12, 16, keyBytes, "AES", TRANSFORMATION);
        }

        @Override
        protected void initCipher(javax.crypto.Cipher ignored, Mode mode, byte[] key, byte[] iv)
                throws InvalidKeyException, InvalidAlgorithmParameterException {
            try {
                this.cipher = javax.crypto.Cipher.getInstance(TRANSFORMATION, PROVIDER);
            } catch (GeneralSecurityException e) {
                throw new SSHRuntimeException(e);
            }
            super.initCipher(this.cipher, mode, key, iv);
        }
    }
}
