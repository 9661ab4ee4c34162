package io.dsec2.ssh.internal;

import io.dsec2.exception.RemoteCommandTimeoutException;
import io.dsec2.exception.RemoteExecutionException;
import io.dsec2.spi.ExecRequest;
import io.dsec2.spi.ExecResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one command on one session channel.
 *
 * <p>The command text is never part of the SSH exec request (which sshj logs at debug, and which other users of
 * the host can read in the process list). The exec request is a fixed wrapper:
 * {@code [sudo -n] timeout --signal=TERM --kill-after=5s <t>s bash -c 'c=$(head -c N) || exit 125; eval "$c"' <tag>}
 * and the command's N bytes travel first on stdin, followed by the caller's stdin. GNU {@code timeout} puts the
 * command in its own process group and signals the whole group when the limit expires, so children die too. If
 * the remote side does not end even then, the group is killed by a second exec matching the unique tag.
 * Thread-safe.
 */
public final class CommandRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);
    /** Grace between TERM and KILL on timeout. */
    static final Duration KILL_AFTER = Duration.ofSeconds(5);
    /** Extra local wait beyond timeout + KILL_AFTER before the client gives up on the channel. */
    private static final Duration LOCAL_GRACE = Duration.ofSeconds(10);
    private static final int MAX_CAPTURE_BYTES = 16 * 1024 * 1024;

    private final ExecutorService threads;

    /** @param threads worker threads for draining output and feeding stdin */
    public CommandRunner(ExecutorService threads) {
        this.threads = threads;
    }

    /**
     * @param c the connection
     * @param req the request
     * @return the result
     * @throws StaleConnectionException if no channel could be opened because the connection is dead
     * @throws RemoteExecutionException if the command failed, timed out or the connection broke
     */
    public ExecResult run(HostConnection c, ExecRequest req) {
        String host = req.host().toString();
        String shown = req.redactedCommand();
        byte[] script = req.command().getBytes(StandardCharsets.UTF_8);
        String tag = "ds-ec2-exec-" + UUID.randomUUID().toString().replace("-", "");
        if (!c.acquire(req.timeout())) {
            throw new RemoteExecutionException("no free SSH channel within " + req.timeout() + " (all busy)", host,
                    shown, null, null, null, true);
        }
        Session session;
        try {
            session = c.client().startSession();
        } catch (IOException e) {
            c.release();
            if (c.deadAfter(e)) {
                throw new StaleConnectionException(e);
            }
            throw new RemoteExecutionException("cannot open SSH session channel", host, shown, null, null, e, true);
        }
        LOG.debug("exec on {}{}: {}", host, req.sudo() ? " (sudo)" : "", shown);
        long start = System.nanoTime();
        Future<byte[]> out = null;
        Future<byte[]> err = null;
        Future<?> in = null;
        try {
            Session.Command cmd = session.exec(wrapper(req, script.length, tag));
            out = threads.submit(() -> drain(cmd.getInputStream()));
            err = threads.submit(() -> drain(cmd.getErrorStream()));
            in = threads.submit(() -> feed(cmd.getOutputStream(), script, req));
            Duration localLimit = req.timeout().plus(KILL_AFTER).plus(LOCAL_GRACE);
            if (!join(cmd, localLimit)) {
                killRemote(c, req, tag);
                throw new RemoteCommandTimeoutException(host, shown, req.timeout(), null, null);
            }
            byte[] stdout = out.get(LOCAL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            byte[] stderrBytes = err.get(LOCAL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            cmd.close();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            int status = exitStatus(cmd);
            String stderr = new String(stderrBytes, StandardCharsets.UTF_8);
            String stdoutText = new String(stdout, StandardCharsets.UTF_8);
            if ((status == 124 || status == 137) && took.compareTo(req.timeout()) >= 0) {
                throw new RemoteCommandTimeoutException(host, shown, req.timeout(), req.redact(stderr), null);
            }
            ExecResult result = ExecResult.builder().host(req.host()).command(shown).exitStatus(status)
                    .stdout(stdoutText).stderr(req.redact(stderr)).duration(took).build();
            LOG.debug("exec on {} ended with status {} after {} ms: {}", host, status, took.toMillis(), shown);
            if (status != 0 && req.failOnNonZeroExit()) {
                throw new RemoteExecutionException("command failed", host, shown, status, req.redact(stdoutText),
                        req.redact(stderr), null, false);
            }
            return result;
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new RemoteExecutionException("SSH channel failed while running command"
                    + (c.alive() ? "" : " (connection lost)"), host, shown, null, null, e, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteExecutionException("interrupted while running command", host, shown, null, null, e, false);
        } finally {
            cancel(out, err, in);
            try {
                session.close();
            } catch (IOException | RuntimeException e) {
                LOG.trace("session close: {}", e.toString());
            }
            c.release();
        }
    }

    static String wrapper(ExecRequest req, int scriptBytes, String tag) {
        String secs = String.format(Locale.ROOT, "%.3fs", req.timeout().toMillis() / 1000.0);
        return (req.sudo() ? "sudo -n " : "") + "timeout --signal=TERM --kill-after=" + KILL_AFTER.toSeconds() + "s "
                + secs + " bash -c 'c=$(head -c " + scriptBytes + ") || exit 125; eval \"$c\"' " + tag;
    }

    private static boolean join(Session.Command cmd, Duration limit) throws ConnectionException {
        try {
            cmd.join(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ConnectionException e) {
            if (e.getCause() instanceof TimeoutException && cmd.isOpen()) {
                return false;
            }
            throw e;
        }
    }

    private void killRemote(HostConnection c, ExecRequest req, String tag) {
        String pattern = tag.substring(0, tag.length() - 1) + "[" + tag.charAt(tag.length() - 1) + "]";
        String kill = (req.sudo() ? "sudo -n " : "") + "pkill -KILL -f " + pattern;
        if (!c.acquire(LOCAL_GRACE)) {
            return;
        }
        try (Session s = c.client().startSession()) {
            Session.Command k = s.exec(kill);
            k.join(LOCAL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not kill timed-out command on {}: {}", req.host(), e.toString());
        } finally {
            c.release();
        }
    }

    private static Void feed(OutputStream os, byte[] script, ExecRequest req) {
        try (os) {
            os.write(script);
            byte[] stdin = req.stdin().orElse(null);
            if (stdin != null) {
                os.write(stdin);
            }
        } catch (IOException e) {
            LOG.trace("stdin of remote command closed early: {}", e.toString());
        }
        return null;
    }

    private static byte[] drain(InputStream is) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[32 * 1024];
        int n;
        while ((n = is.read(chunk)) >= 0) {
            int keep = Math.min(n, MAX_CAPTURE_BYTES - buf.size());
            if (keep > 0) {
                buf.write(chunk, 0, keep);
            }
        }
        return buf.toByteArray();
    }

    private static int exitStatus(Session.Command cmd) {
        Integer status = cmd.getExitStatus();
        if (status != null) {
            return status;
        }
        Signal signal = cmd.getExitSignal();
        return signal == null ? -1 : 128 + signalNumber(signal);
    }

    private static int signalNumber(Signal s) {
        switch (s) {
            case HUP: return 1;
            case INT: return 2;
            case QUIT: return 3;
            case ILL: return 4;
            case ABRT: return 6;
            case FPE: return 8;
            case KILL: return 9;
            case USR1: return 10;
            case SEGV: return 11;
            case USR2: return 12;
            case PIPE: return 13;
            case ALRM: return 14;
            case TERM: return 15;
            default: return 0;
        }
    }

    private static void cancel(Future<?>... futures) {
        for (Future<?> f : futures) {
            if (f != null) {
                f.cancel(true);
            }
        }
    }
}
