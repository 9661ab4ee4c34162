package io.dsec2.internal.config;

import io.dsec2.model.ChangeSet;
import io.dsec2.model.ClusterSpec;

/** TEMPORARY stub; replaced by the h/specyaml branch. */
public final class ChangeSets {
    private ChangeSets() {
    }

    public static ChangeSet between(int fromVersion, ClusterSpec applied, ClusterSpec desired) {
        throw new UnsupportedOperationException("stub");
    }
}
