package io.dsec2.model;

/**
 * How a configuration change reaches a running cluster; one per {@link ConfigChange}.
 *
 * <p>DolphinScheduler 3.2.0 reads its configuration only at start: the server's {@code bin/start.sh} sources
 * {@code dolphinscheduler_env.sh} before it starts the JVM (for example
 * https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-master/src/main/bin/start.sh),
 * and Spring Boot reads {@code conf/application.yaml} at startup. So every change to what a server reads needs a
 * restart of that server.
 */
public enum UpdatePolicy {
    /** Takes effect without touching any server (for example {@code deployment.parallelism}). */
    NONE,
    /** The affected roles are restarted batch by batch ({@link RollingPolicy}). */
    ROLLING_RESTART,
    /**
     * The affected nodes are changed one at a time at the cloud level (for example a new instance type: the
     * instance is stopped, changed and started again, keeping its volume and private IP), then gated like a
     * rolling restart.
     */
    REPLACE,
    /** ds-ec2 cannot apply this change to a running cluster; {@link ConfigChange#reason()} gives the way out. */
    UNSUPPORTED
}
