package io.dsec2.testkit.standin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class CfgTest {
    private static final String YAML = """
            spring:
              datasource:
                driver-class-name: org.postgresql.Driver
                url: jdbc:postgresql://127.0.0.1:5432/dolphinscheduler
            registry:
              zookeeper:
                connect-string: localhost:2181
                block-until-connected: 600ms
            master:
              heartbeat-interval: 10s
            ---
            spring:
              config:
                activate:
                  on-profile: mysql
              datasource:
                driver-class-name: com.mysql.cj.jdbc.Driver
            """;

    @Test
    void defaultDocumentWithoutProfile() {
        Cfg c = Cfg.of(YAML, null, Map.of(), new Properties());
        assertThat(c.profiles()).isEmpty();
        assertThat(c.get("spring.datasource.driver-class-name")).isEqualTo("org.postgresql.Driver");
        assertThat(c.getDuration("registry.zookeeper.block-until-connected", null)).isEqualTo(Duration.ofMillis(600));
        assertThat(c.getDuration("master.heartbeat-interval", null)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void profileFromEnvironmentSelectsTheProfileDocument() {
        Cfg c = Cfg.of(YAML, null, Map.of("SPRING_PROFILES_ACTIVE", "mysql"), new Properties());
        assertThat(c.profiles()).containsExactly("mysql");
        assertThat(c.get("spring.datasource.driver-class-name")).isEqualTo("com.mysql.cj.jdbc.Driver");
        assertThat(c.get("spring.datasource.url")).startsWith("jdbc:postgresql:");
    }

    @Test
    void relaxedBindingOfEnvironmentVariables() {
        for (String name : new String[] {"REGISTRY_ZOOKEEPER_CONNECT_STRING", "REGISTRY_ZOOKEEPER_CONNECTSTRING"}) {
            Cfg c = Cfg.of(YAML, null, Map.of(name, "10.77.0.1:2181", "MASTER_HEARTBEAT_INTERVAL", "2s",
                    "STANDIN_SHUTDOWN_DELAY", "20s"), new Properties());
            assertThat(c.get("registry.zookeeper.connect-string")).as(name).isEqualTo("10.77.0.1:2181");
            assertThat(c.getDuration("master.heartbeat-interval", null)).isEqualTo(Duration.ofSeconds(2));
            assertThat(c.getDuration("standin.shutdown-delay", Duration.ZERO)).isEqualTo(Duration.ofSeconds(20));
        }
    }

    @Test
    void systemPropertiesWinOverEnvironment() {
        Properties sys = new Properties();
        sys.setProperty("spring.profiles.active", "upgrade,mysql");
        sys.setProperty("master.heartbeat-interval", "3s");
        Cfg c = Cfg.of(YAML, null, Map.of("MASTER_HEARTBEAT_INTERVAL", "2s"), sys);
        assertThat(c.profiles()).containsExactly("upgrade", "mysql");
        assertThat(c.get("spring.datasource.driver-class-name")).isEqualTo("com.mysql.cj.jdbc.Driver");
        assertThat(c.getDuration("master.heartbeat-interval", null)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void commonPropertiesPriorityIsEnvThenSystemThenFile() {
        String props = "dolphin.scheduler.network.interface.preferred=eth0\nresource.storage.type=LOCAL\n";
        Properties sys = new Properties();
        sys.setProperty("resource.storage.type", "HDFS");
        Cfg c = Cfg.of(YAML, props, Map.of("DOLPHIN_SCHEDULER_NETWORK_INTERFACE_PREFERRED", "br0"), sys);
        assertThat(c.common("dolphin.scheduler.network.interface.preferred", null)).isEqualTo("br0");
        assertThat(c.common("resource.storage.type", null)).isEqualTo("HDFS");
        assertThat(c.common("missing.key", "dflt")).isEqualTo("dflt");
    }

    @Test
    void springDurationForms() {
        assertThat(Cfg.parseDuration("30000ms")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Cfg.parseDuration("15s")).isEqualTo(Duration.ofSeconds(15));
        assertThat(Cfg.parseDuration("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Cfg.parseDuration("250")).isEqualTo(Duration.ofMillis(250));
        assertThat(Cfg.parseDuration("PT1M")).isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> Cfg.parseDuration("ten seconds")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jsonRoundTrip() {
        Object v = Json.parse(Json.write(Map.of("a", java.util.List.of(1, "x\"y", true), "b", 0.5)));
        assertThat(v).isEqualTo(Map.of("a", java.util.List.of(1L, "x\"y", true), "b", 0.5));
    }
}
