package org.apache.dolphinscheduler.api;

/**
 * Stand-in for DolphinScheduler 3.2.0's {@code org.apache.dolphinscheduler.api.ApiApplicationServer} (api server), built by ds-ec2-testkit: the real main
 * class name so that scripts, {@code jps} and {@code pgrep -f} see what they would on a real host. It delegates
 * to {@link io.dsec2.testkit.standin.server.ApiNode}; see {@code ds-ec2-testkit/STANDIN.md}. Not Apache DolphinScheduler code.
 */
public final class ApiApplicationServer {
    private ApiApplicationServer() {
    }

    /** Starts the stand-in server. */
    public static void main(String[] args) {
        new io.dsec2.testkit.standin.server.ApiNode().run();
    }
}
