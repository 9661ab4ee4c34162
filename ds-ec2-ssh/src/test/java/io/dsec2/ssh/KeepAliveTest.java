package io.dsec2.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.spi.ExecRequest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keep-alive requests (keepalive@openssh.com, which the server answers) reach a real sshd. */
class KeepAliveTest {
    @TempDir
    Path tmp;

    @Test
    void keepAliveRequestsReachTheServer() throws InterruptedException {
        Path key = TestSshd.generateClientKey(tmp);
        // LogLevel DEBUG makes sshd log every global request it receives
        try (TestSshd sshd = TestSshd.start(tmp.resolve("sshd"), key, TestSshd.freePort(), "LogLevel DEBUG");
                SshjRemoteExecutor ssh = SshjRemoteExecutor.builder().privateKeyFile(key)
                        .knownHostsFile(tmp.resolve("known_hosts")).keepAliveInterval(Duration.ofSeconds(1)).build()) {
            assertThat(ssh.keepAliveInterval()).isEqualTo(Duration.ofSeconds(1));
            ssh.execute(ExecRequest.builder().host(sshd.host("n1", true)).command("true").build());
            String request = "rtype keepalive@openssh.com want_reply 1";
            long deadline = System.nanoTime() + Local.scaled(Duration.ofSeconds(15)).toNanos();
            while (count(sshd.logText(), request) < 3 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(count(sshd.logText(), request)).as("keep-alive requests seen by sshd").isGreaterThanOrEqualTo(3);
            // the server answered them, so the connection is still the same live one
            assertThat(ssh.openConnections()).isEqualTo(1);
            assertThat(ssh.execute(ExecRequest.builder().host(sshd.host("n1", true)).command("echo ok").build())
                    .stdout()).isEqualTo("ok\n");
            assertThat(sshd.logText()).containsOnlyOnce("Accepted publickey");
        }
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
