package io.dsec2.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@link io.dsec2.DsCluster#delete(DeleteOptions)} did. Lists are of ids as the cloud reports them; a
 * delete of a cluster that is already gone has empty lists and no leftovers.
 *
 * <p>Immutable and thread-safe.
 */
public final class DeleteResult {
    private final String clusterId;
    private final List<String> serversStopped;
    private final List<String> instancesTerminated;
    private final List<String> targetsDeregistered;
    private final int tasksKilled;
    private final List<String> dataPurged;
    private final List<String> leftovers;
    private final Duration duration;

    /**
     * @param clusterId the cluster
     * @param serversStopped node ids whose DolphinScheduler server was stopped
     * @param instancesTerminated instance ids terminated
     * @param targetsDeregistered api instance ids removed from the target group
     * @param tasksKilled task instances still running (state 1) on workers when the drain timeout passed
     * @param dataPurged what {@code purgeData} removed (table names); empty without it
     * @param leftovers resources still tagged with the cluster id after the sweep; empty when the delete is complete
     * @param duration how long the delete took
     * @return the value
     */
    public static DeleteResult of(String clusterId, List<String> serversStopped, List<String> instancesTerminated,
            List<String> targetsDeregistered, int tasksKilled, List<String> dataPurged, List<String> leftovers,
            Duration duration) {
        return new DeleteResult(clusterId, serversStopped, instancesTerminated, targetsDeregistered, tasksKilled,
                dataPurged, leftovers, duration);
    }

    private DeleteResult(String clusterId, List<String> serversStopped, List<String> instancesTerminated,
            List<String> targetsDeregistered, int tasksKilled, List<String> dataPurged, List<String> leftovers,
            Duration duration) {
        this.clusterId = Objects.requireNonNull(clusterId, "clusterId must not be null");
        this.serversStopped = List.copyOf(serversStopped);
        this.instancesTerminated = List.copyOf(instancesTerminated);
        this.targetsDeregistered = List.copyOf(targetsDeregistered);
        this.tasksKilled = tasksKilled;
        this.dataPurged = List.copyOf(dataPurged);
        this.leftovers = List.copyOf(leftovers);
        this.duration = Objects.requireNonNull(duration, "duration must not be null");
    }

    /** @return the cluster id */
    public String clusterId() {
        return clusterId;
    }

    /** @return node ids whose server this run stopped (servers already down are not listed) */
    public List<String> serversStopped() {
        return serversStopped;
    }

    /** @return instance ids this run terminated */
    public List<String> instancesTerminated() {
        return instancesTerminated;
    }

    /** @return api instance ids this run removed from the target group */
    public List<String> targetsDeregistered() {
        return targetsDeregistered;
    }

    /** @return task instances still running on the workers when the drain timeout passed (killed by the stop) */
    public int tasksKilled() {
        return tasksKilled;
    }

    /** @return what purgeData removed; empty if data was kept */
    public List<String> dataPurged() {
        return dataPurged;
    }

    /** @return resources still tagged with the cluster id after the delete; empty = complete */
    public List<String> leftovers() {
        return leftovers;
    }

    /** @return true if the sweep found nothing left */
    public boolean complete() {
        return leftovers.isEmpty();
    }

    /** @return how long the delete took */
    public Duration duration() {
        return duration;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeleteResult r && r.clusterId.equals(clusterId) && r.serversStopped.equals(serversStopped)
                && r.instancesTerminated.equals(instancesTerminated) && r.targetsDeregistered.equals(targetsDeregistered)
                && r.tasksKilled == tasksKilled && r.dataPurged.equals(dataPurged) && r.leftovers.equals(leftovers)
                && r.duration.equals(duration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clusterId, serversStopped, instancesTerminated, targetsDeregistered, tasksKilled,
                dataPurged, leftovers, duration);
    }

    @Override
    public String toString() {
        return "DeleteResult{cluster=" + clusterId + ", stopped=" + serversStopped + ", terminated="
                + instancesTerminated + ", deregistered=" + targetsDeregistered + ", tasksKilled=" + tasksKilled
                + ", purged=" + dataPurged + ", leftovers=" + leftovers + ", duration=" + duration + "}";
    }
}
