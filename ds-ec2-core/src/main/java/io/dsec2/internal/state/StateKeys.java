package io.dsec2.internal.state;

import java.util.regex.Pattern;

/** Validation of cluster ids and state keys shared by the state stores. Stateless. */
public final class StateKeys {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    private StateKeys() {
    }

    /**
     * @param clusterId the id to check
     * @return the id
     * @throws IllegalArgumentException if it is not one valid segment
     */
    public static String clusterId(String clusterId) {
        if (clusterId == null || !SEGMENT.matcher(clusterId).matches()) {
            throw new IllegalArgumentException("cluster id must be 1-128 characters of letters, digits, '.', '_' "
                    + "or '-', not starting with '.', was '" + clusterId + "'");
        }
        return clusterId;
    }

    /**
     * @param key the key to check
     * @return the key
     * @throws IllegalArgumentException if a segment is empty, starts with a dot or holds other characters
     */
    public static String key(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("state key must not be empty");
        }
        for (String segment : key.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw new IllegalArgumentException("state key must be '/'-separated segments of letters, digits, "
                        + "'.', '_' or '-', none starting with '.', was '" + key + "'");
            }
        }
        return key;
    }
}
