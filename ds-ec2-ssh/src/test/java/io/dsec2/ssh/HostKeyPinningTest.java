package io.dsec2.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dsec2.exception.HostKeyMismatchException;
import io.dsec2.exception.HostKeyVerificationException;
import io.dsec2.spi.ExecRequest;
import io.dsec2.spi.RemoteHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-cluster known_hosts: trust on first use only when allowed, strict otherwise, changed keys refused. */
class HostKeyPinningTest {
    @TempDir
    Path tmp;
    Path key;
    Path knownHosts;
    TestSshd sshd;

    @BeforeEach
    void start() {
        key = TestSshd.generateClientKey(tmp);
        knownHosts = tmp.resolve("cluster/known_hosts");
        sshd = TestSshd.start(tmp.resolve("sshd"), key, TestSshd.freePort(), "");
    }

    @AfterEach
    void stop() {
        sshd.close();
    }

    private SshjRemoteExecutor executor() {
        return SshjRemoteExecutor.builder().privateKeyFile(key).knownHostsFile(knownHosts).build();
    }

    private static String whoami(SshjRemoteExecutor ssh, RemoteHost host) {
        return ssh.execute(ExecRequest.builder().host(host).command("whoami").build()).stdout().strip();
    }

    @Test
    void trustOnFirstUseRecordsTheKeyAndLaterStrictUseAcceptsIt() throws IOException {
        try (SshjRemoteExecutor ssh = executor()) {
            assertThat(whoami(ssh, sshd.host("new-node", true))).isEqualTo("root");
        }
        String[] hostKey = sshd.hostPublicKey().split(" ");
        assertThat(Files.readAllLines(knownHosts, StandardCharsets.UTF_8))
                .containsExactly("[127.0.0.1]:" + sshd.port() + " " + hostKey[0] + " " + hostKey[1]);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(knownHosts))).isEqualTo("rw-------");
        // OpenSSH itself agrees with the recorded entry
        assertThat(Local.run("ssh-keygen", "-F", "[127.0.0.1]:" + sshd.port(), "-f", knownHosts.toString()))
                .contains(hostKey[1]);
        try (SshjRemoteExecutor ssh = executor()) {
            assertThat(whoami(ssh, sshd.host("known-node", false))).isEqualTo("root");
        }
        assertThat(Files.readAllLines(knownHosts)).hasSize(1);
    }

    @Test
    void strictModeRefusesAnUnknownHost() {
        try (SshjRemoteExecutor ssh = executor()) {
            RemoteHost host = sshd.host("adopted-node", false);
            HostKeyVerificationException e = catchThrowableOfType(() -> whoami(ssh, host),
                    HostKeyVerificationException.class);
            assertThat(e).isNotNull().isNotInstanceOf(HostKeyMismatchException.class);
            assertThat(e.retryable()).isFalse();
            assertThat(e.offeredFingerprint()).isEqualTo("ssh-ed25519 " + sshd.hostFingerprint());
            assertThat(e.getMessage()).contains("adopted-node", "[127.0.0.1]:" + sshd.port(),
                    "trust-on-first-use is off", sshd.hostFingerprint(), knownHosts.toString());
            // awaitReachable does not wait for a refused key
            long start = System.nanoTime();
            catchThrowableOfType(() -> ssh.awaitReachable(host, Duration.ofSeconds(60)),
                    HostKeyVerificationException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Local.scaled(Duration.ofSeconds(20)));
        }
        assertThat(knownHosts).doesNotExist();
    }

    @Test
    void changedHostKeyIsRefusedWithAClearError() throws IOException {
        try (SshjRemoteExecutor ssh = executor()) {
            whoami(ssh, sshd.host("node-1", true));
        }
        String oldFingerprint = sshd.hostFingerprint();
        String pinned = Files.readString(knownHosts);
        sshd.stop();
        sshd.regenerateHostKey();
        sshd.start();
        String newFingerprint = sshd.hostFingerprint();
        assertThat(newFingerprint).isNotEqualTo(oldFingerprint);

        try (SshjRemoteExecutor ssh = executor()) {
            // even a host this run launched must not silently replace a pinned key
            HostKeyMismatchException e = catchThrowableOfType(() -> whoami(ssh, sshd.host("node-1", true)),
                    HostKeyMismatchException.class);
            assertThat(e).isNotNull();
            assertThat(e.retryable()).isFalse();
            assertThat(e.expectedFingerprints()).containsExactly("ssh-ed25519 " + oldFingerprint);
            assertThat(e.offeredFingerprint()).isEqualTo("ssh-ed25519 " + newFingerprint);
            assertThat(e.getMessage()).contains("HOST KEY CHANGED", "node-1", "[127.0.0.1]:" + sshd.port(),
                    oldFingerprint, newFingerprint, "line 1", knownHosts.toString(), "ssh-keygen -R");
        }
        assertThat(Files.readString(knownHosts)).isEqualTo(pinned);

        // the documented fix works: remove the old entry, then a run that launched the host may pin it again
        Local.run("ssh-keygen", "-R", "[127.0.0.1]:" + sshd.port(), "-f", knownHosts.toString());
        try (SshjRemoteExecutor ssh = executor()) {
            assertThat(whoami(ssh, sshd.host("node-1", true))).isEqualTo("root");
        }
    }

    private RemoteHost instance(String nodeId, String instanceId, boolean trustOnFirstUse) {
        return sshd.host(nodeId, trustOnFirstUse).copy(b -> b.instanceId(instanceId));
    }

    @Test
    void aNewInstanceThatReusesAnAddressIsRecognisedByItsInstanceId() throws IOException {
        try (SshjRemoteExecutor ssh = executor()) {
            whoami(ssh, instance("worker-1", "i-0aaa", true));
        }
        sshd.stop();
        sshd.regenerateHostKey();
        sshd.start();
        String token = "[127.0.0.1]:" + sshd.port();
        try (SshjRemoteExecutor ssh = executor()) {
            // the old instance's pin does not make the new one's key a "changed key"...
            assertThat(whoami(ssh, instance("worker-1", "i-0bbb", true))).isEqualTo("root");
        }
        // ...and the new key replaced the old instance's line (that instance no longer holds the address)
        String[] hostKey = sshd.hostPublicKey().split(" ");
        assertThat(Files.readAllLines(knownHosts)).containsExactly(
                token + " " + hostKey[0] + " " + hostKey[1] + " ds-ec2-instance=i-0bbb");
        assertThat(Local.run("ssh-keygen", "-F", token, "-f", knownHosts.toString())).contains(hostKey[1]);
        try (SshjRemoteExecutor ssh = executor()) {
            // the pinned instance itself still may not change its key, even when this run launched it
            sshd.stop();
            sshd.regenerateHostKey();
            sshd.start();
            HostKeyMismatchException e = catchThrowableOfType(() -> whoami(ssh, instance("worker-1", "i-0bbb", true)),
                    HostKeyMismatchException.class);
            assertThat(e).isNotNull();
            // and an instance this run did not launch is refused, not pinned
            HostKeyVerificationException refused = catchThrowableOfType(
                    () -> whoami(ssh, instance("worker-2", "i-0ccc", false)), HostKeyVerificationException.class);
            assertThat(refused).isNotNull().isNotInstanceOf(HostKeyMismatchException.class);
            assertThat(refused.getMessage()).contains("i-0ccc");
        }
        assertThat(Files.readAllLines(knownHosts)).hasSize(1);
    }

    @Test
    void forgetHostDropsTheKeysOfATerminatedInstance() throws IOException {
        Files.createDirectories(knownHosts.getParent());
        String manual = "[bastion.example.com]:2222 ssh-ed25519"
                + " AAAAC3NzaC1lZDI1NTE5AAAAIBk2kUPFVJgdPRqtNrfqHtdV6pyTj1bBGFUnc6PfsBfD";
        Files.writeString(knownHosts, manual + "\n");
        RemoteHost node = instance("worker-1", "i-0aaa", true);
        try (SshjRemoteExecutor ssh = executor()) {
            whoami(ssh, node);
            assertThat(Files.readAllLines(knownHosts)).hasSize(2);
            ssh.forgetHost(node.copy(b -> b.trustOnFirstUse(false)));
        }
        assertThat(Files.readAllLines(knownHosts)).containsExactly(manual);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(knownHosts))).isEqualTo("rw-------");
    }
}
