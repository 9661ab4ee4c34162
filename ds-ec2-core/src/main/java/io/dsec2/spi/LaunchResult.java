package io.dsec2.spi;

import java.util.Objects;

/**
 * What {@link Provisioner#launch(LaunchRequest)} did: the instance of the node, and whether it already existed
 * (adopted) or was launched by this call.
 *
 * <pre>{@code
 * LaunchResult r = provisioner.launch(request);
 * if (!r.adopted()) { createdByThisRun.add(r.instance().instanceId()); }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class LaunchResult {
    private final CloudInstance instance;
    private final boolean adopted;

    private LaunchResult(CloudInstance instance, boolean adopted) {
        this.instance = Objects.requireNonNull(instance, "instance must not be null");
        this.adopted = adopted;
    }

    /**
     * @param instance the node's instance
     * @param adopted true if the instance existed before the call
     * @return the result
     */
    public static LaunchResult of(CloudInstance instance, boolean adopted) {
        return new LaunchResult(instance, adopted);
    }

    /** @return the node's instance (state {@code pending} or {@code running}, or {@code stopped} if adopted so) */
    public CloudInstance instance() {
        return instance;
    }

    /** @return true if an instance with this cluster and node id already existed and no new one was launched */
    public boolean adopted() {
        return adopted;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LaunchResult && ((LaunchResult) o).instance.equals(instance)
                && ((LaunchResult) o).adopted == adopted;
    }

    @Override
    public int hashCode() {
        return Objects.hash(instance, adopted);
    }

    @Override
    public String toString() {
        return "LaunchResult{" + instance + ", adopted=" + adopted + "}";
    }
}
