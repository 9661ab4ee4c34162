package io.dsec2.internal.create;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.dsec2.internal.engine.Plan;
import io.dsec2.internal.engine.Stage;
import io.dsec2.internal.engine.Task;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.Secret;
import io.dsec2.spi.LoadBalancer;
import io.dsec2.spi.Provisioner;
import io.dsec2.spi.RemoteExecutor;
import io.dsec2.spi.SecretResolver;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The create plan's dependency edges: each must hold as "stage of A before stage of B". */
class CreatePlannerTest {
    @TempDir
    Path state;
    Wiring wiring;

    static final ClusterSpec SPEC = ClusterSpec.builder().name("analytics").region("us-east-1").subnets("subnet-a", "subnet-b")
            .masters(2).workers(2).apis(1).alerts(1).loadBalancer(lb -> lb.enabled(true))
            .database(db -> db.host("db.internal").username("ds").password(Secret.fromEnv("PW")))
            .registry(zk -> zk.connectString("10.0.1.10:2181")).deployment(d -> d.sshUser("ec2-user")).build();
    static final List<String> NODES = List.of("master-1", "master-2", "worker-1", "worker-2", "api-1", "alert-1");

    @BeforeEach
    void wire() {
        Settings s = new Settings();
        s.provisioner = mock(Provisioner.class);
        s.loadBalancer = mock(LoadBalancer.class);
        s.secretResolver = SecretResolver.defaultResolver();
        s.remoteExecutor = mock(RemoteExecutor.class);
        s.stateDirectory = state;
        wiring = Wiring.resolve(SPEC, s);
    }

    @AfterEach
    void close() {
        wiring.close();
    }

    private Map<String, Integer> stageOf(boolean fanOut) {
        CreateContext ctx = new CreateContext(SPEC, wiring, ResolvedSecrets.none(), "create-1");
        NodeSteps node = mock(NodeSteps.class);
        if (fanOut) {
            PackageFanOut f = mock(PackageFanOut.class);
            when(f.seed()).thenReturn(ctx.nodes.get(0));
            when(f.fileName()).thenReturn("apache-dolphinscheduler-3.2.0-bin.tar.gz");
            when(node.fanOut()).thenReturn(Optional.of(f));
        } else {
            when(node.fanOut()).thenReturn(Optional.empty());
        }
        Plan plan = new CreatePlanner(ctx, mock(CloudSteps.class), node, mock(VerifySteps.class)).plan();
        Map<String, Integer> stage = new HashMap<>();
        for (int i = 0; i < plan.stages().size(); i++) {
            Stage s = plan.stages().get(i);
            for (Task t : s.tasks()) {
                stage.put(t.id(), i);
            }
        }
        return stage;
    }

    private static void before(Map<String, Integer> stage, String a, String b) {
        assertThat(stage).as("tasks of the plan").containsKeys(a, b);
        assertThat(stage.get(a)).as("%s runs in a stage before %s", a, b).isLessThan(stage.get(b));
    }

    @Test
    void eachNodesStepsFollowEachOtherAndEveryServerStartsAfterTheSchema() {
        Map<String, Integer> stage = stageOf(false);
        before(stage, "discover", "network");
        before(stage, "network", "load-balancer");
        for (String n : NODES) {
            before(stage, "network", "launch/" + n);
            before(stage, "launch/" + n, "connect/" + n);
            before(stage, "connect/" + n, "prepare/" + n);
            before(stage, "prepare/" + n, "package/" + n);
            before(stage, "package/" + n, "configure/" + n);
            before(stage, "configure/" + n, "start/" + n);
            before(stage, "schema/master-1", "start/" + n);
            before(stage, "start/" + n, "verify/registry");
            before(stage, "start/" + n, "verify/login");
        }
        before(stage, "configure/master-1", "schema/master-1");
        before(stage, "start/api-1", "verify/targets");
        before(stage, "load-balancer", "verify/targets");
        before(stage, "verify/registry", "worker-groups");
    }

    @Test
    void noServerWaitsForAnotherRoleToStart() {
        Map<String, Integer> stage = stageOf(false);
        assertThat(NODES.stream().map(n -> stage.get("start/" + n)).distinct()).as("the start stage of every node")
                .hasSize(1);
    }

    @Test
    void thePackageFanOutStartsAfterTheSeedHasTheFileAndItsServerStopsAfterTheLastFetch() {
        Map<String, Integer> stage = stageOf(true);
        before(stage, "prepare/master-1", "package-seed/master-1");
        for (String n : NODES) {
            before(stage, "package-seed/master-1", "package/" + n);
            before(stage, "package/" + n, "package-serve-stop");
        }
    }
}
