package io.dsec2.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.spi.ExecRequest;
import io.dsec2.spi.RemoteHost;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pooled connection that died (sshd restarted) is replaced on next use. */
class ReconnectTest {
    @TempDir
    Path tmp;

    @org.junit.jupiter.api.RepeatedTest(5)
    void deadConnectionIsReplacedOnNextUse() {
        Path key = TestSshd.generateClientKey(tmp);
        try (TestSshd sshd = TestSshd.start(tmp.resolve("sshd"), key, TestSshd.freePort(), "");
                SshjRemoteExecutor ssh = SshjRemoteExecutor.builder().privateKeyFile(key)
                        .knownHostsFile(tmp.resolve("known_hosts")).keepAliveInterval(Duration.ofSeconds(1)).build()) {
            RemoteHost host = sshd.host("node-1", true);
            ExecRequest pid = ExecRequest.builder().host(host).command("echo $PPID").build();
            String firstSession = ssh.execute(pid).stdout();
            sshd.stop(); // kills the session processes: the client's connection is cut
            sshd.start();
            String afterRestart = ssh.execute(pid).stdout();
            assertThat(afterRestart).isNotBlank().isNotEqualTo(firstSession);
            assertThat(ssh.openConnections()).isEqualTo(1);
            assertThat(sshd.logText().split("Accepted publickey", -1)).hasSize(3);
        }
    }
}
