package io.dsec2.model;

import io.dsec2.internal.spec.Checks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a rolling restart proceeds: batch size, pauses, health gates, and what happens on a failure.
 *
 * <pre>{@code
 * RollingPolicy p = RollingPolicy.builder().batchPercent(25).pauseBetweenBatches(Duration.ofSeconds(30))
 *         .failureAction(FailureAction.ROLL_BACK).build();
 * }</pre>
 *
 * <p>Whatever the policy, ds-ec2 keeps these invariants: at least one master stays registered (a master batch is
 * at most {@code masters - 1}); no more nodes of a role are down than the batch size; workers leave every worker
 * group and drain before they stop (DolphinScheduler 3.2.0 has no drain of its own: a stopping worker kills its
 * running tasks, see
 * https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-worker/src/main/java/org/apache/dolphinscheduler/server/worker/WorkerServer.java);
 * api nodes leave the target group, wait the deregistration delay, and rejoin only once healthy; a JVM that outlives
 * the daemon's stop is ended.
 *
 * <p>Immutable and thread-safe.
 */
public final class RollingPolicy {
    /** The default role order: workers, then masters, then api, then alert. */
    public static final List<NodeRole> DEFAULT_ORDER = List.of(NodeRole.WORKER, NodeRole.MASTER, NodeRole.API,
            NodeRole.ALERT);
    private final int batchSize;
    private final int batchPercent;
    private final Duration pauseBetweenBatches;
    private final Duration monitorWindow;
    private final Duration healthTimeout;
    private final Duration drainTimeout;
    private final FailureAction failureAction;
    private final int maxFailures;
    private final List<NodeRole> roleOrder;

    private RollingPolicy(Builder b) {
        batchSize = b.batchSize;
        batchPercent = b.batchPercent;
        pauseBetweenBatches = b.pauseBetweenBatches;
        monitorWindow = b.monitorWindow;
        healthTimeout = b.healthTimeout;
        drainTimeout = b.drainTimeout;
        failureAction = b.failureAction;
        maxFailures = b.maxFailures;
        roleOrder = List.copyOf(b.roleOrder);
    }

    /** @return a builder with the defaults: one node per batch, no pause, 10 s monitor, pause on failure */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the defaults */
    public static RollingPolicy defaults() {
        return builder().build();
    }

