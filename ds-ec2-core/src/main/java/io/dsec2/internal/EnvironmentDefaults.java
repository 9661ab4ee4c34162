package io.dsec2.internal;

import java.nio.file.Path;

/**
 * The one place where ds-ec2 reads system properties for defaults, so precedence is the same everywhere:
 * builder &gt; system property &gt; built-in default.
 */
public final class EnvironmentDefaults {
    /** System property naming the directory that holds one state directory per cluster. */
    public static final String STATE_DIR_PROPERTY = "ds-ec2.state-dir";

    private EnvironmentDefaults() {
    }

    /** @return {@code -Dds-ec2.state-dir}, else {@code ~/.ds-ec2/clusters} */
    public static Path stateRoot() {
        String p = System.getProperty(STATE_DIR_PROPERTY);
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        return Path.of(System.getProperty("user.home"), ".ds-ec2", "clusters");
    }
}
