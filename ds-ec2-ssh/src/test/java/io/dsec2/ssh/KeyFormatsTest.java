package io.dsec2.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dsec2.exception.RemoteExecutionException;
import io.dsec2.spi.ExecRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Login with an RSA key in PEM form (what EC2 hands out for RSA key pairs), and a refused key. */
class KeyFormatsTest {
    @TempDir
    Path tmp;

    @Test
    void rsaPemKeyLogsInAndAWrongKeyIsRefusedWithoutRetrying() throws Exception {
        Path rsa = tmp.resolve("ec2-rsa.pem");
        Local.run("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "", "-f", rsa.toString());
        assertThat(Files.readString(rsa)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        Path other = TestSshd.generateClientKey(Files.createDirectories(tmp.resolve("other")));
        try (TestSshd sshd = TestSshd.start(tmp.resolve("sshd"), rsa, TestSshd.freePort(), "")) {
            try (SshjRemoteExecutor ssh = SshjRemoteExecutor.builder().privateKeyFile(rsa)
                    .knownHostsFile(tmp.resolve("known_hosts")).build()) {
                assertThat(ssh.execute(ExecRequest.builder().host(sshd.host("n1", true)).command("echo rsa").build())
                        .stdout()).isEqualTo("rsa\n");
            }
            try (SshjRemoteExecutor ssh = SshjRemoteExecutor.builder().privateKeyFile(other)
                    .knownHostsFile(tmp.resolve("known_hosts")).build()) {
                RemoteExecutionException e = catchThrowableOfType(() -> ssh.execute(ExecRequest.builder()
                        .host(sshd.host("n1", false)).command("true").build()), RemoteExecutionException.class);
                assertThat(e).isNotNull();
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("SSH login refused for user root", other.toString());
            }
        }
    }
}
