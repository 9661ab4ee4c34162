package io.dsec2.spi;

import java.util.List;
import java.util.Objects;

/**
 * A target group and instance ids, for registering, deregistering or describing health.
 *
 * <pre>{@code
 * lb.registerTargets(TargetsRequest.of(info.targetGroupArn(), List.of("i-0abc")));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class TargetsRequest {
    private final String targetGroupArn;
    private final List<String> instanceIds;

    private TargetsRequest(String targetGroupArn, List<String> instanceIds) {
        this.targetGroupArn = Objects.requireNonNull(targetGroupArn, "targetGroupArn must not be null");
        this.instanceIds = List.copyOf(instanceIds);
    }

    /**
     * @param targetGroupArn the target group
     * @param instanceIds the instances (registered on the target group's port, 12345)
     * @return the request
     */
    public static TargetsRequest of(String targetGroupArn, List<String> instanceIds) {
        return new TargetsRequest(targetGroupArn, instanceIds);
    }

    /** @return the target group ARN */
    public String targetGroupArn() {
        return targetGroupArn;
    }

    /** @return the instance ids */
    public List<String> instanceIds() {
        return instanceIds;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TargetsRequest && ((TargetsRequest) o).targetGroupArn.equals(targetGroupArn)
                && ((TargetsRequest) o).instanceIds.equals(instanceIds);
    }

    @Override
    public int hashCode() {
        return Objects.hash(targetGroupArn, instanceIds);
    }

    @Override
    public String toString() {
        return "TargetsRequest{" + targetGroupArn + ", instances=" + instanceIds + "}";
    }
}
