package io.dsec2.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * The health of one load balancer target as the provider reports it.
 *
 * <pre>{@code
 * boolean ready = lb.describeTargetHealth(req).stream().allMatch(TargetHealth::healthy);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class TargetHealth {
    private final String instanceId;
    private final String state;
    private final String reason;

    private TargetHealth(String instanceId, String state, String reason) {
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId must not be null");
        this.state = Objects.requireNonNull(state, "state must not be null");
        this.reason = reason;
    }

    /**
     * @param instanceId the target's instance id
     * @param state {@code initial}, {@code healthy}, {@code unhealthy}, {@code unused}, {@code draining} or
     *     {@code unavailable}
     * @param reason the provider's reason code (for example {@code Target.NotRegistered}), or null
     * @return the value
     */
    public static TargetHealth of(String instanceId, String state, String reason) {
        return new TargetHealth(instanceId, state, reason);
    }

    /** @return the instance id */
    public String instanceId() {
        return instanceId;
    }

    /** @return the state name */
    public String state() {
        return state;
    }

    /** @return true if the state is {@code healthy} */
    public boolean healthy() {
        return "healthy".equals(state);
    }

    /** @return the reason code, if the provider gave one */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TargetHealth && ((TargetHealth) o).instanceId.equals(instanceId)
                && ((TargetHealth) o).state.equals(state) && Objects.equals(((TargetHealth) o).reason, reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(instanceId, state, reason);
    }

    @Override
    public String toString() {
        return "TargetHealth{" + instanceId + "=" + state + (reason == null ? "" : " (" + reason + ")") + "}";
    }
}
