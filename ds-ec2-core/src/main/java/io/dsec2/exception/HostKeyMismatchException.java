package io.dsec2.exception;

import java.util.List;

/**
 * A host offered a different SSH key than the one pinned in the cluster's known_hosts file: the instance was
 * replaced, or someone is intercepting the connection. The message names the host, the expected and offered
 * fingerprints and how to fix it (verify the new key, then remove the old line). Never retryable.
 *
 * <pre>{@code
 * catch (HostKeyMismatchException e) { alert(e.host(), e.expectedFingerprints(), e.offeredFingerprint()); }
 * }</pre>
 */
public class HostKeyMismatchException extends HostKeyVerificationException {
    private static final long serialVersionUID = 1L;
    private final List<String> expectedFingerprints;

    /**
     * @param summary the full explanation, including the fix
     * @param host the host, as {@code RemoteHost.toString()}
     * @param expectedFingerprints fingerprints pinned for the host
     * @param offeredFingerprint fingerprint the host offered
     * @param knownHostsFile path of the known_hosts file
     */
    public HostKeyMismatchException(String summary, String host, List<String> expectedFingerprints,
            String offeredFingerprint, String knownHostsFile) {
        super(summary, host, offeredFingerprint, knownHostsFile);
        this.expectedFingerprints = List.copyOf(expectedFingerprints);
    }

    /** @return the pinned fingerprints, as {@code TYPE SHA256:base64} */
    public List<String> expectedFingerprints() {
        return expectedFingerprints;
    }
}
