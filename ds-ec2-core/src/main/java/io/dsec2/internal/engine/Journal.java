package io.dsec2.internal.engine;

import io.dsec2.exception.DsEc2Exception;
import io.dsec2.internal.state.StateKeys;
import io.dsec2.spi.StateStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The record of one job: its id, operation kind and spec digest, and every state transition of every task
 * with its time. Persisted through the {@link StateStore} (key {@code jobs/<jobId>.journal}) on every
 * transition, with the store's atomic write, so a crash loses at most the transition being recorded.
 * Re-opening an existing journal resumes the job. Thread-safe (transitions are serialised).
 */
public final class Journal {
    private final StateStore store;
    private final String clusterId;
    private final String jobId;
    private final Clock clock;
    private final Map<String, String> header;
    private final List<JournalEntry> entries;
    private final Map<String, TaskState> current = new HashMap<>();

    private Journal(StateStore store, String clusterId, String jobId, Clock clock, Map<String, String> header,
                    List<JournalEntry> entries) {
        this.store = store;
        this.clusterId = clusterId;
        this.jobId = jobId;
        this.clock = clock;
        this.header = header;
        this.entries = entries;
        entries.forEach(e -> current.put(e.taskId(), e.state()));
    }

    /**
     * Opens the journal of a job, creating it if it does not exist.
     *
     * @param store where journals live
     * @param clusterId the cluster
     * @param jobId the job id (one key segment: letters, digits, {@code ._-})
     * @param operation the operation kind
     * @param specDigest a digest of the desired spec; a resumed job must have the same one
     * @param clock time source for transition times
     * @return the journal
     * @throws DsEc2Exception if an existing journal was written for another operation or spec
     */
    public static Journal open(StateStore store, String clusterId, String jobId, String operation, String specDigest,
                               Clock clock) {
        String key = key(jobId);
        Optional<byte[]> existing = store.read(clusterId, key);
        if (existing.isEmpty()) {
            Map<String, String> header = new LinkedHashMap<>();
            header.put("job", jobId);
            header.put("operation", operation);
            header.put("spec-digest", specDigest);
            header.put("created", clock.instant().toString());
            Journal j = new Journal(store, clusterId, jobId, clock, header, new ArrayList<>());
            j.persist();
            return j;
        }
        List<JournalEntry> entries = new ArrayList<>();
        Map<String, String> header = JournalCodec.decodeHeader(existing.get(), entries);
        if (!operation.equals(header.get("operation")) || !specDigest.equals(header.get("spec-digest"))) {
            throw new DsEc2Exception("Job '" + jobId + "' of cluster '" + clusterId + "' was started as operation '"
                    + header.get("operation") + "' with spec digest " + header.get("spec-digest") + ", but this run is '"
                    + operation + "' with spec digest " + specDigest + "; resume with the same spec, or use a new job id");
        }
        return new Journal(store, clusterId, jobId, clock, header, entries);
    }

    /**
     * @param store where journals live
     * @param clusterId the cluster
     * @param jobId the job id
     * @return whether a journal exists for the job
     */
    public static boolean exists(StateStore store, String clusterId, String jobId) {
        return store.read(clusterId, key(jobId)).isPresent();
    }

    /**
     * Finds the newest job of an operation and spec digest that did not succeed (the client died, or it stopped at
     * a failed task): the one a re-run resumes.
     *
     * @param store where journals live
     * @param clusterId the cluster
     * @param operation the operation kind
     * @param specDigest the digest the job was started with
     * @return its job id, or empty if every such job succeeded (or none exists)
     */
    public static Optional<String> findUnfinished(StateStore store, String clusterId, String operation,
                                                  String specDigest) {
        String found = null;
        String foundCreated = "";
        for (String key : store.list(clusterId, "jobs/")) {
            if (!key.endsWith(".journal")) {
                continue;
            }
            Optional<byte[]> bytes = store.read(clusterId, key);
            if (bytes.isEmpty()) {
                continue;
            }
            Map<String, String> header;
            try {
                header = JournalCodec.decodeHeader(bytes.get(), new ArrayList<>());
            } catch (RuntimeException e) {
                continue;
            }
            String created = header.getOrDefault("created", "");
            if (operation.equals(header.get("operation")) && specDigest.equals(header.get("spec-digest"))
                    && resumable(header) && created.compareTo(foundCreated) >= 0) {
                found = header.get("job");
                foundCreated = created;
            }
        }
        return Optional.ofNullable(found);
    }

