package io.dsec2.examples.cli;

import io.dsec2.event.ClusterListener;
import io.dsec2.event.StageEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects the stages an operation ran (name, tasks, outcome, duration) for {@code --json}. Thread-safe. */
final class StageRecorder implements ClusterListener {
    private final List<Map<String, Object>> stages = new ArrayList<>();

    @Override
    public void stageSucceeded(StageEvent e) {
        add(e, "succeeded");
    }

    @Override
    public void stageFailed(StageEvent e) {
        add(e, "failed");
    }

    private synchronized void add(StageEvent e, String outcome) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stage", e.stage());
        m.put("tasks", e.taskCount());
        m.put("outcome", outcome);
        m.put("durationSeconds", e.duration());
        m.put("error", e.error());
        stages.add(m);
    }

    synchronized List<Map<String, Object>> stages() {
        return List.copyOf(stages);
    }
}
