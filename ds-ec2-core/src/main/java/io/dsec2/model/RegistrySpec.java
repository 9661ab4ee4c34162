package io.dsec2.model;

import io.dsec2.internal.spec.Checks;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The ZooKeeper ensemble DolphinScheduler registers its servers in (bring your own; ZooKeeper 3.8+).
 * Rendered as {@code registry.zookeeper.*} in every server's config (the {@code registry} block of each server's
 * {@code application.yaml}, for example
 * https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-master/src/main/resources/application.yaml).
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
    /** DolphinScheduler 3.2.0's {@code registry.zookeeper.connection-timeout}. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(9);
    /** DolphinScheduler 3.2.0's {@code registry.zookeeper.retry-policy.base-sleep-time}. */
    public static final Duration DEFAULT_RETRY_BASE_SLEEP = Duration.ofMillis(60);
    /** DolphinScheduler 3.2.0's {@code registry.zookeeper.retry-policy.max-retries}. */
    public static final int DEFAULT_RETRY_MAX_RETRIES = 5;
    /** DolphinScheduler 3.2.0's {@code registry.zookeeper.retry-policy.max-sleep}. */
    public static final Duration DEFAULT_RETRY_MAX_SLEEP = Duration.ofMillis(300);

    private final String connectString;
    private final String namespace;
    private final Duration sessionTimeout;
    private final Duration blockUntilConnected;
    private final Duration connectionTimeout;
    private final Duration retryBaseSleep;
    private final int retryMaxRetries;
    private final Duration retryMaxSleep;

    private RegistrySpec(Builder b) {
        connectString = b.connectString;
        namespace = b.namespace;
        sessionTimeout = b.sessionTimeout;
        blockUntilConnected = b.blockUntilConnected;
        connectionTimeout = b.connectionTimeout;
        retryBaseSleep = b.retryBaseSleep;
        retryMaxRetries = b.retryMaxRetries;
        retryMaxSleep = b.retryMaxSleep;
    }

    /** @return a builder with DS defaults and no connect string */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this spec's values */
    public Builder toBuilder() {
        return new Builder().connectString(connectString).namespace(namespace).sessionTimeout(sessionTimeout)
                .blockUntilConnected(blockUntilConnected).connectionTimeout(connectionTimeout).retryBaseSleep(retryBaseSleep)
                .retryMaxRetries(retryMaxRetries).retryMaxSleep(retryMaxSleep);
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
     *     master/worker/alert, which fails startup on a slow network; for example
     *     https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-master/src/main/resources/application.yaml)
     */
    public Duration blockUntilConnected() {
        return blockUntilConnected;
    }

    /**
     * @return ZooKeeper connection timeout, DolphinScheduler's {@code registry.zookeeper.connection-timeout};
     *     default 9 s (DS's default in each server's {@code conf/application.yaml} at tag 3.2.0)
     */
    public Duration connectionTimeout() {
        return connectionTimeout;
    }

    /** @return Curator's first retry sleep, {@code registry.zookeeper.retry-policy.base-sleep-time}; default 60 ms */
    public Duration retryBaseSleep() {
        return retryBaseSleep;
    }

    /** @return Curator's retry count, {@code registry.zookeeper.retry-policy.max-retries}, 0-29; default 5 */
    public int retryMaxRetries() {
        return retryMaxRetries;
    }

    /** @return Curator's longest retry sleep, {@code registry.zookeeper.retry-policy.max-sleep}; default 300 ms */
    public Duration retryMaxSleep() {
        return retryMaxSleep;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RegistrySpec)) {
            return false;
        }
        RegistrySpec r = (RegistrySpec) o;
        return connectString.equals(r.connectString) && namespace.equals(r.namespace)
                && sessionTimeout.equals(r.sessionTimeout) && blockUntilConnected.equals(r.blockUntilConnected)
                && connectionTimeout.equals(r.connectionTimeout) && retryBaseSleep.equals(r.retryBaseSleep)
                && retryMaxRetries == r.retryMaxRetries && retryMaxSleep.equals(r.retryMaxSleep);
    }

    @Override
    public int hashCode() {
        return Objects.hash(connectString, namespace, sessionTimeout, blockUntilConnected, connectionTimeout,
                retryBaseSleep, retryMaxRetries, retryMaxSleep);
    }

    @Override
    public String toString() {
        return "RegistrySpec{zookeeper=" + connectString + ", namespace=" + namespace + ", sessionTimeout="
                + sessionTimeout + ", blockUntilConnected=" + blockUntilConnected + ", connectionTimeout=" + connectionTimeout
                + ", retry=" + retryBaseSleep + "/" + retryMaxRetries + "/" + retryMaxSleep + "}";
    }

    /** Mutable, not thread-safe builder for {@link RegistrySpec}. */
    public static final class Builder {
        private String connectString = "";
        private String namespace = "dolphinscheduler";
        private Duration sessionTimeout = Duration.ofSeconds(30);
        private Duration blockUntilConnected = Duration.ofSeconds(30);
        private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;
        private Duration retryBaseSleep = DEFAULT_RETRY_BASE_SLEEP;
        private int retryMaxRetries = DEFAULT_RETRY_MAX_RETRIES;
        private Duration retryMaxSleep = DEFAULT_RETRY_MAX_SLEEP;

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

        /**
         * @param timeout ZooKeeper connection timeout; default 9 s
         * @return this builder
         */
        public Builder connectionTimeout(Duration timeout) {
            this.connectionTimeout = Checks.notNull(timeout, "connectionTimeout");
            return this;
        }

        /**
         * @param sleep first retry sleep; default 60 ms
         * @return this builder
         */
        public Builder retryBaseSleep(Duration sleep) {
            this.retryBaseSleep = Checks.notNull(sleep, "retryBaseSleep");
            return this;
        }

        /**
         * @param retries how many times Curator retries, 0-29; default 5
         * @return this builder
         */
        public Builder retryMaxRetries(int retries) {
            this.retryMaxRetries = retries;
            return this;
        }

        /**
         * @param sleep longest retry sleep, at least the base sleep; default 300 ms
         * @return this builder
         */
        public Builder retryMaxSleep(Duration sleep) {
            this.retryMaxSleep = Checks.notNull(sleep, "retryMaxSleep");
            return this;
        }

        /** @return the spec (checked later, by the cluster build) */
        public RegistrySpec build() {
            return new RegistrySpec(this);
        }
    }
}
