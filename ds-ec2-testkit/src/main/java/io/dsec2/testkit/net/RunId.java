package io.dsec2.testkit.net;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The identity of one LocalCloud run: four hex digits that appear in every name the run gives to machine-wide
 * things (bridge {@code dsec2b-<id>}, veths {@code dsec2v<id>....}, namespaces {@code dsec2-<id>-...}, run dir
 * {@code dsec2-<id>}), so leftovers of a crashed run can be found by exact prefix and nothing else.
 *
 * @param value four lower-case hex digits
 */
public record RunId(String value) {
    /** Every name this testkit gives to machine-wide things starts with this. */
    public static final String PREFIX = "dsec2";
    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{4}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public RunId {
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("run id must be 4 lower-case hex digits: " + value);
        }
    }

    /** @return a fresh random run id */
    public static RunId random() {
        byte[] b = new byte[2];
        RANDOM.nextBytes(b);
        return new RunId(HexFormat.of().formatHex(b));
    }

    /** @return the bridge name, {@code dsec2b-<id>} */
    public String bridgeName() {
        return PREFIX + "b-" + value;
    }

    /** @return the run directory name, {@code dsec2-<id>} */
    public String dirName() {
        return PREFIX + "-" + value;
    }

    /**
     * @return a short per-run directory for Unix sockets, {@code /tmp/dsec2-<id>-sock} (a socket path holds at most
     *         107 bytes, which a run directory deep in a build tree can exceed)
     */
    public java.nio.file.Path socketDir() {
        return java.nio.file.Path.of("/tmp", dirName() + "-sock");
    }

    /** @return the network namespace name for a host address, {@code dsec2-<id>-10-77-1-4} */
    public String namespaceName(String ip) {
        return PREFIX + "-" + value + "-" + ip.replace('.', '-');
    }

    /** @return the host-side veth name for an address in a /16: {@code dsec2v<id><3rd><4th octet in hex>} (14 chars) */
    public String vethName(String ip) {
        String[] o = ip.split("\\.");
        return PREFIX + "v" + value + String.format("%02x%02x", Integer.parseInt(o[2]), Integer.parseInt(o[3]));
    }

    @Override
    public String toString() {
        return value;
    }
}
