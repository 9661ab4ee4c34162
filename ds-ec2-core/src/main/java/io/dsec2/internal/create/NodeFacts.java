package io.dsec2.internal.create;

import java.util.HashMap;
import java.util.Map;

/**
 * What the OS preparation step found on a node.
 *
 * @param os the {@code ID} of /etc/os-release
 * @param javaHome the JAVA_HOME servers run with
 * @param javaMajor its feature version
 * @param memoryMib the node's RAM
 */
record NodeFacts(String os, String javaHome, int javaMajor, long memoryMib) {
    /** Parses the {@code key=value} lines the prepare script prints. */
    static NodeFacts parse(String stdout) {
        Map<String, String> kv = keyValues(stdout);
        return new NodeFacts(kv.getOrDefault("os", "unknown"), kv.get("java_home"),
                Integer.parseInt(kv.getOrDefault("java_major", "0")), Long.parseLong(kv.getOrDefault("mem_mib", "0")));
    }

    static Map<String, String> keyValues(String stdout) {
        Map<String, String> kv = new HashMap<>();
        for (String line : stdout.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                kv.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return kv;
    }
}
