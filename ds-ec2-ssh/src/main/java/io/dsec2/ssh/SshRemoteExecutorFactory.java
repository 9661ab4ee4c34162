package io.dsec2.ssh;

import io.dsec2.model.ClusterSpec;
import io.dsec2.model.DeploymentSpec;
import io.dsec2.spi.RemoteExecutor;
import io.dsec2.spi.RemoteExecutorFactory;
import io.dsec2.spi.RemoteHost;
import java.nio.file.Path;

/**
 * The {@link RemoteExecutorFactory} that {@code DsCluster} finds through the {@link java.util.ServiceLoader}:
 * an {@link SshjRemoteExecutor} with the spec's private key ({@code deployment.ssh_private_key_file}), the
 * cluster's known_hosts file and, when {@code deployment.jump_host} is set ({@code [user@]host[:port]}), that
 * jump host, whose key must match {@code deployment.jump_host_fingerprint} or, when that is not set, a line of
 * the known_hosts file (it is never trusted on first use). Thread-safe and stateless.
 */
public final class SshRemoteExecutorFactory implements RemoteExecutorFactory {
    @Override
    public RemoteExecutor remoteExecutor(ClusterSpec spec, Path knownHostsFile) {
        DeploymentSpec d = spec.deployment();
        Path key = d.sshPrivateKeyFile().orElseThrow(() -> new IllegalStateException(
                "deployment.ssh_private_key_file is not set: name the private key of the instances' key pair"));
        SshjRemoteExecutor.Builder b = SshjRemoteExecutor.builder().privateKeyFile(key).knownHostsFile(knownHostsFile);
        d.jumpHost().ifPresent(j -> b.jumpHost(parseJumpHost(j, d.sshUser())));
        d.jumpHostFingerprint().filter(f -> !f.isBlank()).ifPresent(b::jumpHostFingerprint);
        return b.build();
    }

    /**
     * @param text {@code [user@]host[:port]}
     * @param defaultUser the user when the text names none
     * @return the jump host; its key is never trusted on first use
     */
    static RemoteHost parseJumpHost(String text, String defaultUser) {
        String user = defaultUser;
        String rest = text.trim();
        int at = rest.indexOf('@');
        if (at >= 0) {
            user = rest.substring(0, at);
            rest = rest.substring(at + 1);
        }
        int port = 22;
        int colon = rest.lastIndexOf(':');
        if (colon > 0 && rest.indexOf(':') == colon) {
            port = Integer.parseInt(rest.substring(colon + 1));
            rest = rest.substring(0, colon);
        }
        return RemoteHost.builder().nodeId("jump-host").address(rest).port(port).user(user).trustOnFirstUse(false).build();
    }
}
