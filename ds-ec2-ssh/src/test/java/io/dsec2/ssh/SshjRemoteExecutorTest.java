package io.dsec2.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dsec2.exception.RemoteCommandTimeoutException;
import io.dsec2.exception.RemoteExecutionException;
import io.dsec2.spi.ExecRequest;
import io.dsec2.spi.ExecResult;
import io.dsec2.spi.RemoteHost;
import io.dsec2.spi.UploadRequest;
import io.dsec2.spi.UploadResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SshjRemoteExecutor against a real OpenSSH sshd on 127.0.0.1. */
class SshjRemoteExecutorTest {
    @TempDir
    static Path tmp;
    static TestSshd sshd;
    static SshjRemoteExecutor ssh;
    static RemoteHost host;

    @BeforeAll
    static void startSshd() {
        Path key = TestSshd.generateClientKey(tmp);
        sshd = TestSshd.start(tmp.resolve("sshd"), key, TestSshd.freePort(), "");
        host = sshd.host("node-1", true);
        ssh = SshjRemoteExecutor.builder().privateKeyFile(key).knownHostsFile(tmp.resolve("known_hosts"))
                .maxSessionsPerHost(8).build();
    }

    @AfterAll
    static void stop() {
        if (ssh != null) {
            ssh.close();
        }
        if (sshd != null) {
            sshd.close();
        }
    }

    private static ExecRequest.Builder cmd(String command) {
        return ExecRequest.builder().host(host).command(command).timeout(Local.scaled(Duration.ofSeconds(30)));
    }

    @Test
    void execReturnsStdoutStderrExitStatusAndDuration() {
        ExecResult r = ssh.execute(cmd("echo out; echo err >&2; sleep 0.3").build());
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderr()).isEqualTo("err\n");
        assertThat(r.exitStatus()).isZero();
        assertThat(r.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(r.host()).isEqualTo(host);
        assertThat(r.command()).isEqualTo("echo out; echo err >&2; sleep 0.3");

        ExecResult seven = ssh.execute(cmd("echo partial; exit 7").failOnNonZeroExit(false).build());
        assertThat(seven.exitStatus()).isEqualTo(7);
        assertThat(seven.stdout()).isEqualTo("partial\n");
    }

    @Test
    void execHasBashSemanticsAndFeedsStdin() {
        String script = "set -e\nfor i in 1 2 3; do printf \"$i\"; done | tr 1 x\necho \" it's $((6*7))\"\n";
        assertThat(ssh.execute(cmd(script).build()).stdout()).isEqualTo("x23 it's 42\n");
        assertThat(ssh.execute(cmd("false; echo not reached").failOnNonZeroExit(false).build()).stdout())
                .isEqualTo("not reached\n");
        ExecResult cat = ssh.execute(cmd("tr a-z A-Z; echo \"[$0]\" >/dev/null").stdin("hello\nworld\n").build());
        assertThat(cat.stdout()).isEqualTo("HELLO\nWORLD\n");
        assertThat(ssh.execute(cmd("cat | wc -c").build()).stdout().strip()).isEqualTo("0");
    }

    @Test
    void nonZeroExitFailsWithRedactedCommandAndStderr() throws IOException {
        String secret = "pa55-" + Long.toHexString(new Random().nextLong());
        ExecRequest req = cmd("for i in $(seq 1 30); do echo \"line $i\"; done; echo \"jdbc error for " + secret
                + "\"; echo \"connecting with " + secret + "\" >&2; exit 3").addSecret(secret).build();
        RemoteExecutionException e = catchThrowableOfType(() -> ssh.execute(req), RemoteExecutionException.class);
        assertThat(e).isNotNull();
        assertThat(e.exitStatus()).hasValue(3);
        assertThat(e.retryable()).isFalse();
        assertThat(e.host()).isEqualTo(host.toString());
        assertThat(e.command()).hasValue("for i in $(seq 1 30); do echo \"line $i\"; done; echo \"jdbc error for "
                + ExecRequest.MASK + "\"; echo \"connecting with " + ExecRequest.MASK + "\" >&2; exit 3");
        assertThat(e.stderrTail()).isEqualTo("connecting with " + ExecRequest.MASK);
        // the last 20 lines of stdout, masked, are in the message
        assertThat(e.stdoutTail().split("\n")).hasSize(RemoteExecutionException.OUTPUT_TAIL_LINES)
                .startsWith("line 12").endsWith("jdbc error for " + ExecRequest.MASK);
        assertThat(e.getMessage()).contains("exit status 3").contains("\n  jdbc error for " + ExecRequest.MASK)
                .doesNotContain("line 11\n").doesNotContain(secret);
        assertThat(e.toString()).doesNotContain(secret);
        assertThat(req.toString()).doesNotContain(secret);
        // the test JVM logs at debug level (see this module's pom): the command was logged, redacted only
        Path log = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile"));
        String logText = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(logText).contains("connecting with " + ExecRequest.MASK).doesNotContain(secret);
    }

