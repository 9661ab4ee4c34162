package io.dsec2.ssh.internal;

import io.dsec2.exception.HostKeyVerificationException;
import io.dsec2.exception.RemoteExecutionException;
import io.dsec2.spi.RemoteHost;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;
import net.schmizz.sshj.transport.cipher.Cipher;
import net.schmizz.sshj.userauth.UserAuthException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens and authenticates one sshj connection, directly or through a jump host's direct-tcpip channel.
 * Connect and authentication run together on one worker thread (sshj #611) under a watchdog, because a
 * tunnelled connection has no socket and so no socket timeouts. Thread-safe.
 */
final class SshConnector {
    private static final Logger LOG = LoggerFactory.getLogger(SshConnector.class);
    private final SshSettings settings;
    private final KnownHostsStore knownHosts;
    private final ExecutorService threads;
    private final DefaultConfig config;

    SshConnector(SshSettings settings, KnownHostsStore knownHosts, ExecutorService threads) {
        this.settings = settings;
        this.knownHosts = knownHosts;
        this.threads = threads;
        this.config = new DefaultConfig();
        this.config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        this.config.setCipherFactories(preferJdkAesGcm(config.getCipherFactories()));
    }

    /**
     * @param host the host to log in to
     * @param via an open connection to the jump host, or null to connect directly
     * @param limit longest time for connect, key exchange and login together
     * @return the authenticated connection
     * @throws HostKeyVerificationException if the host key is refused
     * @throws RemoteExecutionException for any other failure (retryable unless authentication was refused)
     */
    HostConnection connect(RemoteHost host, HostConnection via, Duration limit) {
        long started = System.nanoTime();
        SSHClient client = new SSHClient(config);
        PinningHostKeyVerifier verifier = new PinningHostKeyVerifier(knownHosts, host);
        client.addHostKeyVerifier(verifier);
        client.getTransport().addAlgorithmsVerifier(algs -> {
            String cipher = algs.getClient2ServerCipherAlgorithm();
            boolean aead = cipher.contains("-gcm@") || cipher.startsWith("chacha20-poly1305");
            LOG.debug("SSH to {}: cipher {}, MAC {}, compression {}, key exchange {}", host, cipher,
                    aead ? "implicit" : algs.getClient2ServerMACAlgorithm(),
                    algs.getClient2ServerCompressionAlgorithm(), algs.getKeyExchangeAlgorithm());
            return true;
        });
        long limitMs = Math.max(1, limit.toMillis());
        client.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, limitMs));
        long keepAlive = settings.keepAliveInterval().toSeconds();
        if (!settings.keepAliveInterval().isZero()) {
            client.getConnection().getKeepAlive().setKeepAliveInterval((int) Math.max(1, keepAlive));
        }
        Future<Void> attempt = threads.submit(() -> {
            if (via == null) {
                client.connect(host.address(), host.port());
            } else {
                DirectConnection tunnel = via.client().newDirectConnection(host.address(), host.port());
                client.connectVia(tunnel);
            }
            client.authPublickey(host.user(), client.loadKeys(settings.privateKeyFile().toString()));
            return null;
        });
        try {
            attempt.get(limitMs, TimeUnit.MILLISECONDS);
            LOG.debug("SSH connection to {}{} established in {} ms", host, via == null ? "" : " via " + via.host(),
                    (System.nanoTime() - started) / 1_000_000);
            return new HostConnection(host, client, settings.maxSessionsPerHost());
        } catch (TimeoutException e) {
            attempt.cancel(true);
            closeQuietly(client);
            throw new RemoteExecutionException("SSH connect and login did not finish within " + limit, host.toString(),
                    null, null, null, e, true);
        } catch (InterruptedException e) {
            attempt.cancel(true);
            closeQuietly(client);
            Thread.currentThread().interrupt();
            throw new RemoteExecutionException("interrupted while connecting", host.toString(), null, null, null, e,
                    false);
        } catch (ExecutionException e) {
            closeQuietly(client);
            HostKeyVerificationException refusal = verifier.refusal();
            if (refusal != null) {
                throw refusal;
            }
            Throwable cause = e.getCause();
            if (cause instanceof UserAuthException) {
                throw new RemoteExecutionException("SSH login refused for user " + host.user() + " with key "
                        + settings.privateKeyFile(), host.toString(), null, null, null, cause, false);
            }
            String through = via == null ? "" : " through jump host " + via.host();
            throw new RemoteExecutionException("SSH connection failed" + through + ": " + cause, host.toString(),
                    null, null, null, cause, true);
        }
    }

    /**
     * sshj offers chacha20-poly1305 first, and takes every cipher from BouncyCastle, whose pure-Java code held an
     * upload to about 110 MB/s per CPU core. AES-GCM from the JDK's own provider uses AES-NI and carry-less
     * multiply and costs a fraction of that; OpenSSH servers (6.2 and later) all offer it. The other ciphers stay,
     * after it, for servers that lack it.
     */
    static List<Factory.Named<Cipher>> preferJdkAesGcm(List<Factory.Named<Cipher>> sshjDefaults) {
        if (!JdkGcmCiphers.available()) {
            LOG.debug("the JDK offers no AES/GCM; keeping sshj's cipher order");
            return sshjDefaults;
        }
        List<Factory.Named<Cipher>> ciphers = new ArrayList<>();
        ciphers.add(JdkGcmCiphers.aes128());
        ciphers.add(JdkGcmCiphers.aes256());
        for (Factory.Named<Cipher> f : sshjDefaults) {
            if (!f.getName().equals(JdkGcmCiphers.aes128().getName())
                    && !f.getName().equals(JdkGcmCiphers.aes256().getName())) {
                ciphers.add(f);
            }
        }
        return ciphers;
    }

    private static void closeQuietly(SSHClient client) {
        try {
            client.close();
        } catch (IOException | RuntimeException e) {
            LOG.trace("close after failed connect: {}", e.toString());
        }
    }
}
