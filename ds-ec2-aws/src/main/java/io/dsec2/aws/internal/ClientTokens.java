package io.dsec2.aws.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Derives RunInstances idempotency tokens (at most 64 ASCII characters,
 * https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-idempotency.html). Stateless.
 */
public final class ClientTokens {
    private static final String PREFIX = "dsec2-";

    private ClientTokens() {
    }

    /**
     * @param clusterId cluster id
     * @param nodeId node id
     * @param generation 0 for the first launch of the node; higher after AWS refused a token whose instance was
     *     terminated ({@code IdempotentInstanceTerminated})
     * @return {@code dsec2-} and 58 hex characters of SHA-256 over cluster, node and generation: 64 characters
     */
    public static String derive(String clusterId, String nodeId, long generation) {
        String input = clusterId + "\n" + nodeId + (generation == 0 ? "" : "\n" + generation);
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(d).substring(0, 64 - PREFIX.length());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
