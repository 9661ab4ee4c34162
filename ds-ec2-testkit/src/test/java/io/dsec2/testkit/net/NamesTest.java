package io.dsec2.testkit.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NamesTest {
    @Test
    void everyMachineWideNameCarriesThePrefixAndFitsIntoAnInterfaceName() {
        RunId run = new RunId("0a1f");
        assertThat(run.bridgeName()).isEqualTo("dsec2b-0a1f");
        assertThat(run.vethName("10.77.255.254")).isEqualTo("dsec2v0a1ffffe").hasSizeLessThanOrEqualTo(15);
        assertThat(run.vethName("10.77.1.4")).isEqualTo("dsec2v0a1f0104");
        assertThat(run.namespaceName("10.77.1.4")).isEqualTo("dsec2-0a1f-10-77-1-4");
        assertThat(run.dirName()).isEqualTo("dsec2-0a1f");
        assertThat(RunId.random().value()).matches("[0-9a-f]{4}");
        assertThatThrownBy(() -> new RunId("x; rm")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hostSpecValidatesUserAndKeys() {
        HostSpec s = HostSpec.builder().instanceId("i-1").privateIp("10.77.1.4").authorizedKey("ssh-ed25519 AAAA k\n")
                .build();
        assertThat(s.loginUser()).isEqualTo("ec2-user");
        assertThat(s.authorizedKeys()).containsExactly("ssh-ed25519 AAAA k");
        assertThat(s.hostname()).isEqualTo("ip-10-77-1-4");
        assertThatThrownBy(() -> HostSpec.builder().instanceId("i").privateIp("10.77.1.4").loginUser("root; x").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostSpec.builder().instanceId("i").privateIp("10.77.1.4")
                .authorizedKey("a\nb").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostSpec.builder().instanceId("i").privateIp("10.77.1.4 x").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostSpec.builder().instanceId("../i").privateIp("10.77.1.4").build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
