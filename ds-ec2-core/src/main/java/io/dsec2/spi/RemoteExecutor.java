package io.dsec2.spi;

import java.time.Duration;

/**
 * Runs commands on and copies files to cluster hosts. The engine owns ordering, retries across nodes and
 * fan-out; an implementation owns connections, host-key checks, timeouts and secret redaction.
 *
 * <p><b>Thread safety:</b> implementations must be safe for concurrent use, across hosts and on one host (many
 * threads may run commands on the same host at once; an implementation bounds its concurrent channels itself).
 *
 * <p><b>Idempotency:</b> {@link #execute} runs the command each time it is called; making a command safe to
 * repeat is the caller's job (check, then act). {@link #upload} replaces the target atomically, so repeating it
 * is safe. {@link #awaitReachable} has no effect on the host. {@link #close()} may be called more than once.
 *
 * <p><b>Errors:</b> every operational failure is a {@link io.dsec2.exception.RemoteExecutionException} (or a
 * subclass), whose {@code retryable()} is true for connection problems and timeouts; a refused host key is a
 * {@link io.dsec2.exception.HostKeyVerificationException} and is never retryable. Messages, events and logs
 * never contain the request's secrets.
 *
 * <pre>{@code
 * try (RemoteExecutor ssh = SshjRemoteExecutor.builder().privateKeyFile(key).knownHostsFile(knownHosts).build()) {
 *     ssh.awaitReachable(host, Duration.ofMinutes(3));
 *     ExecResult r = ssh.execute(ExecRequest.builder().host(host).command("uname -r").build());
 * }
 * }</pre>
 */
public interface RemoteExecutor extends AutoCloseable {

    /**
     * Runs one command and waits for it to end.
     *
     * @param request what to run, where, and for how long at most
     * @return the finished command's exit status, output and duration
     * @throws io.dsec2.exception.RemoteCommandTimeoutException if the timeout expired (the remote process group
     *         has been terminated)
     * @throws io.dsec2.exception.RemoteExecutionException if the host cannot be reached, or the exit status is
     *         non-zero and {@link ExecRequest#failOnNonZeroExit()} is set
     */
    ExecResult execute(ExecRequest request);

    /**
     * Copies one file to a host, verifies it and puts it in place with the requested mode and owner.
     *
     * @param request what to copy where
     * @return size, digest and duration of the placed file
     * @throws io.dsec2.exception.RemoteExecutionException if the transfer, the checksum comparison or the
     *         placement fails
     * @throws java.io.UncheckedIOException if the local file cannot be read
     */
    UploadResult upload(UploadRequest request);

    /**
     * Waits until the host accepts an SSH login, retrying with backoff; the established connection is kept for
     * later calls.
     *
     * @param host the host
     * @param timeout the longest to wait, positive
     * @throws io.dsec2.exception.HostUnreachableException if no login succeeded before the deadline
     * @throws io.dsec2.exception.HostKeyVerificationException at once if the host key is refused
     */
    void awaitReachable(RemoteHost host, Duration timeout);

    /**
     * Forgets a host that no longer exists, such as a terminated instance: drops the host keys pinned for
     * {@link RemoteHost#instanceId()} (and, for a host with an instance id, the entries for its address that name
     * no instance), and any pooled connection to it, so that a later instance at the same address starts afresh.
     * Never touches the host. The default does nothing (for executors that pin nothing).
     *
     * @param host the host that is gone
     * @throws java.io.UncheckedIOException if the pinned keys cannot be rewritten
     */
    default void forgetHost(RemoteHost host) {
    }

    /**
     * Makes a set of SSH tunnels that shares this executor's connections: a tunnel through a host uses the same
     * (pooled, kept-alive) SSH connection as commands on that host, and a host behind the jump host is reached
     * through it. The caller owns the result and closes it; closing this executor closes it too.
     *
     * <p>The default, for executors that cannot forward ports (fakes, recorders), returns tunnels whose
     * {@link ServiceTunnels#open} fails with a non-retryable {@link io.dsec2.exception.RemoteExecutionException}
     * that names the executor's class, so a route that needs a tunnel fails loudly, never silently.
     *
     * @return new, empty tunnels; nothing is opened until {@link ServiceTunnels#open} is called, which throws
     *         {@link IllegalStateException} once this executor is closed
     */
    default ServiceTunnels newTunnels() {
        String executor = getClass().getName();
        return new ServiceTunnels() {
            @Override
            public java.net.InetSocketAddress open(TunnelRequest request) {
                java.util.Objects.requireNonNull(request, "request must not be null");
                throw new io.dsec2.exception.RemoteExecutionException("cannot open an SSH tunnel to "
                        + request.target() + ": the remote executor " + executor + " does not forward ports",
                        request.via().toString(), null, null, null, null, false);
            }

            @Override
            public void close() {
            }
        };
    }

    /** Closes every connection and thread this executor opened. Never touches the hosts themselves. */
    @Override
    void close();
}