    /** @return a builder holding this policy's values */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.batchSize = batchSize;
        b.batchPercent = batchPercent;
        return b.pauseBetweenBatches(pauseBetweenBatches).monitorWindow(monitorWindow).healthTimeout(healthTimeout)
                .drainTimeout(drainTimeout).failureAction(failureAction).maxFailures(maxFailures).roleOrder(roleOrder);
    }

    /**
     * @param change edits to apply
     * @return a changed copy
     */
    public RollingPolicy copy(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /** @return nodes per batch when given as a count; 0 when given as a percentage. Default 1. */
    public int batchSize() {
        return batchSize;
    }

    /** @return nodes per batch as a percentage of the role's nodes (rounded up, at least 1); 0 when a count */
    public int batchPercent() {
        return batchPercent;
    }

    /**
     * @param nodes how many nodes the role has
     * @return how many of them one batch restarts: the count or percentage, at least 1 and at most {@code nodes}
     *     (before the master invariant, which the rollout applies on top)
     */
    public int batchSizeFor(int nodes) {
        int n = batchPercent > 0 ? (int) Math.ceil(nodes * batchPercent / 100.0) : batchSize;
        return Math.max(1, Math.min(n, Math.max(1, nodes)));
    }

    /** @return the wait after each batch before the next one starts; default zero */
    public Duration pauseBetweenBatches() {
        return pauseBetweenBatches;
    }

    /**
     * @return how long a batch's nodes must stay healthy after their gate before the batch counts as done (health
     *     and registry checked again at its end); default 10 seconds
     */
    public Duration monitorWindow() {
        return monitorWindow;
    }

    /** @return how long a restarted node may take to pass its health gate; default 3 minutes */
    public Duration healthTimeout() {
        return healthTimeout;
    }

    /**
     * @return how long a worker may keep running its task instances after it left its worker groups; tasks still
     *     running then are killed by the stop (and counted). Default 5 minutes.
     */
    public Duration drainTimeout() {
        return drainTimeout;
    }

    /** @return what a failed health gate leads to; default {@link FailureAction#PAUSE} */
    public FailureAction failureAction() {
        return failureAction;
    }

    /** @return with {@link FailureAction#CONTINUE}, how many failed nodes are tolerated; default 1 */
    public int maxFailures() {
        return maxFailures;
    }

    /** @return the order in which roles are rolled; default workers, masters, api, alert */
    public List<NodeRole> roleOrder() {
        return roleOrder;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RollingPolicy p && batchSize == p.batchSize && batchPercent == p.batchPercent
                && pauseBetweenBatches.equals(p.pauseBetweenBatches) && monitorWindow.equals(p.monitorWindow)
                && healthTimeout.equals(p.healthTimeout) && drainTimeout.equals(p.drainTimeout)
                && failureAction == p.failureAction && maxFailures == p.maxFailures && roleOrder.equals(p.roleOrder);
    }

    @Override
    public int hashCode() {
        return Objects.hash(batchSize, batchPercent, pauseBetweenBatches, monitorWindow, healthTimeout, drainTimeout,
                failureAction, maxFailures, roleOrder);
    }

    @Override
    public String toString() {
        return "RollingPolicy{batch=" + (batchPercent > 0 ? batchPercent + "%" : String.valueOf(batchSize))
                + ", pause=" + pauseBetweenBatches + ", monitor=" + monitorWindow + ", health=" + healthTimeout
                + ", drain=" + drainTimeout + ", onFailure=" + failureAction + ", maxFailures=" + maxFailures
                + ", order=" + roleOrder + "}";
    }

    /** Builds a {@link RollingPolicy}; not thread-safe. */
    public static final class Builder {
        private int batchSize = 1;
        private int batchPercent;
        private Duration pauseBetweenBatches = Duration.ZERO;
        private Duration monitorWindow = Duration.ofSeconds(10);
        private Duration healthTimeout = Duration.ofMinutes(3);
        private Duration drainTimeout = Duration.ofMinutes(5);
        private FailureAction failureAction = FailureAction.PAUSE;
        private int maxFailures = 1;
        private List<NodeRole> roleOrder = DEFAULT_ORDER;

        private Builder() {
        }

        /**
         * @param n nodes per batch, at least 1 (replaces a percentage)
         * @return this
         * @throws IllegalArgumentException if below 1
         */
        public Builder batchSize(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1, was " + n);
            }
            batchSize = n;
            batchPercent = 0;
            return this;
        }

        /**
         * @param percent nodes per batch as 1..100 percent of the role (replaces a count)
         * @return this
         * @throws IllegalArgumentException if outside 1..100
         */
        public Builder batchPercent(int percent) {
            if (percent < 1 || percent > 100) {
                throw new IllegalArgumentException("batchPercent must be 1..100, was " + percent);
            }
            batchPercent = percent;
            batchSize = 0;
            return this;
        }

        /** @param v zero or more @return this @throws IllegalArgumentException if negative */
        public Builder pauseBetweenBatches(Duration v) {
            pauseBetweenBatches = notNegative(v, "pauseBetweenBatches");
            return this;
        }

        /** @param v zero or more @return this @throws IllegalArgumentException if negative */
        public Builder monitorWindow(Duration v) {
            monitorWindow = notNegative(v, "monitorWindow");
            return this;
        }

        /** @param v positive @return this @throws IllegalArgumentException if not positive */
        public Builder healthTimeout(Duration v) {
            if (notNegative(v, "healthTimeout").isZero()) {
                throw new IllegalArgumentException("healthTimeout must be positive");
            }
            healthTimeout = v;
            return this;
        }

        /** @param v zero or more (zero: stop at once, killing running tasks) @return this */
        public Builder drainTimeout(Duration v) {
            drainTimeout = notNegative(v, "drainTimeout");
            return this;
        }

        /** @param v the action @return this */
        public Builder failureAction(FailureAction v) {
            failureAction = Checks.notNull(v, "failureAction");
            return this;
        }

        /** @param n zero or more @return this @throws IllegalArgumentException if negative */
        public Builder maxFailures(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("maxFailures must not be negative, was " + n);
            }
            maxFailures = n;
            return this;
        }

        /**
         * @param order roles in the order to roll them; roles left out are rolled last, in the default order
         * @return this
         */
        public Builder roleOrder(List<NodeRole> order) {
            LinkedHashSet<NodeRole> all = new LinkedHashSet<>(Checks.notNull(order, "roleOrder"));
            all.addAll(DEFAULT_ORDER);
            roleOrder = new ArrayList<>(all);
            return this;
        }

        /** @return the policy */
        public RollingPolicy build() {
            return new RollingPolicy(this);
        }

        private static Duration notNegative(Duration v, String name) {
            Checks.notNull(v, name);
            if (v.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, was " + v);
            }
            return v;
        }
    }
}
