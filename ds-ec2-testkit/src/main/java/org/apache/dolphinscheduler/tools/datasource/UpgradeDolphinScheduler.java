package org.apache.dolphinscheduler.tools.datasource;

/**
 * Stand-in for DolphinScheduler 3.2.0's {@code org.apache.dolphinscheduler.tools.datasource.UpgradeDolphinScheduler} (schema init and upgrade tool), built by ds-ec2-testkit: the real main
 * class name so that scripts, {@code jps} and {@code pgrep -f} see what they would on a real host. It delegates
 * to {@link io.dsec2.testkit.standin.server.UpgradeTool}; see {@code ds-ec2-testkit/STANDIN.md}. Not Apache DolphinScheduler code.
 */
public final class UpgradeDolphinScheduler {
    private UpgradeDolphinScheduler() {
    }

    /** Starts the stand-in server. */
    public static void main(String[] args) {
        io.dsec2.testkit.standin.server.UpgradeTool.main(args);
    }
}
