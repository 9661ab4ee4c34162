package io.dsec2.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.spi.ExecRequest;
import io.dsec2.spi.ExecResult;
import io.dsec2.spi.RemoteHost;
import io.dsec2.spi.UploadRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands and uploads through a jump host (direct-tcpip channel on the bastion's connection). */
class JumpHostTest {
    @TempDir
    Path tmp;

    private static List<Long> ancestors(long pid) {
        List<Long> result = new java.util.ArrayList<>();
        java.util.Optional<ProcessHandle> p = ProcessHandle.of(pid);
        while (p.isPresent()) {
            result.add(p.get().pid());
            p = p.get().parent();
        }
        return result;
    }

    @Test
    void execAndUploadGoThroughTheJumpHost() throws Exception {
        Path key = TestSshd.generateClientKey(tmp);
        Path knownHosts = tmp.resolve("known_hosts");
        try (TestSshd bastion = TestSshd.start(tmp.resolve("bastion"), key, TestSshd.freePort(),
                "AllowTcpForwarding yes");
                TestSshd target = TestSshd.start(tmp.resolve("target"), key, TestSshd.freePort(), "")) {
            RemoteHost jump = bastion.host("bastion", false);
            RemoteHost node = target.host("node-1", true);
            try (SshjRemoteExecutor ssh = SshjRemoteExecutor.builder().privateKeyFile(key).knownHostsFile(knownHosts)
                    .jumpHost(jump).jumpHostFingerprint(bastion.hostFingerprint()).build()) {
                ExecResult r = ssh.execute(ExecRequest.builder().host(node).command("echo \"$SSH_CLIENT\"").build());
                String[] client = r.stdout().strip().split(" ");
                assertThat(client[0]).isEqualTo("127.0.0.1");
                assertThat(client[2]).isEqualTo(String.valueOf(target.port()));
                // the TCP connection into the target's sshd belongs to the bastion's sshd, not to this JVM
                String owner = Local.run("ss", "-tnpH", "state", "established", "( sport = :" + client[1]
                        + " and dport = :" + target.port() + " )");
                assertThat(owner).contains("\"sshd\"").doesNotContain("java");
                assertThat(owner).containsPattern("pid=(\\d+)");
                long ownerPid = Long.parseLong(owner.replaceAll("(?s).*pid=(\\d+).*", "$1"));
                assertThat(ancestors(ownerPid)).contains(bastion.pid()).doesNotContain(target.pid());

                byte[] data = "through the bastion".getBytes(StandardCharsets.UTF_8);
                Path remote = Files.createDirectories(tmp.resolve("up")).resolve("f.txt");
                ssh.upload(UploadRequest.builder().host(node).content(data).remotePath(remote.toString()).build());
                assertThat(Files.readAllBytes(remote)).isEqualTo(data);
                assertThat(ssh.openConnections()).isEqualTo(2);
            }
            // the target was pinned under its own address:port; the jump host is pinned by its fingerprint
            assertThat(Files.readAllLines(knownHosts)).extracting(l -> l.split(" ")[0])
                    .containsExactly("[127.0.0.1]:" + target.port());
        }
    }
}
