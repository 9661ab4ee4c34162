package io.dsec2.internal;

import java.nio.file.Path;

/**
 * The one place where ds-ec2 core reads system properties and the environment; {@code ArchitectureTest} keeps it
 * so. Precedence everywhere: builder &gt; system property &gt; built-in default.
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

    /** @return the operating-system user running ds-ec2 ({@code user.name}), for lock owners and history notes */
    public static String userName() {
        return System.getProperty("user.name", "unknown");
    }
}
