package io.dsec2.testkit.net;

import io.dsec2.testkit.net.internal.Sh;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Linux bridge that owns a whole /16 of private addresses (the LocalCloud's VPC CIDR): its gateway address
 * {@code x.y.0.1} is where the LocalCloud's services listen, and every host of the run hangs off it through a
 * veth. Because the machine routes the whole /16 to this bridge, no packet for a test address ever leaves the
 * machine, and an address with no host fails locally (no ARP answer). Nothing is forwarded or NATed to the
 * outside: hosts get only the on-link /16 route.
 *
 * <p>Needs root and iproute2. Thread-safe.
 */
public final class Bridge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Bridge.class);
    private static final Pattern V4 = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)\\.(\\d+)(?:/(\\d+))?");
    private final RunId runId;
    private final String name;
    private final int a;
    private final int b;
    private volatile boolean closed;

    private Bridge(RunId runId, int a, int b) {
        this.runId = runId;
        this.name = runId.bridgeName();
        this.a = a;
        this.b = b;
    }

    /**
     * Creates the bridge {@code dsec2b-<runId>} with the gateway address of a free /16.
     *
     * @param runId the run
     * @param preferredCidr a /16 to use if free (for example {@code 10.77.0.0/16}), or null for the first free
     *        one in 10.64.0.0–10.127.0.0
     * @return the bridge, up
     * @throws IllegalStateException if no /16 is free or ip fails
     */
    public static Bridge create(RunId runId, String preferredCidr) {
        int[] net = pickFree(preferredCidr);
        Bridge br = new Bridge(runId, net[0], net[1]);
        try {
            Sh.check("ip", "link", "add", br.name, "type", "bridge");
            Sh.check("ip", "addr", "add", br.gatewayIp() + "/16", "dev", br.name);
            Sh.check("ip", "link", "set", br.name, "up");
        } catch (RuntimeException e) {
            Sh.run("ip", "link", "del", br.name);
            throw e;
        }
        LOG.info("bridge {} owns {}", br.name, br.cidr());
        return br;
    }

    /** @return the bridge interface name */
    public String name() {
        return name;
    }

    /** @return the run this bridge belongs to */
    public RunId runId() {
        return runId;
    }

    /** @return the CIDR the bridge owns, e.g. {@code 10.77.0.0/16} */
    public String cidr() {
        return a + "." + b + ".0.0/16";
    }

    /** @return the bridge's own address, {@code x.y.0.1}: where services for the hosts listen */
    public String gatewayIp() {
        return a + "." + b + ".0.1";
    }

    /** @return the prefix length, 16 */
    public int prefixLength() {
        return 16;
    }

    /** @return true if {@code ip} lies in the bridge's /16 (and is not its network, gateway or broadcast address) */
    public boolean containsHostAddress(String ip) {
        Matcher m = V4.matcher(ip == null ? "" : ip);
        if (!m.matches()) {
            return false;
        }
        int o3 = Integer.parseInt(m.group(3));
        int o4 = Integer.parseInt(m.group(4));
        boolean reserved = (o3 == 0 && (o4 == 0 || o4 == 1)) || (o3 == 255 && o4 == 255);
        return Integer.parseInt(m.group(1)) == a && Integer.parseInt(m.group(2)) == b && o3 <= 255 && o4 <= 255
                && !reserved;
    }

    /** @return the /24 subnets {@code x.y.<first+i>.0/24} for i in [0, count) */
    public List<String> subnetCidrs(int first, int count) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            l.add(a + "." + b + "." + (first + i) + ".0/24");
        }
        return List.copyOf(l);
    }

    /** Deletes the bridge (idempotent). Hosts should be destroyed first. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Sh.run("ip", "link", "del", name);
    }

    static int[] pickFree(String preferred) {
        List<int[]> used = usedNetworks();
        if (preferred != null) {
            Matcher m = V4.matcher(preferred);
            if (!m.matches() || !"16".equals(m.group(5))) {
                throw new IllegalArgumentException("preferred CIDR must be a /16: " + preferred);
            }
            int pa = Integer.parseInt(m.group(1));
            int pb = Integer.parseInt(m.group(2));
            if (isFree(pa, pb, used)) {
                return new int[] {pa, pb};
            }
            LOG.info("{} is in use on this machine; picking another /16", preferred);
        }
        for (int pb = 64; pb <= 127; pb++) {
            if (isFree(10, pb, used)) {
                return new int[] {10, pb};
            }
        }
        throw new IllegalStateException("no free /16 in 10.64.0.0-10.127.0.0 on this machine");
    }

    private static boolean isFree(int pa, int pb, List<int[]> used) {
        long lo = ((long) pa << 24) | ((long) pb << 16);
        long hi = lo + (1L << 16) - 1;
        for (int[] u : used) {
            long ulo = u[0] & 0xFFFFFFFFL;
            long uhi = ulo + (1L << (32 - u[1])) - 1;
            if (u[1] == 0) {
                continue; // default route
            }
            if (ulo <= hi && lo <= uhi) {
                return false;
            }
        }
        return true;
    }

    /** Every IPv4 network in the machine's routes and addresses, as {base, prefix}. */
    private static List<int[]> usedNetworks() {
        List<int[]> l = new ArrayList<>();
        String text = Sh.check("ip", "-4", "route", "show", "table", "all").stdout() + "\n"
                + Sh.check("ip", "-4", "-o", "addr", "show").stdout();
        Matcher m = V4.matcher(text);
        while (m.find()) {
            int prefix = m.group(5) == null ? 32 : Integer.parseInt(m.group(5));
            if (prefix > 32) {
                continue;
            }
            long addr = 0;
            boolean ok = true;
            for (int i = 1; i <= 4; i++) {
                int o = Integer.parseInt(m.group(i));
                ok &= o <= 255;
                addr = (addr << 8) | o;
            }
            if (!ok) {
                continue;
            }
            long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
            l.add(new int[] {(int) (addr & mask), prefix});
        }
        return l;
    }
}
