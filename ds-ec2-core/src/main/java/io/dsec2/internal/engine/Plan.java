package io.dsec2.internal.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An operation broken into ordered stages of per-node tasks (job → stage → task). Immutable and
 * printable: {@link #render()} is what {@code plan} and {@code --dry-run} show, with secrets masked and no
 * task bodies.
 *
 * <pre>{@code
 * Plan plan = Plan.builder("restart")
 *         .addStage(Stage.builder("restart-masters").maxParallelism(1).addTask(m1).addTask(m2).build())
 *         .addStage(Stage.builder("restart-workers").maxParallelism(4).tasks(workers).build())
 *         .build();
 * }</pre>
 */
public final class Plan {
    private final String operation;
    private final List<Stage> stages;

    private Plan(Builder b) {
        if (b.operation == null || b.operation.isBlank()) {
            throw new IllegalArgumentException("operation must not be blank");
        }
        Set<String> stageNames = new HashSet<>();
        Set<String> taskIds = new HashSet<>();
        for (Stage s : b.stages) {
            if (!stageNames.add(s.name())) {
                throw new IllegalArgumentException("stage name '" + s.name() + "' appears twice in the plan");
            }
            for (Task t : s.tasks()) {
                if (!taskIds.add(t.id())) {
                    throw new IllegalArgumentException("task id '" + t.id() + "' appears twice in the plan");
                }
            }
        }
        this.operation = b.operation;
        this.stages = List.copyOf(b.stages);
    }

    /**
     * @param operation the operation kind, e.g. {@code "create"}; recorded in the journal
     * @return a builder; mutable, not thread-safe
     */
    public static Builder builder(String operation) {
        return new Builder(operation);
    }

    /** @return the operation kind */
    public String operation() {
        return operation;
    }

    /** @return the stages, in execution order */
    public List<Stage> stages() {
        return stages;
    }

    /** @return all tasks, in stage order */
    public List<Task> tasks() {
        List<Task> all = new ArrayList<>();
        stages.forEach(s -> all.addAll(s.tasks()));
        return all;
    }

    /** @return a multi-line, human-readable listing with secrets masked */
    public String render() {
        StringBuilder out = new StringBuilder("Plan '").append(operation).append("': ").append(stages.size())
                .append(" stage(s), ").append(tasks().size()).append(" task(s)\n");
        int i = 1;
        for (Stage s : stages) {
            out.append(String.format("%d. %s (%d task(s), parallel %s)%n", i++, s.name(), s.tasks().size(),
                    s.maxParallelism() == 0 ? "default" : "<= " + s.maxParallelism()));
            for (Task t : s.tasks()) {
                out.append("   - ").append(t.id());
                t.nodeId().ifPresent(n -> out.append(" [").append(n).append(']'));
                if (!t.description().isEmpty()) {
                    out.append(": ").append(Redaction.mask(t.description()).replace('\n', ' '));
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return render();
    }

    /** Builder of {@link Plan}; mutable, not thread-safe. */
    public static final class Builder {
        private final String operation;
        private final List<Stage> stages = new ArrayList<>();

        private Builder(String operation) {
            this.operation = operation;
        }

        /**
         * @param stage the next stage
         * @return this
         */
        public Builder addStage(Stage stage) {
            stages.add(Objects.requireNonNull(stage, "stage must not be null"));
            return this;
        }

        /**
         * @return the plan
         * @throws IllegalArgumentException on a duplicate stage name or task id
         */
        public Plan build() {
            return new Plan(this);
        }
    }
}
