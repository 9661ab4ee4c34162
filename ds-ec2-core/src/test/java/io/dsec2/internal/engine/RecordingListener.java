package io.dsec2.internal.engine;

import io.dsec2.event.ClusterListener;
import io.dsec2.event.StageEvent;
import io.dsec2.event.TaskEvent;
import java.util.ArrayList;
import java.util.List;

/** Records every event as {@code kind:name} plus the events themselves. */
final class RecordingListener implements ClusterListener {
    private final List<String> names = new ArrayList<>();
    private final List<Object> events = new ArrayList<>();

    private synchronized void add(String kind, String name, Object event) {
        names.add(kind + ":" + name);
        events.add(event);
    }

    synchronized List<String> names() {
        return List.copyOf(names);
    }

    synchronized List<Object> events() {
        return List.copyOf(events);
    }

    @Override
    public void stageStarted(StageEvent e) {
        add("stageStarted", e.stage(), e);
    }

    @Override
    public void stageSucceeded(StageEvent e) {
        add("stageSucceeded", e.stage(), e);
    }

    @Override
    public void stageFailed(StageEvent e) {
        add("stageFailed", e.stage(), e);
    }

    @Override
    public void taskStarted(TaskEvent e) {
        add("taskStarted", e.taskId(), e);
    }

    @Override
    public void taskSkipped(TaskEvent e) {
        add("taskSkipped", e.taskId(), e);
    }

    @Override
    public void taskRetrying(TaskEvent e) {
        add("taskRetrying", e.taskId(), e);
    }

    @Override
    public void taskSucceeded(TaskEvent e) {
        add("taskSucceeded", e.taskId(), e);
    }

    @Override
    public void taskFailed(TaskEvent e) {
        add("taskFailed", e.taskId(), e);
    }
}