    @Test
    void commandTextNeverAppearsInTheHostsProcessList() throws Exception {
        String secret = "tok-" + Long.toHexString(new Random().nextLong());
        ExecRequest req = cmd("TOKEN=" + secret + "; sleep 2; echo ${#TOKEN}").addSecret(secret).build();
        ExecutorService one = Executors.newSingleThreadExecutor();
        try {
            Future<ExecResult> running = one.submit(() -> ssh.execute(req));
            boolean sawWrapper = false;
            long deadline = System.nanoTime() + Local.scaled(Duration.ofSeconds(20)).toNanos();
            while (!running.isDone() && System.nanoTime() < deadline) {
                // sshd runs on this machine, so the host's process list is ours to read
                for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
                    String line = p.info().commandLine().orElse("");
                    assertThat(line).doesNotContain(secret);
                    sawWrapper |= line.contains("ds-ec2-exec-");
                }
                Thread.sleep(50);
            }
            assertThat(running.get().stdout()).isEqualTo(secret.length() + "\n");
            assertThat(sawWrapper).as("the wrapper process was observed while running").isTrue();
        } finally {
            one.shutdownNow();
        }
    }

    @Test
    void timeoutEndsTheRemoteProcessGroup() {
        ExecRequest req = cmd("sleep 3171 & sleep 3172; echo never").timeout(Duration.ofSeconds(2)).build();
        long start = System.nanoTime();
        RemoteCommandTimeoutException e = catchThrowableOfType(() -> ssh.execute(req),
                RemoteCommandTimeoutException.class);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(e).isNotNull();
        assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(e.retryable()).isTrue();
        assertThat(took).isBetween(Duration.ofSeconds(2), Local.scaled(Duration.ofSeconds(12)));
        assertThat(remainingSleeps()).as("remote sleeps after timeout").isEmpty();

        ExecRequest sudo = cmd("sleep 3173").sudo(true).timeout(Duration.ofSeconds(1)).build();
        assertThatThrownBy(() -> ssh.execute(sudo)).isInstanceOf(RemoteCommandTimeoutException.class);
        assertThat(remainingSleeps()).isEmpty();
    }

    private static String remainingSleeps() {
        long deadline = System.nanoTime() + Local.scaled(Duration.ofSeconds(5)).toNanos();
        String found;
        do {
            found = ssh.execute(cmd("pgrep -a -f 'sleep 317[123]'").failOnNonZeroExit(false).build()).stdout();
        } while (!found.isEmpty() && System.nanoTime() < deadline);
        return found;
    }

    @Test
    void sudoRunsAsRoot() {
        Local.requireTool("/usr/bin/sudo", "sudo");
        ExecResult r = ssh.execute(cmd("id -un; echo \"$SUDO_USER\"").sudo(true).build());
        assertThat(r.stdout()).isEqualTo("root\nroot\n");
    }

    @Test
    void concurrentExecsShareOneConnection() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<ExecResult>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ExecRequest req = cmd("sleep 0.3; echo " + i).build();
                results.add(pool.submit(() -> ssh.execute(req)));
            }
            for (int i = 0; i < 20; i++) {
                assertThat(results.get(i).get().stdout()).isEqualTo(i + "\n");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ssh.openConnections()).isEqualTo(1);
        String conns = ssh.execute(cmd("ss -tnH state established '( dport = :" + sshd.port() + " )' | wc -l")
                .build()).stdout().strip();
        assertThat(conns).as("TCP connections from the client to sshd").isEqualTo("1");
    }

    @Test
    void uploadOfLargeFileReportsProgressVerifiesChecksumAndAppliesMode() throws Exception {
        byte[] data = new byte[20 * 1024 * 1024 + 123];
        new Random(42).nextBytes(data);
        Path local = tmp.resolve("big.bin");
        Files.write(local, data);
        String expectedSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        Path remoteDir = Files.createDirectories(tmp.resolve("remote"));
        String remote = remoteDir.resolve("big.bin").toString();
        List<long[]> events = new ArrayList<>();
        UploadResult r = ssh.upload(UploadRequest.builder().host(host).localFile(local).remotePath(remote).mode(0600)
                .progressListener((sent, total) -> events.add(new long[] {sent, total})).build());

        assertThat(r.sha256()).isEqualTo(expectedSha);
        assertThat(r.bytes()).isEqualTo(data.length);
        assertThat(r.remotePath()).isEqualTo(remote);
        assertThat(events).hasSizeGreaterThan(10);
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i)[0]).isGreaterThan(events.get(i - 1)[0]);
        }
        assertThat(events.get(events.size() - 1)).containsExactly(data.length, data.length);
        ExecResult check = ssh.execute(cmd("stat -c '%a %U' " + remote + "; sha256sum " + remote + "; ls -A "
                + remoteDir).build());
        assertThat(check.stdout()).isEqualTo("600 root\n" + expectedSha + "  " + remote + "\nbig.bin\n");

        // replacing the file keeps no temporary files and applies the new mode
        ssh.upload(UploadRequest.builder().host(host).content("v2".getBytes(StandardCharsets.UTF_8))
                .remotePath(remote).mode(0644).build());
        assertThat(ssh.execute(cmd("stat -c '%a' " + remote + "; cat " + remote + "; echo; ls -A " + remoteDir)
                .build()).stdout()).isEqualTo("644\nv2\nbig.bin\n");
    }

    @Test
    void sudoUploadInstallsWithModeAndOwner() throws IOException {
        Path remoteDir = Files.createDirectories(tmp.resolve("etc-like"));
        String remote = remoteDir.resolve("db.password").toString();
        byte[] secret = "s3cret-value\n".getBytes(StandardCharsets.UTF_8);
        UploadResult r = ssh.upload(UploadRequest.builder().host(host).content(secret).remotePath(remote).mode(0640)
                .owner("nobody").sudo(true).build());
        assertThat(r.bytes()).isEqualTo(secret.length);
        ExecResult check = ssh.execute(cmd("stat -c '%a %U' " + remote + "; cat " + remote
                + "; ls /tmp/.ds-ec2-upload-* 2>/dev/null | wc -l").sudo(true).build());
        assertThat(check.stdout()).isEqualTo("640 nobody\ns3cret-value\n0\n");
    }

    @Test
    void uploadToMissingDirectoryFailsWithRemoteExecutionException() {
        UploadRequest req = UploadRequest.builder().host(host).content(new byte[] {1, 2, 3})
                .remotePath(tmp.resolve("no/such/dir/file").toString()).build();
        assertThatThrownBy(() -> ssh.upload(req)).isInstanceOf(RemoteExecutionException.class)
                .hasMessageContaining("transfer to").hasMessageContaining("No such file or directory");
        // more than the server's channel window (2 MiB): the writer must not wait for window space until sshj's
        // 30 s timeout once the receiving command has failed
        UploadRequest big = UploadRequest.builder().host(host).content(new byte[8 * 1024 * 1024])
                .remotePath(tmp.resolve("no/such/dir/file").toString()).build();
        long start = System.nanoTime();
        assertThatThrownBy(() -> ssh.upload(big)).isInstanceOf(RemoteExecutionException.class)
                .hasMessageContaining("transfer to").hasMessageContaining("No such file or directory");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(ssh.execute(cmd("echo still usable").build()).stdout()).isEqualTo("still usable\n");
    }
}
