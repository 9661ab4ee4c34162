package io.dsec2.ssh;

import io.dsec2.exception.DsEc2Exception;
import io.dsec2.exception.RemoteExecutionException;
import io.dsec2.spi.ExecResult;
import io.dsec2.spi.RemoteHost;
import io.dsec2.spi.UploadResult;
import java.time.Duration;

/**
 * Observes an {@link SshjRemoteExecutor}. Every method has a no-op default, so new callbacks can be added.
 * Callbacks run on the calling thread, may be called concurrently, must be quick and must not throw (an
 * exception is logged and ignored). Commands are reported redacted; output and secrets are never passed.
 *
 * <pre>{@code
 * SshEventListener l = new SshEventListener() {
 *     public void commandEnded(ExecResult r) { metrics.record(r.duration()); }
 * };
 * }</pre>
 */
public interface SshEventListener {
    /** A listener that ignores every event. */
    SshEventListener NONE = new SshEventListener() { };

    /**
     * @param host the host now reachable
     * @param waited time since awaitReachable started
     * @param attempts connection attempts made
     */
    default void hostReachable(RemoteHost host, Duration waited, int attempts) {
    }

    /**
     * @param host the host
     * @param attempt number of the failed attempt, from 1
     * @param failure why it failed
     */
    default void connectAttemptFailed(RemoteHost host, int attempt, DsEc2Exception failure) {
    }

    /**
     * @param result a command that ended (whatever its exit status)
     */
    default void commandEnded(ExecResult result) {
    }

    /**
     * @param host the host
     * @param redactedCommand the command, secrets masked
     * @param failure why it failed
     */
    default void commandFailed(RemoteHost host, String redactedCommand, RemoteExecutionException failure) {
    }

    /**
     * @param result an upload that was verified and placed
     */
    default void uploadEnded(UploadResult result) {
    }
}