    private static boolean resumable(Map<String, String> header) {
        String finished = header.get("finished");
        return finished == null || finished.contains(" FAILED");
    }

    /**
     * Closes every job of the given operations that a re-run would otherwise resume, because a later job made it
     * moot (for example a newer configuration was applied, or a failed update was rolled back).
     *
     * @param store where journals live
     * @param clusterId the cluster
     * @param operations the operation kinds to close
     * @param reason recorded as the jobs' final state, e.g. {@code "SUPERSEDED by update-2"}
     * @param clock time source
     * @return the closed job ids
     */
    public static List<String> closeResumable(StateStore store, String clusterId, java.util.Set<String> operations,
                                              String reason, Clock clock) {
        List<String> closed = new ArrayList<>();
        for (String key : store.list(clusterId, "jobs/")) {
            if (!key.endsWith(".journal")) {
                continue;
            }
            Optional<byte[]> bytes = store.read(clusterId, key);
            if (bytes.isEmpty()) {
                continue;
            }
            List<JournalEntry> entries = new ArrayList<>();
            Map<String, String> header;
            try {
                header = JournalCodec.decodeHeader(bytes.get(), entries);
            } catch (RuntimeException e) {
                continue;
            }
            if (operations.contains(header.get("operation")) && resumable(header)) {
                header.put("finished", clock.instant() + " " + reason);
                store.write(clusterId, key, JournalCodec.encode(header, entries));
                closed.add(header.get("job"));
            }
        }
        return closed;
    }

    static String key(String jobId) {
        return "jobs/" + StateKeys.key(Objects.requireNonNull(jobId, "jobId must not be null")) + ".journal";
    }

    /** @return the job id */
    public String jobId() {
        return jobId;
    }

    /** @return the operation kind recorded when the job started */
    public String operation() {
        return header.get("operation");
    }

    /**
     * @param taskId a task
     * @return the task's latest state; PENDING if never recorded
     */
    public synchronized TaskState state(String taskId) {
        return current.getOrDefault(taskId, TaskState.PENDING);
    }

    /** @return every transition so far, oldest first */
    public synchronized List<JournalEntry> entries() {
        return List.copyOf(entries);
    }

    /**
     * Records PENDING for each task that has no state yet, in one write.
     *
     * @param taskIds the plan's tasks
     */
    public synchronized void registerAll(List<String> taskIds) {
        boolean changed = false;
        for (String id : taskIds) {
            if (!current.containsKey(id)) {
                append(id, TaskState.PENDING, 0, null);
                changed = true;
            }
        }
        if (changed) {
            persist();
        }
    }

    /**
     * Records a transition and persists the journal before returning.
     *
     * @param taskId the task
     * @param state the state entered
     * @param attempt the attempt, from 1, or 0
     * @param errorSummary redacted failure summary, or null
     */
    public synchronized void transition(String taskId, TaskState state, int attempt, String errorSummary) {
        append(taskId, state, attempt, errorSummary);
        persist();
    }

    /**
     * Records the job's final state.
     *
     * @param outcome e.g. {@code "SUCCEEDED"} or {@code "FAILED"}
     */
    public synchronized void finish(String outcome) {
        header.put("finished", clock.instant() + " " + outcome);
        persist();
    }

    private void append(String taskId, TaskState state, int attempt, String errorSummary) {
        entries.add(new JournalEntry(clock.instant(), taskId, state, attempt, errorSummary));
        current.put(taskId, state);
    }

    private void persist() {
        store.write(clusterId, key(jobId), JournalCodec.encode(header, entries));
    }

    @Override
    public synchronized String toString() {
        return "Journal{cluster=" + clusterId + ", job=" + jobId + ", transitions=" + entries.size() + "}";
    }
}
