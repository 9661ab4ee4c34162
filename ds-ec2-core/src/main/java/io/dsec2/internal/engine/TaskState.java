package io.dsec2.internal.engine;

/** State of a task in the journal and in an {@link ExecutionReport}. */
public enum TaskState {
    /** Not started (yet, or ever, because an earlier failure stopped the job). */
    PENDING,
    /** Started; a crash leaves a task here, and a resumed job re-checks it before doing anything. */
    RUNNING,
    /** Did its work. */
    SUCCEEDED,
    /** Failed for good (after any retries). */
    FAILED,
    /** Had nothing to do: its check found the work already done. */
    SKIPPED;

    /** @return true for SUCCEEDED and SKIPPED: the task's work is done */
    public boolean done() {
        return this == SUCCEEDED || this == SKIPPED;
    }
}
