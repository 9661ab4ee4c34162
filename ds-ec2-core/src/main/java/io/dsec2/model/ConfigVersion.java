package io.dsec2.model;

import io.dsec2.internal.spec.Checks;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One applied configuration of a cluster, as kept in the state store: history only moves forward, a rollback
 * adds a new version equal to an old one. Everything but {@link #status()} is immutable once recorded.
 *
 * <p>{@link #renderedDigest()} is the SHA-256 (hex) over every node's rendered configuration files (the env
 * file, secrets file and JVM options ds-ec2 writes under {@code bin/env} and {@code .ds-ec2}), taken node by node
 * in node-id order; {@link #nodeDigests()} holds each node's part. Two versions with equal rendered digests
 * configure every server alike. Immutable and thread-safe.
 */
public final class ConfigVersion {
    private final int number;
    private final Instant createdAt;
    private final String createdBy;
    private final String note;
    private final String operation;
    private final int basedOn;
    private final ClusterSpec spec;
    private final String renderedDigest;
    private final Map<String, String> nodeDigests;
    private final VersionStatus status;

    private ConfigVersion(Builder b) {
        if (b.number < 1) {
            throw new IllegalArgumentException("number must be at least 1, was " + b.number);
        }
        number = b.number;
        createdAt = Checks.notNull(b.createdAt, "createdAt");
        createdBy = Checks.notNull(b.createdBy, "createdBy");
        note = Checks.notNull(b.note, "note");
        operation = Checks.notNull(b.operation, "operation");
        basedOn = b.basedOn;
        spec = Checks.notNull(b.spec, "spec");
        renderedDigest = Checks.notNull(b.renderedDigest, "renderedDigest");
        nodeDigests = Map.copyOf(new TreeMap<>(Checks.notNull(b.nodeDigests, "nodeDigests")));
        status = Checks.notNull(b.status, "status");
    }

    /** @return a builder; not thread-safe */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this version's values */
    public Builder toBuilder() {
        return new Builder().number(number).createdAt(createdAt).createdBy(createdBy).note(note).operation(operation)
                .basedOn(basedOn).spec(spec).renderedDigest(renderedDigest).nodeDigests(nodeDigests).status(status);
    }

    /** @return the version number, 1 for the configuration {@code create} applied */
    public int number() {
        return number;
    }

    /** @return when the version was recorded */
    public Instant createdAt() {
        return createdAt;
    }

    /** @return who recorded it, as {@code user@host} */
    public String createdBy() {
        return createdBy;
    }

    /** @return the operator's note; empty if none */
    public String note() {
        return note;
    }

    /** @return what recorded it: {@code create}, {@code update}, {@code rollback} or {@code scale} */
    public String operation() {
        return operation;
    }

    /** @return for a rollback, the version it copies; 0 otherwise */
    public int basedOn() {
        return basedOn;
    }

    /** @return the desired spec of this version (secrets as references, never values) */
    public ClusterSpec spec() {
        return spec;
    }

    /** @return SHA-256 hex of the whole rendered configuration */
    public String renderedDigest() {
        return renderedDigest;
    }

    /** @return node id to SHA-256 hex of that node's rendered files */
    public Map<String, String> nodeDigests() {
        return nodeDigests;
    }

    /** @return the rollout status when this object was read */
    public VersionStatus status() {
        return status;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigVersion v && number == v.number && createdAt.equals(v.createdAt)
                && createdBy.equals(v.createdBy) && note.equals(v.note) && operation.equals(v.operation)
                && basedOn == v.basedOn && spec.equals(v.spec) && renderedDigest.equals(v.renderedDigest)
                && nodeDigests.equals(v.nodeDigests) && status == v.status;
    }

    @Override
    public int hashCode() {
        return Objects.hash(number, createdAt, renderedDigest, status);
    }

    @Override
    public String toString() {
        return "ConfigVersion{v" + number + " " + operation + (basedOn > 0 ? " of v" + basedOn : "") + ", " + status
                + ", at " + createdAt + " by " + createdBy + ", digest " + renderedDigest.substring(0,
                Math.min(12, renderedDigest.length())) + (note.isEmpty() ? "" : ", note '" + note + "'") + "}";
    }

    /** Builds a {@link ConfigVersion}; not thread-safe. */
    public static final class Builder {
        private int number;
        private Instant createdAt;
        private String createdBy = "unknown";
        private String note = "";
        private String operation = "update";
        private int basedOn;
        private ClusterSpec spec;
        private String renderedDigest;
        private Map<String, String> nodeDigests = Map.of();
        private VersionStatus status = VersionStatus.IN_PROGRESS;

        private Builder() {
        }

        /** @param v at least 1 @return this */
        public Builder number(int v) {
            number = v;
            return this;
        }

        /** @param v when recorded @return this */
        public Builder createdAt(Instant v) {
            createdAt = v;
            return this;
        }

        /** @param v who recorded it @return this */
        public Builder createdBy(String v) {
            createdBy = v;
            return this;
        }

        /** @param v the note, empty for none @return this */
        public Builder note(String v) {
            note = v;
            return this;
        }

        /** @param v create, update, rollback or scale @return this */
        public Builder operation(String v) {
            operation = v;
            return this;
        }

        /** @param v the version a rollback copies, 0 for none @return this */
        public Builder basedOn(int v) {
            basedOn = v;
            return this;
        }

        /** @param v the desired spec @return this */
        public Builder spec(ClusterSpec v) {
            spec = v;
            return this;
        }

        /** @param v SHA-256 hex of all rendered files @return this */
        public Builder renderedDigest(String v) {
            renderedDigest = v;
            return this;
        }

        /** @param v node id to SHA-256 hex @return this */
        public Builder nodeDigests(Map<String, String> v) {
            nodeDigests = v;
            return this;
        }

        /** @param v the rollout status @return this */
        public Builder status(VersionStatus v) {
            status = v;
            return this;
        }

        /** @return the version @throws NullPointerException if a field is missing */
        public ConfigVersion build() {
            return new ConfigVersion(this);
        }
    }
}
