package io.dsec2.internal.engine;

/** The "act" half of an idempotent task. Runs on an engine worker thread. */
@FunctionalInterface
public interface TaskAction {

    /**
     * Does the task's work. Throw a {@link io.dsec2.exception.DsEc2Exception} with {@code retryable() == true}
     * for a transient failure (it will be retried), any other exception for a permanent one. Must stop soon
     * after {@link TaskContext#cancelled()} turns true or the thread is interrupted (timeout).
     *
     * @param context the attempt's context
     * @throws InterruptedException if interrupted while waiting
     */
    void run(TaskContext context) throws InterruptedException;
}
