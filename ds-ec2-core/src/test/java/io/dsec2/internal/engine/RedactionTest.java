package io.dsec2.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.exception.DsEc2Exception;
import org.junit.jupiter.api.Test;

class RedactionTest {
    @Test
    void masksAssignmentsUrlPasswordsAndPrivateKeys() {
        assertThat(Redaction.mask("db.password=hunter2 user=ds")).isEqualTo("db.password=**** user=ds");
        assertThat(Redaction.mask("AWS_SECRET_ACCESS_KEY: wJalr/K7 next")).isEqualTo("AWS_SECRET_ACCESS_KEY: **** next");
        assertThat(Redaction.mask("api-key=\"a b c\";")).isEqualTo("api-key=****;");
        assertThat(Redaction.mask("https://bob:pa55@repo.example/x")).isEqualTo("https://bob:****@repo.example/x");
        assertThat(Redaction.mask("k=-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----"))
                .doesNotContain("AAAA");
        assertThat(Redaction.mask("start master-server on master-1")).isEqualTo("start master-server on master-1");
    }

    @Test
    void summariesKeepOurMessagesButWithholdOthers() {
        assertThat(Redaction.summary(new DsEc2Exception("sshd not ready\nsecond line")))
                .isEqualTo("DsEc2Exception: sshd not ready ...");
        assertThat(Redaction.summary(new IllegalStateException("password=x")))
                .isEqualTo("java.lang.IllegalStateException (message withheld: it may hold secrets)");
        DsEc2Exception wrapped = Redaction.asDsEc2("t1", new RuntimeException("token=abc"));
        assertThat(wrapped.getMessage()).contains("t1", "RuntimeException").doesNotContain("abc");
        assertThat(wrapped.getCause()).isInstanceOf(RuntimeException.class);
        DsEc2Exception ours = new DsEc2Exception("x");
        assertThat(Redaction.asDsEc2("t1", ours)).isSameAs(ours);
    }
}
