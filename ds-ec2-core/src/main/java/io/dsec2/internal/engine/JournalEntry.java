package io.dsec2.internal.engine;

import java.time.Instant;
import java.util.Optional;

/**
 * One recorded state transition of one task.
 *
 * @param time when the task entered the state
 * @param taskId the task
 * @param state the state entered
 * @param attempt the attempt, from 1; 0 when no attempt was involved
 * @param error redacted failure summary, or null
 */
public record JournalEntry(Instant time, String taskId, TaskState state, int attempt, String error) {

    /** @return the redacted failure summary, for a FAILED entry */
    public Optional<String> errorSummary() {
        return Optional.ofNullable(error);
    }
}
