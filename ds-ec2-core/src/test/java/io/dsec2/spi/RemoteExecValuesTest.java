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
}
