package io.dsec2.ssh.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.hierynomus.sshj.transport.cipher.GcmCiphers;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.transport.cipher.Cipher;
import org.junit.jupiter.api.Test;

class JdkGcmCiphersTest {

    @Test
    void jdkCipherInteroperatesWithSshjsOwnGcmCipherOverSeveralPackets() {
        for (boolean aes256 : new boolean[] {false, true}) {
            Factory.Named<Cipher> jdk = aes256 ? JdkGcmCiphers.aes256() : JdkGcmCiphers.aes128();
            Factory.Named<Cipher> sshj = aes256 ? GcmCiphers.AES256GCM() : GcmCiphers.AES128GCM();
            assertThat(jdk.getName()).isEqualTo(sshj.getName());
            byte[] key = new byte[64];
            byte[] iv = new byte[12];
            new Random(7).nextBytes(key);
            new Random(8).nextBytes(iv);
            Cipher enc = jdk.create();
            enc.init(Cipher.Mode.Encrypt, key, iv);
            Cipher dec = sshj.create();
            dec.init(Cipher.Mode.Decrypt, key, iv);
            Random r = new Random(9);
            for (int packet = 0; packet < 5; packet++) {
                // like sshj's Encoder/Decoder: 4 bytes of length as AAD, then the payload, then the tag
                int len = 16 * (1 + r.nextInt(2048));
                byte[] buf = new byte[4 + len + enc.getAuthenticationTagSize()];
                r.nextBytes(buf);
                byte[] plain = Arrays.copyOfRange(buf, 0, 4 + len);
                enc.updateWithAAD(buf, 0, 4, len);
                assertThat(Arrays.copyOfRange(buf, 4, 4 + len)).isNotEqualTo(Arrays.copyOfRange(plain, 4, 4 + len));
                dec.updateWithAAD(buf, 0, 4, len);
                assertThat(Arrays.copyOfRange(buf, 0, 4 + len)).isEqualTo(plain);
            }
        }
    }

    @Test
    void aesGcmFromTheJdkComesFirstAndEveryOtherCipherStays() {
        List<Factory.Named<Cipher>> defaults = new DefaultConfig().getCipherFactories();
        List<Factory.Named<Cipher>> ordered = SshConnector.preferJdkAesGcm(defaults);
        assertThat(ordered.get(0).getName()).isEqualTo("aes128-gcm@openssh.com");
        assertThat(ordered.get(1).getName()).isEqualTo("aes256-gcm@openssh.com");
        assertThat(ordered.get(0).create().getClass().getName()).contains("JdkGcmCiphers");
        assertThat(ordered).extracting(Factory.Named::getName)
                .containsExactlyInAnyOrderElementsOf(defaults.stream().map(Factory.Named::getName).toList());
    }
}
