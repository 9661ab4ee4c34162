package io.dsec2.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.exception.RemoteExecutionException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Value types of the RemoteExecutor SPI: defaults, validation, redaction, copies. */
class RemoteExecValuesTest {
    private final RemoteHost host = RemoteHost.builder().nodeId("master-1").address("10.0.1.4").user("ec2-user")
            .build();

    @Test
    void remoteHostDefaultsAndCopies() {
        assertThat(host.port()).isEqualTo(22);
        assertThat(host.trustOnFirstUse()).isFalse();
        assertThat(host.toString()).isEqualTo("master-1 (ec2-user@10.0.1.4:22)");
        RemoteHost tofu = host.copy(b -> b.trustOnFirstUse(true).port(2222));
        assertThat(tofu.trustOnFirstUse()).isTrue();
        assertThat(tofu.port()).isEqualTo(2222);
        assertThat(tofu.toBuilder().trustOnFirstUse(false).port(22).build()).isEqualTo(host);
        assertThatThrownBy(() -> RemoteHost.builder().port(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RemoteHost.builder().nodeId("x").user("u").build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("address");
    }

    @Test
    void execRequestRedactsSecretsLongestFirstAndHidesStdin() {
        ExecRequest r = ExecRequest.builder().host(host).command("login pw=abc123 token=abc")
                .secrets(List.of("abc", "abc123", "")).stdin("top secret input").build();
        assertThat(r.redactedCommand()).isEqualTo("login pw=***** token=*****");
        assertThat(r.redact("stderr said abc123")).isEqualTo("stderr said *****");
        assertThat(r.toString()).doesNotContain("abc").doesNotContain("top secret").contains("stdinBytes=16");
        assertThat(r.timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(r.failOnNonZeroExit()).isTrue();
        assertThat(r.sudo()).isFalse();
        assertThat(r.stdin()).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8))
                .isEqualTo("top secret input"));
        assertThat(r.copy(b -> b.sudo(true)).sudo()).isTrue();
        assertThat(r.toBuilder().build()).isEqualTo(r);
        assertThatThrownBy(() -> ExecRequest.builder().timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExecRequest.builder().host(host).command(" ").build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void uploadRequestNeedsExactlyOneSourceAndNeverShowsContent() {
        UploadRequest r = UploadRequest.builder().host(host).content("hunter2".getBytes(StandardCharsets.UTF_8))
                .remotePath("/etc/ds/db.password").owner("ds:ds").build();
        assertThat(r.mode()).isEqualTo(0600);
        assertThat(r.verifySha256()).isTrue();
        assertThat(r.toString()).doesNotContain("hunter2").contains("7 bytes in memory", "mode=0600");
        assertThat(r.copy(b -> b.localFile(Path.of("/x"))).content()).isEmpty();
        assertThatThrownBy(() -> UploadRequest.builder().host(host).remotePath("/a").build())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> UploadRequest.builder().host(host).content(new byte[0]).remotePath("rel").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UploadRequest.builder().mode(010000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UploadRequest.builder().owner("root; rm -rf /"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void remoteExecutionExceptionCarriesContextAndKeepsOnlyTheStderrTail() {
        String stderr = "x".repeat(5000) + "END";
        RemoteExecutionException e = new RemoteExecutionException("command failed", host.toString(), "ls *****", 2,
                stderr, null, false);
        assertThat(e.exitStatus()).hasValue(2);
        assertThat(e.command()).hasValue("ls *****");
        assertThat(e.stderrTail()).hasSize(RemoteExecutionException.MAX_STDERR_TAIL_CHARS + 3).endsWith("END");
        assertThat(e.getMessage()).startsWith("command failed on master-1 (ec2-user@10.0.1.4:22); command: ls *****;"
                + " exit status 2; stderr: ...");
        assertThat(e.retryable()).isFalse();
    }

    @Test
    void aFailedCommandShowsTheLastLinesOfItsStdoutWithoutStackFramesOrSecrets() {
        // what upgrade-schema.sh prints when the database refuses (Hikari's pool start, the driver's error)
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            out.append("[INFO] 2026-12-04 17:00:").append(i).append(" starting, password=s3cr3t-PW\n");
        }
        out.append("[ERROR] com.zaxxer.hikari.pool.HikariPool:[0] - DolphinScheduler - Exception during pool"
                + " initialization.\n")
                .append("org.postgresql.util.PSQLException: Connection to 10.77.0.1:5433 refused. Check that the"
                        + " hostname and port are correct and that the postmaster is accepting TCP/IP connections.\n");
        for (int i = 0; i < 30; i++) {
            out.append("\tat org.postgresql.core.v3.ConnectionFactoryImpl.openConnectionImpl(ConnectionFactoryImpl"
                    + ".java:").append(i).append(")\n");
        }
        out.append("Caused by: java.net.ConnectException: Connection refused\n")
                .append("\tat java.base/sun.nio.ch.Net.pollConnect(Native Method)\n\t... 25 more\n")
                .append("\t... 3 common frames omitted\n");
        ExecRequest req = ExecRequest.builder().host(host).command("bash tools/bin/upgrade-schema.sh")
                .secrets(java.util.Set.of("s3cr3t-PW")).build();
        RemoteExecutionException e = new RemoteExecutionException("command failed", host.toString(),
                req.redactedCommand(), 1, req.redact(out.toString()), "", null, false);
        String[] lines = e.stdoutTail().split("\n");
        assertThat(lines).hasSize(RemoteExecutionException.OUTPUT_TAIL_LINES);
        assertThat(lines[lines.length - 1]).isEqualTo("Caused by: java.net.ConnectException: Connection refused");
        assertThat(e.stdoutTail()).contains("org.postgresql.util.PSQLException: Connection to 10.77.0.1:5433 refused")
                .doesNotContain("\tat ").doesNotContain("more").doesNotContain("s3cr3t-PW").contains("password=*****");
        assertThat(e.getMessage()).contains("exit status 1; last lines of stdout:\n  ")
                .contains("\n  org.postgresql.util.PSQLException: Connection to 10.77.0.1:5433 refused")
                .doesNotContain("s3cr3t-PW").doesNotContain("stderr:");
        assertThat(new RemoteExecutionException("x", "h", "c", 1, "y".repeat(1000), null, null, false).stdoutTail())
                .hasSize(403).endsWith("...");
        assertThat(new RemoteExecutionException("x", "h", "c", 1, null, null, null, false).getMessage())
                .isEqualTo("x on h; command: c; exit status 1");
    }
}
