package io.dsec2.model;

import io.dsec2.internal.spec.Checks;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Heap sizes and extra JVM options for one server role, written into {@code <server>/bin/jvm_args_env.sh}
 * (the master's:
 * https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-master/src/main/bin/jvm_args_env.sh).
 * Sizes are in MiB; 0 means "DolphinScheduler's default for the role": 4096/4096/2048 for master and worker,
 * 1024/1024/512 for api and alert.
 *
 * <pre>{@code
 * JvmSpec jvm = JvmSpec.builder().heapMib(8192).xmnMib(4096).extraOptions("-XX:+UseG1GC").build();
 * JvmSpec effective = jvm.resolvedFor(NodeRole.WORKER);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class JvmSpec {
    private static final JvmSpec UNSET = new Builder().build();

    private final int xmsMib;
    private final int xmxMib;
    private final int xmnMib;
    private final List<String> extraOptions;

    private JvmSpec(Builder b) {
        xmsMib = b.xmsMib;
        xmxMib = b.xmxMib;
        xmnMib = b.xmnMib;
        extraOptions = b.extraOptions;
    }

    /** @return a builder with every size unset (DS defaults) */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a spec with every size unset: DS's defaults for whichever role uses it */
    public static JvmSpec dsDefaults() {
        return UNSET;
    }

    /**
     * @param role a server role
     * @return DS 3.2.0's shipped sizes for it
     */
    public static JvmSpec shippedFor(NodeRole role) {
        boolean big = role == NodeRole.MASTER || role == NodeRole.WORKER;
        return builder().xmsMib(big ? 4096 : 1024).xmxMib(big ? 4096 : 1024).xmnMib(big ? 2048 : 512).build();
    }

    /** @return a builder holding this spec's values */
    public Builder toBuilder() {
        return new Builder().xmsMib(xmsMib).xmxMib(xmxMib).xmnMib(xmnMib).extraOptions(extraOptions);
    }

    /**
     * @param change applied to a copy of the builder
     * @return the changed copy
     */
    public JvmSpec copy(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /**
     * @param role the role whose defaults fill unset sizes
     * @return a spec with every size set
     */
    public JvmSpec resolvedFor(NodeRole role) {
        JvmSpec d = shippedFor(role);
        return toBuilder().xmsMib(xmsMib == 0 ? d.xmsMib : xmsMib).xmxMib(xmxMib == 0 ? d.xmxMib : xmxMib)
                .xmnMib(xmnMib == 0 ? d.xmnMib : xmnMib).build();
    }

    /** @return initial heap ({@code -Xms}) in MiB; 0 = role default */
    public int xmsMib() {
        return xmsMib;
    }

    /** @return maximum heap ({@code -Xmx}) in MiB; 0 = role default */
    public int xmxMib() {
        return xmxMib;
    }

    /** @return young generation ({@code -Xmn}) in MiB; 0 = role default */
    public int xmnMib() {
        return xmnMib;
    }

    /** @return further JVM options appended after the heap flags, in order */
    public List<String> extraOptions() {
        return extraOptions;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof JvmSpec)) {
            return false;
        }
        JvmSpec j = (JvmSpec) o;
        return xmsMib == j.xmsMib && xmxMib == j.xmxMib && xmnMib == j.xmnMib && extraOptions.equals(j.extraOptions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(xmsMib, xmxMib, xmnMib, extraOptions);
    }

    @Override
    public String toString() {
        return "JvmSpec{xmsMib=" + xmsMib + ", xmxMib=" + xmxMib + ", xmnMib=" + xmnMib
                + (extraOptions.isEmpty() ? "" : ", extraOptions=" + extraOptions) + "}";
    }

    /** Mutable, not thread-safe builder for {@link JvmSpec}. */
    public static final class Builder {
        private int xmsMib;
        private int xmxMib;
        private int xmnMib;
        private List<String> extraOptions = List.of();

        private Builder() {
        }

        /**
         * @param mib sets both {@code -Xms} and {@code -Xmx}, in MiB
         * @return this builder
         */
        public Builder heapMib(int mib) {
            return xmsMib(mib).xmxMib(mib);
        }

        /**
         * @param mib {@code -Xms} in MiB; 0 = role default
         * @return this builder
         */
        public Builder xmsMib(int mib) {
            this.xmsMib = mib;
            return this;
        }

        /**
         * @param mib {@code -Xmx} in MiB; 0 = role default
         * @return this builder
         */
        public Builder xmxMib(int mib) {
            this.xmxMib = mib;
            return this;
        }

        /**
         * @param mib {@code -Xmn} in MiB; 0 = role default
         * @return this builder
         */
        public Builder xmnMib(int mib) {
            this.xmnMib = mib;
            return this;
        }

        /**
         * @param options JVM options such as {@code -XX:+UseG1GC}, replacing any set before
         * @return this builder
         */
        public Builder extraOptions(String... options) {
            return extraOptions(List.of(options));
        }

        /**
         * @param options JVM options, replacing any set before
         * @return this builder
         */
        public Builder extraOptions(Collection<String> options) {
            this.extraOptions = Checks.copy(options, "extraOptions");
            return this;
        }

        /** @return the spec (checked later, by the cluster build) */
        public JvmSpec build() {
            return new JvmSpec(this);
        }
    }
}
