package org.apache.dolphinscheduler.server.worker;

/**
 * Stand-in for DolphinScheduler 3.2.0's {@code org.apache.dolphinscheduler.server.worker.WorkerServer} (worker server), built by ds-ec2-testkit: the real main
 * class name so that scripts, {@code jps} and {@code pgrep -f} see what they would on a real host. It delegates
 * to {@link io.dsec2.testkit.standin.server.WorkerNode}; see {@code ds-ec2-testkit/STANDIN.md}. Not Apache DolphinScheduler code.
 */
public final class WorkerServer {
    private WorkerServer() {
    }

    /** Starts the stand-in server. */
    public static void main(String[] args) {
        new io.dsec2.testkit.standin.server.WorkerNode().run();
    }
}
