package io.dsec2.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a client needs to use a running {@link LocalCloud} as it would use AWS: the AWS endpoint and region,
 * the network and image ids, the key pair, the instance profile, and the stand-in services (ZooKeeper, MariaDB,
 * PostgreSQL, package URLs). Holds no secret: the database password is only in Secrets Manager ({@link #dbSecretId()}) and
 * SSM ({@link #dbPasswordParameter()}). Immutable; {@link #toJson()} gives the launcher's JSON. Null fields are
 * services that were not started.
 */
public final class LocalCloudEndpoints {
    private final Map<String, Object> values;

    private LocalCloudEndpoints(Builder b) {
        this.values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.values));
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    public String awsEndpoint() {
        return str("awsEndpoint");
    }

    public String region() {
        return str("region");
    }

    public String vpcId() {
        return str("vpcId");
    }

    public String vpcCidr() {
        return str("vpcCidr");
    }

    public List<String> subnetIds() {
        return list("subnetIds");
    }

    public List<String> availabilityZones() {
        return list("availabilityZones");
    }

    public String amiId() {
        return str("amiId");
    }

    public String keyPairName() {
        return str("keyPairName");
    }

    /** @return the private key file of {@link #keyPairName()} (PEM/OpenSSH, 0600) */
    public String privateKeyFile() {
        return str("privateKeyFile");
    }

    public String instanceProfile() {
        return str("instanceProfile");
    }

    public String bucket() {
        return str("bucket");
    }

    public String dbSecretId() {
        return str("dbSecretId");
    }

    public String dbPasswordParameter() {
        return str("dbPasswordParameter");
    }

    /** @return {@code host:port} of ZooKeeper, reachable from hosts */
    public String zookeeperConnectString() {
        return str("zookeeperConnectString");
    }

    /** @return the JDBC URL of the {@code dolphinscheduler} database on MariaDB, reachable from hosts */
    public String jdbcUrl() {
        return str("jdbcUrl");
    }

    public String dbUser() {
        return str("dbUser");
    }

    /**
     * @return the JDBC URL of the {@code dolphinscheduler} database on the LocalCloud's PostgreSQL 15 (TLS on, a
     *         self-signed certificate), reachable from hosts: {@code jdbc:postgresql://<gateway>:<port>/dolphinscheduler?sslmode=require}
     */
    public String postgresJdbcUrl() {
        return str("postgresJdbcUrl");
    }

    /** @return PostgreSQL's TCP port on {@link #gatewayIp()} (5432 when free) */
    public String postgresPort() {
        return str("postgresPort");
    }

    /** @return the PostgreSQL user owning that database; its password is the secret {@link #dbSecretId()} */
    public String postgresUser() {
        return str("postgresUser");
    }

    /** @return the URL of the DS 3.2.0 stand-in tarball, reachable from hosts */
    public String packageUrl() {
        return str("packageUrl");
    }

    /** @return the SHA-512 (hex) of the tarball */
    public String packageSha512() {
        return str("packageSha512");
    }

    /** @return the URL of mysql-connector-j 8.0.33, reachable from hosts */
    public String mysqlDriverUrl() {
        return str("mysqlDriverUrl");
    }

    public String mysqlDriverSha512() {
        return str("mysqlDriverSha512");
    }

    /** @return the address of the bridge, where every service listens */
    public String gatewayIp() {
        return str("gatewayIp");
    }

    /** @return every value by name, in JSON order */
    public Map<String, Object> asMap() {
        return values;
    }

    /** @return a pretty-printed JSON object with every field (strings, string arrays, null) */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            sb.append("  ").append(quote(e.getKey())).append(": ");
            Object v = e.getValue();
            if (v == null) {
                sb.append("null");
            } else if (v instanceof List<?> l) {
                sb.append('[');
                for (int j = 0; j < l.size(); j++) {
                    sb.append(j > 0 ? ", " : "").append(quote(String.valueOf(l.get(j))));
                }
                sb.append(']');
            } else {
                sb.append(quote(v.toString()));
            }
            sb.append(++i < values.size() ? ",\n" : "\n");
        }
        return sb.append("}\n").toString();
    }

    /** JSON string literal of {@code s}, escaping quotes, backslashes and control characters. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    @Override
    public String toString() {
        return "LocalCloudEndpoints" + values;
    }

    private String str(String k) {
        Object v = values.get(k);
        return v == null ? null : v.toString();
    }

    @SuppressWarnings("unchecked")
    private List<String> list(String k) {
        Object v = values.get(k);
        return v == null ? List.of() : (List<String>) v;
    }

    /** Builder for {@link LocalCloudEndpoints}; fields appear in JSON in the order they are set. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Object> values = new LinkedHashMap<>();

        private Builder() {
        }

        /** Sets a string field (null for a service not started). */
        public Builder put(String name, String value) {
            values.put(name, value);
            return this;
        }

        /** Sets a string-array field. */
        public Builder put(String name, List<String> value) {
            values.put(name, List.copyOf(new ArrayList<>(value)));
            return this;
        }

        public LocalCloudEndpoints build() {
            return new LocalCloudEndpoints(this);
        }
    }
}
