package io.dsec2.model;

/** Where the rollout of a {@link ConfigVersion} stands. */
public enum VersionStatus {
    /** Being rolled out, or the rollout stopped part-way (paused, or the client died; re-run to resume). */
    IN_PROGRESS,
    /** Every node runs this version. */
    APPLIED,
    /** The rollout failed and the cluster was rolled back to the version before. */
    ROLLED_BACK,
    /** Replaced by a later version before it was fully applied. */
    SUPERSEDED
}
