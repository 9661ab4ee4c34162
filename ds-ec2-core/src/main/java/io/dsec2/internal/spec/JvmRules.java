package io.dsec2.internal.spec;

import io.dsec2.model.JvmSpec;
import io.dsec2.model.NodeGroupSpec;
import java.util.OptionalInt;

/** Heap sizes: ordered sensibly and within the instance's memory when the instance type is known. */
final class JvmRules {
    /** The largest heap size ds-ec2 accepts, in MiB (4 TiB). */
    static final int MAX_HEAP_MIB = 4 * 1024 * 1024;
    private JvmRules() {
    }

    static void check(NodeGroupSpec g, String path, Report r) {
        JvmSpec raw = g.jvm();
        if (raw.xmsMib() < 0 || raw.xmxMib() < 0 || raw.xmnMib() < 0) {
            r.error(path, "heap sizes must be positive (or unset for the DS default), got " + raw);
            return;
        }
        if (Math.max(raw.xmsMib(), Math.max(raw.xmxMib(), raw.xmnMib())) > MAX_HEAP_MIB) {
            r.error(path, "heap sizes must be at most " + MAX_HEAP_MIB + " MiB (4 TiB), got " + raw);
            return;
        }
        JvmSpec jvm = raw.resolvedFor(g.role());
        if (jvm.xmsMib() > jvm.xmxMib()) {
            r.error(path + ".xms", "-Xms " + jvm.xmsMib() + " MiB is larger than -Xmx " + jvm.xmxMib() + " MiB");
        }
        if (jvm.xmnMib() >= jvm.xmxMib()) {
            r.error(path + ".xmn", "-Xmn " + jvm.xmnMib() + " MiB must be smaller than -Xmx " + jvm.xmxMib() + " MiB");
        }
        for (String option : jvm.extraOptions()) {
            r.problem(path + ".extra_opts", Grammar.jvmOptionProblem(option));
        }
        OptionalInt memory = InstanceMemory.mib(g.instanceType());
        // an unset heap is sized by ds-ec2 for the instance it lands on (a share of its RAM), so it always fits
        if (memory.isPresent() && raw.xmxMib() > 0) {
            int mem = memory.getAsInt();
            if (jvm.xmxMib() >= mem) {
                r.error(path + ".xmx", "-Xmx " + jvm.xmxMib() + " MiB does not fit " + g.instanceType() + " ("
                        + mem + " MiB): lower the heap or pick a larger instance type");
            } else if (jvm.xmxMib() > mem * 3L / 4) {
                r.warn(path + ".xmx", "-Xmx " + jvm.xmxMib() + " MiB leaves under a quarter of " + g.instanceType()
                        + "'s " + mem + " MiB to the OS and tasks; DS stops scheduling when free memory falls below"
                        + " reserved-memory (30%)");
            }
        }
    }
}
