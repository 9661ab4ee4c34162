package io.dsec2.internal.spec;

import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory of common EC2 instance types in MiB, derived from family ratios (general purpose 4 GiB per vCPU,
 * compute 2, memory 8) and size names (large = 2 vCPU, xlarge = 4, Nxlarge = 4N). Unknown types yield
 * empty, and heap checks are then skipped.
 */
final class InstanceMemory {
    private static final Pattern TYPE = Pattern.compile("([a-z]+)(\\d+)([a-z-]*)\\.(\\w+)");
    private static final Map<String, Integer> T_SIZES = Map.of("nano", 512, "micro", 1024, "small", 2048,
            "medium", 4096, "large", 8192, "xlarge", 16384, "2xlarge", 32768);

    private InstanceMemory() {
    }

    static OptionalInt mib(String instanceType) {
        Matcher m = TYPE.matcher(instanceType);
        if (!m.matches()) {
            return OptionalInt.empty();
        }
        String family = m.group(1);
        String size = m.group(4);
        if (family.equals("t")) {
            Integer t = T_SIZES.get(size);
            return t == null ? OptionalInt.empty() : OptionalInt.of(t);
        }
        int perVcpuMib;
        switch (family) {
            case "m":
                perVcpuMib = 4096;
                break;
            case "c":
                perVcpuMib = 2048;
                break;
            case "r":
                perVcpuMib = 8192;
                break;
            default:
                return OptionalInt.empty();
        }
        int vcpus = vcpus(size);
        return vcpus < 0 ? OptionalInt.empty() : OptionalInt.of(vcpus * perVcpuMib);
    }

    private static int vcpus(String size) {
        if (size.equals("large")) {
            return 2;
        }
        if (size.equals("xlarge")) {
            return 4;
        }
        if (size.endsWith("xlarge")) {
            try {
                return 4 * Integer.parseInt(size.substring(0, size.length() - "xlarge".length()));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }
}
