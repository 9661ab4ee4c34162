package io.dsec2.ssh.internal;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Frozen settings of one executor, passed from the public builder to the internals.
 *
 * @param privateKeyFile OpenSSH private key used for every login
 * @param connectTimeout limit for TCP connect, key exchange and authentication together
 * @param keepAliveInterval interval of keepalive@openssh.com requests; zero disables them
 * @param maxSessionsPerHost concurrent channels per connection
 * @param initialBackoff first pause between attempts of awaitReachable
 * @param maxBackoff longest pause between attempts of awaitReachable
 */
public record SshSettings(Path privateKeyFile, Duration connectTimeout, Duration keepAliveInterval,
        int maxSessionsPerHost, Duration initialBackoff, Duration maxBackoff) {
}
