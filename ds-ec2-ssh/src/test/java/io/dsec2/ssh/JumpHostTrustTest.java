package io.dsec2.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dsec2.exception.HostKeyMismatchException;
import io.dsec2.exception.HostKeyVerificationException;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.Secret;
import io.dsec2.spi.ExecRequest;
import io.dsec2.spi.RemoteExecutor;
import io.dsec2.spi.RemoteHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jump host's key must be known (spec fingerprint or known_hosts line): never trusted on first use. */
class JumpHostTrustTest {
    @TempDir
    Path tmp;
    Path key;
    Path knownHosts;
    TestSshd bastion;
    TestSshd target;

    @BeforeEach
    void start() {
        key = TestSshd.generateClientKey(tmp);
        knownHosts = tmp.resolve("state/prod/known_hosts");
        bastion = TestSshd.start(tmp.resolve("bastion"), key, TestSshd.freePort(), "AllowTcpForwarding yes");
        target = TestSshd.start(tmp.resolve("target"), key, TestSshd.freePort(), "");
    }

    @AfterEach
    void stop() {
        target.close();
        bastion.close();
    }

    private ClusterSpec spec(Consumer<io.dsec2.model.DeploymentSpec.Builder> deployment) {
        return ClusterSpec.builder().name("prod").region("eu-west-1").subnets("subnet-aaa")
                .database(d -> d.host("db.internal").username("ds").password(Secret.fromSecretsManager("ds/db")))
                .registry(r -> r.connectString("10.0.0.5:2181"))
                .deployment(d -> {
                    d.sshPrivateKeyFile(key).jumpHost("root@127.0.0.1:" + bastion.port());
                    deployment.accept(d);
                }).build();
    }

    private static String whoami(RemoteExecutor ssh, RemoteHost host) {
        return ssh.execute(ExecRequest.builder().host(host).command("whoami").build()).stdout().strip();
    }

    @Test
    void anUnknownJumpHostKeyIsRefusedEvenForAHostThisRunLaunched() {
        try (RemoteExecutor ssh = new SshRemoteExecutorFactory().remoteExecutor(spec(d -> { }), knownHosts)) {
            HostKeyVerificationException e = catchThrowableOfType(() -> whoami(ssh, target.host("node-1", true)),
                    HostKeyVerificationException.class);
            assertThat(e).isNotNull();
            assertThat(e.retryable()).isFalse();
            String token = "[127.0.0.1]:" + bastion.port();
            String[] hostKey = bastion.hostPublicKey().split(" ");
            assertThat(e.getMessage()).contains("jump host", token, bastion.hostFingerprint(),
                    "deployment.jump_host_fingerprint", knownHosts.toString(),
                    token + " " + hostKey[0] + " " + hostKey[1]);
        }
        assertThat(knownHosts).doesNotExist();
    }

    @Test
    void theLineTheRefusalNamesPinsTheJumpHost() throws Exception {
        String line;
        try (RemoteExecutor ssh = new SshRemoteExecutorFactory().remoteExecutor(spec(d -> { }), knownHosts)) {
            HostKeyVerificationException e = catchThrowableOfType(() -> whoami(ssh, target.host("node-1", true)),
                    HostKeyVerificationException.class);
            line = e.getMessage().replaceAll("(?s).*add the line '([^']+)'.*", "$1");
        }
        Files.createDirectories(knownHosts.getParent());
        Files.writeString(knownHosts, line + "\n");
        try (RemoteExecutor ssh = new SshRemoteExecutorFactory().remoteExecutor(spec(d -> { }), knownHosts)) {
            assertThat(whoami(ssh, target.host("node-1", true))).isEqualTo("root");
        }
        // the target (launched by this run) was pinned on first use; the jump host's line is unchanged
        assertThat(Files.readAllLines(knownHosts)).hasSize(2).first().isEqualTo(line);
    }

    @Test
    void theSpecFingerprintPinsTheJumpHostAndAnotherKeyIsRefused() throws Exception {
        try (RemoteExecutor ssh = new SshRemoteExecutorFactory().remoteExecutor(
                spec(d -> d.jumpHostFingerprint(bastion.hostFingerprint())), knownHosts)) {
            assertThat(whoami(ssh, target.host("node-1", true))).isEqualTo("root");
        }
        // the spec's fingerprint is not copied into known_hosts: only the target was recorded
        assertThat(Files.readAllLines(knownHosts)).extracting(l -> l.split(" ")[0])
                .containsExactly("[127.0.0.1]:" + target.port());

        String other = target.hostFingerprint();
        try (RemoteExecutor ssh = new SshRemoteExecutorFactory().remoteExecutor(
                spec(d -> d.jumpHostFingerprint(other)), knownHosts)) {
            HostKeyMismatchException e = catchThrowableOfType(() -> whoami(ssh, target.host("node-1", true)),
                    HostKeyMismatchException.class);
            assertThat(e).isNotNull();
            assertThat(e.expectedFingerprints()).containsExactly(other);
            assertThat(e.offeredFingerprint()).isEqualTo("ssh-ed25519 " + bastion.hostFingerprint());
            assertThat(e.getMessage()).contains("jump host", "deployment.jump_host_fingerprint", other,
                    bastion.hostFingerprint());
        }
    }

    @Test
    void theExecutorRefusesAJumpHostMarkedTrustOnFirstUse() {
        assertThatThrownBy(() -> SshjRemoteExecutor.builder().privateKeyFile(key).knownHostsFile(knownHosts)
                .jumpHost(bastion.host("bastion", true)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be trusted on first use");
        assertThatThrownBy(() -> SshjRemoteExecutor.builder().privateKeyFile(key).knownHostsFile(knownHosts)
                .jumpHost(bastion.host("bastion", false)).jumpHostFingerprint("MD5:ab:cd").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SHA256:");
    }
}
