package io.dsec2.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dsec2.exception.DsEc2Exception;
import io.dsec2.exception.HostUnreachableException;
import io.dsec2.spi.ExecRequest;
import io.dsec2.spi.RemoteHost;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** awaitReachable: waits with backoff for sshd to come up, and gives up at the deadline. */
class AwaitReachableTest {
    @TempDir
    Path tmp;

    @Test
    void waitsForAnSshdThatStartsLater() throws Exception {
        Path key = TestSshd.generateClientKey(tmp);
        TestSshd sshd = TestSshd.prepare(tmp.resolve("sshd"), key, TestSshd.freePort(), "");
        AtomicInteger failedAttempts = new AtomicInteger();
        AtomicInteger reachable = new AtomicInteger();
        SshEventListener listener = new SshEventListener() {
            @Override
            public void connectAttemptFailed(RemoteHost host, int attempt, DsEc2Exception failure) {
                failedAttempts.incrementAndGet();
            }

            @Override
            public void hostReachable(RemoteHost host, Duration waited, int attempts) {
                reachable.set(attempts);
            }
        };
        CompletableFuture<Void> starter = CompletableFuture.runAsync(() -> {
            sleep(2000);
            sshd.start();
        });
        try (SshjRemoteExecutor ssh = SshjRemoteExecutor.builder().privateKeyFile(key)
                .knownHostsFile(tmp.resolve("known_hosts")).listener(listener)
                .reachableBackoff(Duration.ofMillis(200), Duration.ofSeconds(1)).build()) {
            RemoteHost host = sshd.host("late-node", true);
            long start = System.nanoTime();
            ssh.awaitReachable(host, Local.scaled(Duration.ofSeconds(30)));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
            assertThat(failedAttempts.get()).isGreaterThanOrEqualTo(2);
            assertThat(reachable.get()).isEqualTo(failedAttempts.get() + 1);
            assertThat(ssh.execute(ExecRequest.builder().host(host).command("echo up").build()).stdout())
                    .isEqualTo("up\n");
            assertThat(ssh.openConnections()).isEqualTo(1);
        } finally {
            starter.get(30, TimeUnit.SECONDS);
            sshd.close();
        }
    }

    @Test
    void givesUpAtTheDeadline() {
        Path key = TestSshd.generateClientKey(tmp);
        int closedPort = TestSshd.freePort();
        try (SshjRemoteExecutor ssh = SshjRemoteExecutor.builder().privateKeyFile(key)
                .knownHostsFile(tmp.resolve("known_hosts")).reachableBackoff(Duration.ofMillis(100),
                        Duration.ofMillis(500)).build()) {
            RemoteHost host = RemoteHost.builder().nodeId("never-up").address("127.0.0.1").port(closedPort)
                    .user("root").trustOnFirstUse(true).build();
            long start = System.nanoTime();
            HostUnreachableException e = catchThrowableOfType(() -> ssh.awaitReachable(host, Duration.ofSeconds(3)),
                    HostUnreachableException.class);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(e).isNotNull();
            assertThat(e.retryable()).isTrue();
            assertThat(e.attempts()).isGreaterThan(2);
            assertThat(e.waited()).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
            assertThat(took).isLessThan(Local.scaled(Duration.ofSeconds(8)));
            assertThat(e.getMessage()).contains("never-up", "127.0.0.1:" + closedPort, "not reachable");
            assertThat(e.getCause()).isInstanceOf(DsEc2Exception.class);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
