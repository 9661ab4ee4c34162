package io.dsec2.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskTimesTest {

    @Test
    void theCriticalPathFollowsOneNodesStepsThroughTheSchemaToTheSlowestStart() {
        Map<String, Double> t = new HashMap<>();
        t.put("discover", 1.0);
        t.put("network", 1.0);
        for (String n : new String[] {"master-1", "worker-1", "api-1"}) {
            t.put("launch/" + n, 2.0);
            t.put("connect/" + n, 3.0);
            t.put("prepare/" + n, 4.0);
            t.put("package/" + n, 10.0);
            t.put("configure/" + n, 1.0);
        }
        t.put("package/worker-1", 30.0); // the slowest extraction: on the path only through its own start
        t.put("schema/master-1", 15.0);
        t.put("start/master-1", 20.0);
        t.put("start/worker-1", 5.0);
        t.put("start/api-1", 25.0);
        t.put("load-balancer", 3.0);
        t.put("verify/registry", 1.0);
        t.put("verify/targets", 2.0);
        t.put("worker-groups", 0.5);

        TaskTimes.Path p = TaskTimes.createCriticalPath(t);

        // master-1's chain to the schema (1+1+2+3+4+10+1+15 = 37) then the api's start (25) and targets (2) = 64;
        // through verify/registry and worker-groups it is 37+25+1+0.5; worker-1's own chain to its start is 47
        assertThat(p.tasks()).containsExactly("discover", "network", "launch/master-1", "connect/master-1",
                "prepare/master-1", "package/master-1", "configure/master-1", "schema/master-1", "start/api-1",
                "verify/targets");
        assertThat(p.seconds()).isEqualTo(64.0);
    }

    @Test
    void thePackageFanOutWaitsForTheSeedsUploadAndNoServerWaitsForAnother() {
        Map<String, Double> t = new HashMap<>();
        t.put("prepare/master-1", 1.0);
        t.put("prepare/worker-1", 1.0);
        t.put("package-seed/master-1", 40.0);
        t.put("package/worker-1", 5.0);
        t.put("configure/worker-1", 1.0);
        t.put("start/master-1", 50.0);
        t.put("start/worker-1", 10.0);

        assertThat(TaskTimes.createDeps("package/worker-1", t.keySet()))
                .containsExactlyInAnyOrder("prepare/worker-1", "package-seed/master-1");
        assertThat(TaskTimes.createDeps("start/worker-1", t.keySet())).containsExactly("configure/worker-1");
        TaskTimes.Path p = TaskTimes.createCriticalPath(t);
        // 1 + 40 + 5 + 1 + 10 = 57: the worker waits for the seed, not for the master's 50 s start
        assertThat(p.tasks()).containsExactly("prepare/master-1", "package-seed/master-1", "package/worker-1",
                "configure/worker-1", "start/worker-1");
        assertThat(p.seconds()).isEqualTo(57.0);
    }
}
