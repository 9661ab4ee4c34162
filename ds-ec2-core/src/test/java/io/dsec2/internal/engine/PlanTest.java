package io.dsec2.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PlanTest {
    private static Task task(String id, String node, String description) {
        return Task.builder(id).nodeId(node).description(description).action(ctx -> { }).build();
    }

    @Test
    void renderShowsStagesAndTasksInOrderAndNeverASecret() {
        Plan plan = Plan.builder("create")
                .addStage(Stage.builder("schema")
                        .addTask(task("upgrade-schema", null,
                                "Run tools/bin/upgrade-schema.sh with SPRING_DATASOURCE_PASSWORD=hunter2"))
                        .build())
                .addStage(Stage.builder("start-masters").maxParallelism(1)
                        .addTask(task("start/master-1", "master-1",
                                "Start master-server against jdbc:mysql://ds:s3cr3t@db:3306/ds"))
                        .addTask(task("start/master-2", "master-2", "Start master-server, token: abc123"))
                        .build())
                .build();
        String text = plan.render();
        assertThat(text).contains("Plan 'create': 2 stage(s), 3 task(s)", "1. schema (1 task(s), parallel default)",
                "2. start-masters (2 task(s), parallel <= 1)", "- start/master-1 [master-1]: Start master-server");
        assertThat(text.indexOf("upgrade-schema")).isLessThan(text.indexOf("start/master-1"));
        assertThat(text.indexOf("start/master-1")).isLessThan(text.indexOf("start/master-2"));
        assertThat(text).doesNotContain("hunter2", "s3cr3t", "abc123").contains("PASSWORD=****", "ds:****@db");
        assertThat(plan.toString()).isEqualTo(text);
        assertThat(plan.tasks()).extracting(Task::id).containsExactly("upgrade-schema", "start/master-1",
                "start/master-2");
        assertThat(plan.stages().get(1).tasks().get(0).toString()).doesNotContain("s3cr3t");
    }

    @Test
    void rejectsDuplicateIdsAndBadValues() {
        Stage a = Stage.builder("a").addTask(task("t", null, "")).build();
        Stage b = Stage.builder("b").addTask(task("t", null, "")).build();
        assertThatThrownBy(() -> Plan.builder("op").addStage(a).addStage(b).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'t' appears twice");
        assertThatThrownBy(() -> Plan.builder("op").addStage(a).addStage(a).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stage name 'a'");
        assertThatThrownBy(() -> Task.builder("bad id").action(ctx -> { }).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Task.builder("t").build()).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("action");
        assertThatThrownBy(() -> Task.builder("t").timeout(Duration.ZERO).action(ctx -> { }).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Stage.builder("s").maxParallelism(-1).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Plan.builder(" ").build()).isInstanceOf(IllegalArgumentException.class);
    }
}
