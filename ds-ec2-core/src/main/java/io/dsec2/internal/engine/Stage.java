package io.dsec2.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A named group of tasks that may run in parallel, at most {@link #maxParallelism()} at a time. A stage
 * starts only after every task of the previous stage is done (for example masters before workers).
 *
 * <pre>{@code
 * Stage s = Stage.builder("start-workers").maxParallelism(4).addTask(t1).addTask(t2).build();
 * }</pre>
 *
 * <p>Immutable.
 */
public final class Stage {
    private final String name;
    private final List<Task> tasks;
    private final int maxParallelism;

    private Stage(Builder b) {
        if (b.name == null || b.name.isBlank()) {
            throw new IllegalArgumentException("stage name must not be blank");
        }
        if (b.maxParallelism < 0) {
            throw new IllegalArgumentException("maxParallelism of stage " + b.name + " must not be negative, was "
                    + b.maxParallelism);
        }
        this.name = b.name;
        this.tasks = List.copyOf(b.tasks);
        this.maxParallelism = b.maxParallelism;
    }

    /**
     * @param name the stage name, unique within the plan
     * @return a builder; mutable, not thread-safe
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** @return the name */
    public String name() {
        return name;
    }

    /** @return the tasks, in order */
    public List<Task> tasks() {
        return tasks;
    }

    /** @return the bound on tasks running at once; 0 means the executor's default parallelism */
    public int maxParallelism() {
        return maxParallelism;
    }

    @Override
    public String toString() {
        return "Stage{" + name + ", " + tasks.size() + " tasks, maxParallelism=" + maxParallelism + "}";
    }

    /** Builder of {@link Stage}; mutable, not thread-safe. */
    public static final class Builder {
        private final String name;
        private final List<Task> tasks = new ArrayList<>();
        private int maxParallelism;

        private Builder(String name) {
            this.name = name;
        }

        /**
         * @param task a task to append
         * @return this
         */
        public Builder addTask(Task task) {
            tasks.add(Objects.requireNonNull(task, "task must not be null"));
            return this;
        }

        /**
         * @param all tasks replacing any added before
         * @return this
         */
        public Builder tasks(List<Task> all) {
            tasks.clear();
            all.forEach(this::addTask);
            return this;
        }

        /**
         * @param n tasks at most running at once; default 0 = the executor's default
         * @return this
         */
        public Builder maxParallelism(int n) {
            this.maxParallelism = n;
            return this;
        }

        /**
         * @return the stage
         * @throws IllegalArgumentException if the name is blank or the bound negative
         */
        public Stage build() {
            return new Stage(this);
        }
    }
}
