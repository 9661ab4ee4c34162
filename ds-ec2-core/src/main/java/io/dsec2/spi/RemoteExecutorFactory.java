package io.dsec2.spi;

import io.dsec2.model.ClusterSpec;
import java.nio.file.Path;

/**
 * Makes the {@link RemoteExecutor} for a spec (its SSH key, login user and jump host). {@code ds-ec2-ssh}
 * registers one through {@code META-INF/services/io.dsec2.spi.RemoteExecutorFactory}. Thread-safe.
 */
public interface RemoteExecutorFactory {
    /**
     * @param spec the cluster spec (deployment.ssh_private_key_file, deployment.jump_host)
     * @param knownHostsFile the cluster's own known_hosts file, where host keys are pinned
     * @return an executor that ds-ec2 owns and closes
     */
    RemoteExecutor remoteExecutor(ClusterSpec spec, Path knownHostsFile);
}
