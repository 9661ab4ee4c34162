package io.dsec2.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LocalCloudEndpointsTest {
    @Test
    void jsonKeepsOrderAndEscapesStringsArraysAndNulls() {
        LocalCloudEndpoints ep = LocalCloudEndpoints.builder()
                .put("awsEndpoint", "http://10.77.0.1:5000")
                .put("subnetIds", List.of("subnet-a", "subnet-b"))
                .put("privateKeyFile", "/tmp/we\"ird\\dir/key\n\t\u0001")
                .put("jdbcUrl", (String) null)
                .build();
        assertThat(ep.toJson()).isEqualTo("{\n"
                + "  \"awsEndpoint\": \"http://10.77.0.1:5000\",\n"
                + "  \"subnetIds\": [\"subnet-a\", \"subnet-b\"],\n"
                + "  \"privateKeyFile\": \"/tmp/we\\\"ird\\\\dir/key\\n\\t\\u0001\",\n"
                + "  \"jdbcUrl\": null\n"
                + "}\n");
        assertThat(ep.awsEndpoint()).isEqualTo("http://10.77.0.1:5000");
        assertThat(ep.subnetIds()).containsExactly("subnet-a", "subnet-b");
        assertThat(ep.jdbcUrl()).isNull();
        assertThat(ep.availabilityZones()).isEmpty();
    }
}
