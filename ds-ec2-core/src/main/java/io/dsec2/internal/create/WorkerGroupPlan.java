package io.dsec2.internal.create;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes DolphinScheduler 3.2.0's worker-group rows ({@code t_ds_worker_group}: a name and an {@code addr_list} of
 * {@code ip:1234}) from the workers the cluster really has, never from what a row says now. No I/O; immutable
 * inputs; thread-safe.
 *
 * <p>Rules:
 * <ul>
 *   <li>{@code default}: an explicit row, once it exists (or once a worker must leave it), is owned by ds-ec2 for
 *       the life of the cluster and lists every registered worker except those leaving. The real API refuses to
 *       delete a row that any task definition names (every default task names {@code default}), so the row is only
 *       ever updated, never deleted; while no row exists, DolphinScheduler's implicit {@code default} holds every
 *       worker and nothing is written.</li>
 *   <li>The spec's named worker groups list their registered workers except those leaving.</li>
 *   <li>The operator's own rows keep their members: a worker leaving for a restart is taken out and remembered
 *       ({@link Result#held()}), and put back as soon as it is registered again with no drain of it in progress —
 *       by the same operation, or by the next one if this one was interrupted. A worker removed for good (scale-in,
 *       delete) is taken out and not remembered.</li>
 *   <li>No write leaves a group empty that has members now: when every member of a group is leaving, the group keeps
 *       them (DolphinScheduler fails a task at once whose group lists no worker, which is worse than a task on a
 *       worker about to restart).</li>
 * </ul>
 */
final class WorkerGroupPlan {
    static final String DEFAULT = "default";

    private WorkerGroupPlan() {
    }

    /** A row of {@code t_ds_worker_group}; id 0 for a row to insert. */
    record Row(long id, List<String> addresses) {
        Row {
            addresses = List.copyOf(addresses);
        }
    }

    /** One write through the REST API ({@code POST /worker-groups}). */
    record Write(long id, String name, List<String> addresses) {
        Write {
            addresses = List.copyOf(addresses);
        }
    }

    /**
     * @param writes the rows to write, in name order
     * @param held per operator group, the workers ds-ec2 took out of it and has not yet put back
     */
    record Result(List<Write> writes, Map<String, Set<String>> held) {
    }

    /**
     * @param rows the explicit rows now, by name
     * @param registered every worker registered now (and running): address to the name of the spec worker group
     *        that the node belongs to ({@code default} for the spec's default group)
     * @param leaving workers to take out of every group now (about to restart or to be removed)
     * @param removed workers leaving the cluster for good (also in {@code leaving} while still registered): never
     *        remembered for a later restore
     * @param held what an earlier call (maybe of an interrupted operation) took out of operator groups
     * @return the writes, and what is held now
     */
    static Result plan(Map<String, Row> rows, Map<String, String> registered, Collection<String> leaving,
                       Collection<String> removed, Map<String, Set<String>> held) {
        Set<String> out = new TreeSet<>(leaving);
        out.addAll(removed);
        Set<String> specGroups = new TreeSet<>(registered.values());
        specGroups.remove(DEFAULT);
        List<Write> writes = new ArrayList<>();
        Map<String, Set<String>> nowHeld = new TreeMap<>();

        Row def = rows.get(DEFAULT);
        if (def != null || !out.isEmpty()) {
            List<String> want = keepNonEmpty(def == null ? List.of() : def.addresses(),
                    new ArrayList<>(new TreeSet<>(registered.keySet())), out);
            if (!want.isEmpty() && (def == null || !same(def.addresses(), want))) {
                writes.add(new Write(def == null ? 0 : def.id(), DEFAULT, want));
            }
        }
        for (String g : specGroups) {
            Row row = rows.get(g);
            List<String> members = new ArrayList<>(new TreeSet<>(registered.entrySet().stream()
                    .filter(e -> e.getValue().equals(g)).map(Map.Entry::getKey).toList()));
            List<String> want = keepNonEmpty(row == null ? List.of() : row.addresses(), members, out);
            if (!want.isEmpty() && (row == null || !same(row.addresses(), want))) {
                writes.add(new Write(row == null ? 0 : row.id(), g, want));
            }
        }
        for (Map.Entry<String, Row> e : new TreeMap<>(rows).entrySet()) {
            String g = e.getKey();
            if (g.equals(DEFAULT) || specGroups.contains(g)) {
                continue;
            }
            List<String> current = e.getValue().addresses();
            Set<String> back = new LinkedHashSet<>(held.getOrDefault(g, Set.of()));
            back.removeAll(removed);
            Set<String> stillHeld = new TreeSet<>();
            List<String> full = new ArrayList<>(current);
            for (String a : back) {
                if (out.contains(a) || !registered.containsKey(a)) {
                    stillHeld.add(a);
                } else if (!full.contains(a)) {
                    full.add(a);
                }
            }
            List<String> want = full.stream().filter(a -> !out.contains(a)).toList();
            if (want.isEmpty() && !full.isEmpty()) {
                want = full.stream().filter(a -> !removed.contains(a)).toList();
            }
            for (String a : current) {
                if (out.contains(a) && !want.contains(a) && !removed.contains(a)) {
                    stillHeld.add(a);
                }
            }
            if (!same(current, want)) {
                writes.add(new Write(e.getValue().id(), g, want));
            }
            if (!stillHeld.isEmpty()) {
                nowHeld.put(g, stillHeld);
            }
        }
        return new Result(List.copyOf(writes), nowHeld);
    }

    /** The members without those going out; the members as they are if that would empty a group that has some. */
    private static List<String> keepNonEmpty(List<String> current, List<String> members, Set<String> out) {
        List<String> want = members.stream().filter(a -> !out.contains(a)).toList();
        if (!want.isEmpty()) {
            return want;
        }
        return members.isEmpty() ? List.of() : members;
    }

    private static boolean same(List<String> a, List<String> b) {
        return new TreeSet<>(a).equals(new TreeSet<>(b)) && a.size() == b.size();
    }
}
