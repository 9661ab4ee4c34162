package io.dsec2.exception;

/**
 * A host's SSH key was refused, so no connection was made. Thrown as is when the host is not in the cluster's
 * known_hosts file and trust-on-first-use is off for it (ds-ec2 did not launch it, or reached it before and
 * should have pinned its key then; or it is the jump host, whose key must be given or pinned beforehand); see
 * {@link HostKeyMismatchException} for a key that changed. Never retryable: a person must verify the key.
 *
 * <pre>{@code
 * catch (HostKeyVerificationException e) { System.err.println(e.getMessage()); } // says how to fix it
 * }</pre>
 */
public class HostKeyVerificationException extends RemoteExecutionException {
    private static final long serialVersionUID = 1L;
    private final String offeredFingerprint;
    private final String knownHostsFile;

    /**
     * @param summary what was refused and how to fix it
     * @param host the host, as {@code RemoteHost.toString()}
     * @param offeredFingerprint the key the host offered, e.g. {@code ssh-ed25519 SHA256:...}
     * @param knownHostsFile path of the known_hosts file consulted
     */
    public HostKeyVerificationException(String summary, String host, String offeredFingerprint,
            String knownHostsFile) {
        super(summary, host, null, null, null, null, false);
        this.offeredFingerprint = offeredFingerprint;
        this.knownHostsFile = knownHostsFile;
    }

    /** @return the key the host offered, as {@code TYPE SHA256:base64} */
    public String offeredFingerprint() {
        return offeredFingerprint;
    }

    /** @return path of the known_hosts file consulted */
    public String knownHostsFile() {
        return knownHostsFile;
    }
}
