package io.dsec2.internal.create;

import io.dsec2.event.ClusterListener;
import io.dsec2.event.StageEvent;
import io.dsec2.event.TaskEvent;
import java.util.List;

/** Fans events out to several listeners, in order. */
final class Listeners implements ClusterListener {
    private final List<ClusterListener> all;

    private Listeners(List<ClusterListener> all) {
        this.all = List.copyOf(all);
    }

    static ClusterListener of(List<ClusterListener> listeners) {
        return listeners.isEmpty() ? ClusterListener.NONE
                : listeners.size() == 1 ? listeners.get(0) : new Listeners(listeners);
    }

    @Override
    public void transferProgress(io.dsec2.event.TransferEvent e) {
        all.forEach(l -> l.transferProgress(e));
    }

    @Override
    public void stageStarted(StageEvent e) {
        all.forEach(l -> l.stageStarted(e));
    }

    @Override
    public void stageSucceeded(StageEvent e) {
        all.forEach(l -> l.stageSucceeded(e));
    }

    @Override
    public void stageFailed(StageEvent e) {
        all.forEach(l -> l.stageFailed(e));
    }

    @Override
    public void taskStarted(TaskEvent e) {
        all.forEach(l -> l.taskStarted(e));
    }

    @Override
    public void taskSkipped(TaskEvent e) {
        all.forEach(l -> l.taskSkipped(e));
    }

    @Override
    public void taskRetrying(TaskEvent e) {
        all.forEach(l -> l.taskRetrying(e));
    }

    @Override
    public void taskSucceeded(TaskEvent e) {
        all.forEach(l -> l.taskSucceeded(e));
    }

    @Override
    public void taskFailed(TaskEvent e) {
        all.forEach(l -> l.taskFailed(e));
    }
}
