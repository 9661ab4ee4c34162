package io.dsec2.event;

import java.time.Duration;
import java.util.Objects;

/**
 * Progress of one transfer from this machine to a node, such as the upload of a local package file
 * ({@code deployment.package_file}) to the node that seeds the others. Sent while bytes move (at most about five
 * times a second) and once at the end with {@code bytesDone == bytesTotal}. Immutable and thread-safe; carries no
 * secrets.
 *
 * <pre>{@code
 * ClusterListener l = new ClusterListener() {
 *     @Override
 *     public void transferProgress(TransferEvent e) {
 *         System.out.printf("%s: %d of %d bytes%n", e.nodeId(), e.bytesDone(), e.bytesTotal());
 *     }
 * };
 * }</pre>
 */
public final class TransferEvent {
    private final String clusterId;
    private final String jobId;
    private final String nodeId;
    private final String what;
    private final long bytesDone;
    private final long bytesTotal;
    private final Duration elapsed;

    private TransferEvent(Builder b) {
        this.clusterId = Objects.requireNonNull(b.clusterId, "clusterId");
        this.jobId = Objects.requireNonNull(b.jobId, "jobId");
        this.nodeId = Objects.requireNonNull(b.nodeId, "nodeId");
        this.what = Objects.requireNonNull(b.what, "what");
        if (b.bytesDone < 0 || b.bytesTotal < 0) {
            throw new IllegalArgumentException("bytesDone and bytesTotal must be >= 0");
        }
        this.bytesDone = b.bytesDone;
        this.bytesTotal = b.bytesTotal;
        this.elapsed = Objects.requireNonNull(b.elapsed, "elapsed");
    }

    /** @return a new builder; every field must be set */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the cluster id */
    public String clusterId() {
        return clusterId;
    }

    /** @return the operation's job id */
    public String jobId() {
        return jobId;
    }

    /** @return the receiving node, e.g. {@code master-1} */
    public String nodeId() {
        return nodeId;
    }

    /** @return what moves, e.g. {@code package apache-dolphinscheduler-3.2.0-bin.tar.gz} */
    public String what() {
        return what;
    }

    /** @return bytes sent so far */
    public long bytesDone() {
        return bytesDone;
    }

    /** @return the transfer's size in bytes */
    public long bytesTotal() {
        return bytesTotal;
    }

    /** @return time since the transfer started */
    public Duration elapsed() {
        return elapsed;
    }

    /** @return true for the last event of a transfer */
    public boolean done() {
        return bytesDone >= bytesTotal;
    }

    @Override
    public String toString() {
        return "TransferEvent[" + nodeId + " " + what + " " + bytesDone + "/" + bytesTotal + " bytes, "
                + elapsed.toMillis() + " ms]";
    }

    /** Builds a {@link TransferEvent}. Not thread-safe. */
    public static final class Builder {
        private String clusterId;
        private String jobId;
        private String nodeId;
        private String what;
        private long bytesDone;
        private long bytesTotal;
        private Duration elapsed = Duration.ZERO;

        private Builder() {
        }

        /** @param v the cluster id */
        public Builder clusterId(String v) {
            this.clusterId = v;
            return this;
        }

        /** @param v the job id */
        public Builder jobId(String v) {
            this.jobId = v;
            return this;
        }

        /** @param v the receiving node id */
        public Builder nodeId(String v) {
            this.nodeId = v;
            return this;
        }

        /** @param v what moves */
        public Builder what(String v) {
            this.what = v;
            return this;
        }

        /** @param v bytes sent so far */
        public Builder bytesDone(long v) {
            this.bytesDone = v;
            return this;
        }

        /** @param v total bytes */
        public Builder bytesTotal(long v) {
            this.bytesTotal = v;
            return this;
        }

        /** @param v time since the start */
        public Builder elapsed(Duration v) {
            this.elapsed = v;
            return this;
        }

        /**
         * @return the event
         * @throws NullPointerException if a field is unset
         * @throws IllegalArgumentException for negative byte counts
         */
        public TransferEvent build() {
            return new TransferEvent(this);
        }
    }
}
