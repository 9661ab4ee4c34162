package io.dsec2.internal.create;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.internal.create.WorkerGroupPlan.Result;
import io.dsec2.internal.create.WorkerGroupPlan.Row;
import io.dsec2.internal.create.WorkerGroupPlan.Write;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkerGroupPlanTest {
    static final String W1 = "10.0.0.1:1234";
    static final String W2 = "10.0.0.2:1234";
    static final String W3 = "10.0.0.3:1234";
    static final Map<String, String> TWO = Map.of(W1, "default", W2, "default");

    @Test
    void noRowAndNothingLeavingWritesNothing() {
        Result r = WorkerGroupPlan.plan(Map.of(), TWO, List.of(), List.of(), Map.of());
        assertThat(r.writes()).isEmpty();
        assertThat(r.held()).isEmpty();
    }

    @Test
    void aLeavingWorkerGetsAnExplicitDefaultRowWithTheOthers() {
        Result r = WorkerGroupPlan.plan(Map.of(), TWO, List.of(W1), List.of(), Map.of());
        assertThat(r.writes()).containsExactly(new Write(0, "default", List.of(W2)));
    }

    @Test
    void theDefaultRowIsRestoredFromTheRegisteredWorkersNotFromWhatItSays() {
        // an interrupted roll left default listing W2 only; nothing leaves now
        Result r = WorkerGroupPlan.plan(Map.of("default", new Row(5, List.of(W2))), TWO, List.of(), List.of(), Map.of());
        assertThat(r.writes()).containsExactly(new Write(5, "default", List.of(W1, W2)));
    }

    @Test
    void aDrainedDefaultRowLeftByAnInterruptedRollIsRepairedByTheNextLeave() {
        // the next batch drains W2 from a row that still lacks W1: W1 comes back, W2 leaves, never empty
        Result r = WorkerGroupPlan.plan(Map.of("default", new Row(5, List.of(W2))), TWO, List.of(W2), List.of(), Map.of());
        assertThat(r.writes()).containsExactly(new Write(5, "default", List.of(W1)));
    }

    @Test
    void defaultIsNeverEmptied() {
        Result one = WorkerGroupPlan.plan(Map.of(), Map.of(W1, "default"), List.of(W1), List.of(), Map.of());
        assertThat(one.writes()).allSatisfy(w -> assertThat(w.addresses()).isNotEmpty());
        Result empty = WorkerGroupPlan.plan(Map.of("default", new Row(5, List.of())), TWO, List.of(W1, W2), List.of(),
                Map.of());
        assertThat(empty.writes()).containsExactly(new Write(5, "default", List.of(W1, W2)));
        Result noneRegistered = WorkerGroupPlan.plan(Map.of("default", new Row(5, List.of(W1))), Map.of(), List.of(),
                List.of(), Map.of());
        assertThat(noneRegistered.writes()).as("an empty registry read never empties a row").isEmpty();
    }

    @Test
    void membershipComesFromRegisteredRunningWorkers() {
        // W3 is in the row but no longer registered (terminated): it drops out; W1 (registered) is added
        Result r = WorkerGroupPlan.plan(Map.of("default", new Row(5, List.of(W2, W3))), TWO, List.of(), List.of(),
                Map.of());
        assertThat(r.writes()).containsExactly(new Write(5, "default", List.of(W1, W2)));
    }

    @Test
    void specNamedGroupsListTheirOwnWorkersAndSurviveARoll() {
        Map<String, String> reg = Map.of(W1, "etl", W2, "etl", W3, "default");
        Result create = WorkerGroupPlan.plan(Map.of(), reg, List.of(), List.of(), Map.of());
        assertThat(create.writes()).containsExactly(new Write(0, "etl", List.of(W1, W2)));
        Map<String, Row> rows = Map.of("etl", new Row(7, List.of(W1, W2)));
        Result leave = WorkerGroupPlan.plan(rows, reg, List.of(W1), List.of(), Map.of());
        assertThat(leave.writes()).containsExactlyInAnyOrder(new Write(0, "default", List.of(W2, W3)),
                new Write(7, "etl", List.of(W2)));
        Map<String, Row> after = Map.of("etl", new Row(7, List.of(W2)), "default", new Row(9, List.of(W2, W3)));
        Result restore = WorkerGroupPlan.plan(after, reg, List.of(), List.of(), leave.held());
        assertThat(restore.writes()).containsExactlyInAnyOrder(new Write(9, "default", List.of(W1, W2, W3)),
                new Write(7, "etl", List.of(W1, W2)));
    }

    @Test
    void operatorGroupsKeepTheirMembersAcrossAnInterruptedRoll() {
        Map<String, Row> rows = Map.of("gpu", new Row(3, List.of(W1, W2)), "default", new Row(4, List.of(W1, W2)));
        Result leave = WorkerGroupPlan.plan(rows, TWO, List.of(W1), List.of(), Map.of());
        assertThat(leave.writes()).containsExactlyInAnyOrder(new Write(4, "default", List.of(W2)),
                new Write(3, "gpu", List.of(W2)));
        assertThat(leave.held()).isEqualTo(Map.of("gpu", Set.of(W1)));
        // interrupted here; the next operation (nothing leaving) puts W1 back from what was held
        Map<String, Row> left = Map.of("gpu", new Row(3, List.of(W2)), "default", new Row(4, List.of(W2)));
        Result repair = WorkerGroupPlan.plan(left, TWO, List.of(), List.of(), leave.held());
        assertThat(repair.writes()).containsExactlyInAnyOrder(new Write(4, "default", List.of(W1, W2)),
                new Write(3, "gpu", List.of(W2, W1)));
        assertThat(repair.held()).isEmpty();
    }

    @Test
    void aHeldWorkerThatIsNotRegisteredYetStaysHeld() {
        Map<String, Row> rows = Map.of("gpu", new Row(3, List.of(W2)));
        Result r = WorkerGroupPlan.plan(rows, Map.of(W2, "default"), List.of(), List.of(), Map.of("gpu", Set.of(W1)));
        assertThat(r.writes()).isEmpty();
        assertThat(r.held()).isEqualTo(Map.of("gpu", Set.of(W1)));
    }

    @Test
    void anOperatorGroupWhoseOnlyMemberRestartsKeepsIt() {
        Map<String, Row> rows = Map.of("solo", new Row(3, List.of(W1)));
        Result r = WorkerGroupPlan.plan(rows, TWO, List.of(W1), List.of(), Map.of());
        assertThat(r.writes()).containsExactly(new Write(0, "default", List.of(W2)));
        assertThat(r.held()).isEmpty();
    }

    @Test
    void removedWorkersLeaveEveryGroupForGood() {
        Map<String, Row> rows = Map.of("gpu", new Row(3, List.of(W1, W2)), "solo", new Row(6, List.of(W2)),
                "default", new Row(4, List.of(W1, W2)));
        Result r = WorkerGroupPlan.plan(rows, TWO, List.of(W2), List.of(W2), Map.of("gpu", Set.of(W2)));
        assertThat(r.writes()).containsExactlyInAnyOrder(new Write(4, "default", List.of(W1)),
                new Write(3, "gpu", List.of(W1)), new Write(6, "solo", List.of()));
        assertThat(r.held()).isEmpty();
    }

    @Test
    void scaleOutAddsNewWorkersToTheExplicitDefaultRowAndTheirSpecGroup() {
        Map<String, Row> rows = Map.of("default", new Row(4, List.of(W1)), "etl", new Row(7, List.of(W2)));
        Map<String, String> reg = Map.of(W1, "default", W2, "etl", W3, "etl");
        Result r = WorkerGroupPlan.plan(rows, reg, List.of(), List.of(), Map.of());
        assertThat(r.writes()).containsExactlyInAnyOrder(new Write(4, "default", List.of(W1, W2, W3)),
                new Write(7, "etl", List.of(W2, W3)));
    }
}
