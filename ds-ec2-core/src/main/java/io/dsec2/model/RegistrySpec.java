package io.dsec2.model;

import io.dsec2.internal.spec.Checks;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The ZooKeeper ensemble DolphinScheduler registers its servers in (bring your own; ZooKeeper 3.8+).
 * Rendered as {@code registry.zookeeper.*} in every server's config (ds-3.2.0-facts.md §4).
 *
 * <pre>{@code
 * RegistrySpec zk = RegistrySpec.builder()
 *         .connectString("10.0.1.10:2181,10.0.2.10:2181,10.0.3.10:2181")
 *         .blockUntilConnected(Duration.ofSeconds(30))
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe. Values are checked by {@link ClusterSpec.Builder#build()}.
 */
public final class RegistrySpec {
    private final String connectString;
    private final String namespace;
    private final Duration sessionTimeout;
    private final Duration blockUntilConnected;

    private RegistrySpec(Builder b) {
        connectString = b.connectString;
        namespace = b.namespace;
        sessionTimeout = b.sessionTimeout;
        blockUntilConnected = b.blockUntilConnected;
    }

    /** @return a builder with DS defaults and no connect string */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this spec's values */
    public Builder toBuilder() {
        return new Builder().connectString(connectString).namespace(namespace).sessionTimeout(sessionTimeout)
                .blockUntilConnected(blockUntilConnected);
    }

    /**
     * @param change applied to a copy of the builder
     * @return the changed copy
     */
    public RegistrySpec copy(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /** @return comma-separated {@code host:port} list; empty when unset (an error at build) */
    public String connectString() {
        return connectString;
    }

    /** @return the ZooKeeper namespace (Curator chroot); default {@code dolphinscheduler} */
    public String namespace() {
        return namespace;
    }

    /** @return {@code registry.zookeeper.session-timeout}; default 30 s */
    public Duration sessionTimeout() {
        return sessionTimeout;
    }

    /**
     * @return {@code registry.zookeeper.block-until-connected}; default 30 s (DS ships 600 ms on
     *     master/worker/alert, which fails startup on a slow network: facts §4)
     */
    public Duration blockUntilConnected() {
        return blockUntilConnected;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RegistrySpec)) {
            return false;
        }
        RegistrySpec r = (RegistrySpec) o;
        return connectString.equals(r.connectString) && namespace.equals(r.namespace)
                && sessionTimeout.equals(r.sessionTimeout) && blockUntilConnected.equals(r.blockUntilConnected);
    }

    @Override
    public int hashCode() {
        return Objects.hash(connectString, namespace, sessionTimeout, blockUntilConnected);
    }

    @Override
    public String toString() {
        return "RegistrySpec{zookeeper=" + connectString + ", namespace=" + namespace + ", sessionTimeout="
                + sessionTimeout + ", blockUntilConnected=" + blockUntilConnected + "}";
    }

    /** Mutable, not thread-safe builder for {@link RegistrySpec}. */
    public static final class Builder {
        private String connectString = "";
        private String namespace = "dolphinscheduler";
        private Duration sessionTimeout = Duration.ofSeconds(30);
        private Duration blockUntilConnected = Duration.ofSeconds(30);

        private Builder() {
        }

        /**
         * @param connectString {@code host:port[,host:port...]}; required
         * @return this builder
         */
        public Builder connectString(String connectString) {
            this.connectString = Checks.notNull(connectString, "connectString");
            return this;
        }

        /**
         * @param namespace ZooKeeper namespace; default {@code dolphinscheduler}
         * @return this builder
         */
        public Builder namespace(String namespace) {
            this.namespace = Checks.notNull(namespace, "namespace");
            return this;
        }

        /**
         * @param sessionTimeout positive; default 30 s
         * @return this builder
         */
        public Builder sessionTimeout(Duration sessionTimeout) {
            this.sessionTimeout = Checks.notNull(sessionTimeout, "sessionTimeout");
            return this;
        }

        /**
         * @param blockUntilConnected positive; default 30 s
         * @return this builder
         */
        public Builder blockUntilConnected(Duration blockUntilConnected) {
            this.blockUntilConnected = Checks.notNull(blockUntilConnected, "blockUntilConnected");
            return this;
        }

        /** @return the spec (checked later, by the cluster build) */
        public RegistrySpec build() {
            return new RegistrySpec(this);
        }
    }
}
