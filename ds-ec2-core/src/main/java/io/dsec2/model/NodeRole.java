package io.dsec2.model;

import java.util.Locale;

/**
 * The DolphinScheduler 3.2.0 server that a node runs. Each node of a ds-ec2 cluster runs exactly one.
 *
 * <p>Ports and directory names come from the 3.2.0 distribution: the server directory in the binary tarball
 * (https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-dist/src/main/assembly/dolphinscheduler-bin.xml),
 * the RPC port and the Spring Boot HTTP port that serves
 * {@code /actuator/health} (each server's {@code application.yaml}, for example
 * https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-master/src/main/resources/application.yaml).
 */
public enum NodeRole {
    /** {@code master-server}: RPC 5678, HTTP 5679. */
    MASTER("master", "master-server", 5678, 5679),
    /** {@code worker-server}: RPC 1234 (also serves task logs), HTTP 1235. */
    WORKER("worker", "worker-server", 1234, 1235),
    /** {@code api-server}: HTTP 12345 under {@code /dolphinscheduler}; no RPC port. */
    API("api", "api-server", -1, 12345),
    /** {@code alert-server}: RPC 50052, HTTP 50053. */
    ALERT("alert", "alert-server", 50052, 50053);

    private final String id;
    private final String serverDir;
    private final int rpcPort;
    private final int httpPort;

    NodeRole(String id, String serverDir, int rpcPort, int httpPort) {
        this.id = id;
        this.serverDir = serverDir;
        this.rpcPort = rpcPort;
        this.httpPort = httpPort;
    }

    /** @return the short lower-case id used in tags, YAML and node ids: {@code master}, {@code worker}, {@code api}, {@code alert} */
    public String id() {
        return id;
    }

    /** @return the server directory inside the distribution, for example {@code master-server} */
    public String serverDir() {
        return serverDir;
    }

    /** @return the RPC (Netty) port, or -1 for the api server, which has none */
    public int rpcPort() {
        return rpcPort;
    }

    /** @return the Spring Boot HTTP port that serves the actuator health endpoint */
    public int httpPort() {
        return httpPort;
    }

    /**
     * Parses a role from its id, its server directory name or its enum name, ignoring case.
     *
     * @param text for example {@code worker}, {@code worker-server} or {@code WORKER}
     * @return the role
     * @throws IllegalArgumentException if the text names no role; the message lists the valid ids
     */
    public static NodeRole of(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (NodeRole r : values()) {
            if (r.id.equals(t) || r.serverDir.equals(t) || r.name().toLowerCase(Locale.ROOT).equals(t)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + text + "': use one of master, worker, api, alert");
    }
}
