package io.dsec2.ssh.internal;

import io.dsec2.exception.HostKeyVerificationException;
import io.dsec2.spi.RemoteHost;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/**
 * sshj verifier for one connection attempt to one host. sshj turns a refusal into a generic TransportException,
 * so the precise refusal is kept here for the connector to rethrow. The host checked is always this verifier's
 * host (for a tunnelled connection sshj passes the target's address and port, which are the same).
 */
final class PinningHostKeyVerifier implements HostKeyVerifier {
    private final KnownHostsStore store;
    private final RemoteHost host;
    private volatile HostKeyVerificationException refusal;

    PinningHostKeyVerifier(KnownHostsStore store, RemoteHost host) {
        this.store = store;
        this.host = host;
    }

    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
        try {
            store.verify(host, key);
            return true;
        } catch (HostKeyVerificationException e) {
            refusal = e;
            return false;
        }
    }

    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
        List<String> algorithms = new ArrayList<>();
        for (String type : store.knownKeyTypes(host)) {
            if ("ssh-rsa".equals(type)) {
                algorithms.add("rsa-sha2-512");
                algorithms.add("rsa-sha2-256");
            }
            algorithms.add(type);
        }
        return algorithms;
    }

    /** @return the refusal of the last check, or null if none */
    HostKeyVerificationException refusal() {
        return refusal;
    }
}
