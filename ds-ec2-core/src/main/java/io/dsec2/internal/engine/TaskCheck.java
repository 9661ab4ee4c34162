package io.dsec2.internal.engine;

/** The "check" half of an idempotent task: is the work already done? Runs before every attempt. */
@FunctionalInterface
public interface TaskCheck {

    /** A check that always answers "not done". */
    TaskCheck NEVER_DONE = context -> false;

    /**
     * @param context the attempt's context
     * @return true if the task's effect is already in place, so {@link TaskAction#run} must not run
     * @throws InterruptedException if interrupted while waiting
     */
    boolean done(TaskContext context) throws InterruptedException;
}
