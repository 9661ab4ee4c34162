package io.dsec2.internal.create;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import io.dsec2.model.ClusterSpec;
import io.dsec2.model.NodeRole;
import io.dsec2.model.Secret;
import io.dsec2.spi.CloudInstance;
import io.dsec2.spi.LoadBalancer;
import io.dsec2.spi.Provisioner;
import io.dsec2.spi.RemoteExecutor;
import io.dsec2.spi.RemoteHost;
import io.dsec2.spi.SecretResolver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trust on first use only for instances ds-ec2 launched and has not reached yet; host keys pinned per instance id;
 * terminated instances' keys dropped.
 */
class HostKeyTrustTest {
    @TempDir
    Path state;
    RemoteExecutor remote = mock(RemoteExecutor.class);
    Wiring wiring;

    static final ClusterSpec SPEC = ClusterSpec.builder().name("analytics").region("us-east-1").subnets("subnet-a")
            .database(db -> db.host("db.internal").username("ds").password(Secret.fromEnv("PW")))
            .registry(zk -> zk.connectString("10.0.1.10:2181")).deployment(d -> d.sshUser("ec2-user")).build();

    @BeforeEach
    void wire() {
        Settings s = new Settings();
        s.provisioner = mock(Provisioner.class);
        s.loadBalancer = mock(LoadBalancer.class);
        s.secretResolver = SecretResolver.defaultResolver();
        s.remoteExecutor = remote;
        s.stateDirectory = state;
        wiring = Wiring.resolve(SPEC, s);
    }

    @AfterEach
    void close() {
        wiring.close();
    }

    private CreateContext context() {
        return new CreateContext(SPEC, wiring, ResolvedSecrets.none(), "create-1");
    }

    private static CloudInstance instance(String id, String node, String ip) {
        return instance(id, node, ip, java.time.Instant.EPOCH);
    }

    private static CloudInstance instance(String id, String node, String ip, java.time.Instant launched) {
        return CloudInstance.builder().instanceId(id).nodeId(node).role(NodeRole.WORKER).ordinal(1).state("running")
                .privateIp(ip).subnetId("subnet-a").availabilityZone("us-east-1a").instanceType("m6i.large")
                .imageId("ami-1").launchTime(launched).build();
    }

    private String launched() {
        return wiring.store.read("analytics", "instances-launched").map(b -> new String(b, StandardCharsets.UTF_8))
                .orElse("");
    }

    @Test
    void anInstanceIsTrustedOnFirstUseOnlyUntilItIsReached() {
        CloudInstance w1 = instance("i-0aaa", "worker-1", "10.0.1.4");
        CloudInstance w2 = instance("i-0bbb", "worker-2", "10.0.1.5");
        CreateContext ctx = context();
        ctx.recordLaunched("worker-1", "i-0aaa");
        ctx.recordLaunched("worker-2", "i-0bbb");
        RemoteHost host = ctx.host(w1);
        assertThat(host.instanceId()).contains("i-0aaa");
        assertThat(host.address()).isEqualTo("10.0.1.4");
        assertThat(host.user()).isEqualTo("ec2-user");
        assertThat(host.trustOnFirstUse()).isTrue();

        ctx.reached(w1);
        assertThat(ctx.host(w1).trustOnFirstUse()).isFalse();
        assertThat(launched()).isEqualTo("i-0bbb\n");
        // a later run (another operator, the same state store) trusts only what was never reached
        CreateContext later = context();
        assertThat(later.host(w1).trustOnFirstUse()).isFalse();
        assertThat(later.host(w2).trustOnFirstUse()).isTrue();
        // an adopted instance is never trusted on first use
        assertThat(later.host(instance("i-0ccc", "worker-3", "10.0.1.6")).trustOnFirstUse()).isFalse();
    }

    @Test
    void terminatedInstancesLoseTheirPinsAndTheirTrust() {
        CloudInstance w1 = instance("i-0aaa", "worker-1", "10.0.1.4");
        CloudInstance w2 = instance("i-0bbb", "worker-2", "10.0.1.5");
        CreateContext ctx = context();
        ctx.recordLaunched("worker-1", "i-0aaa");
        ctx.recordLaunched("worker-2", "i-0bbb");
        ctx.recordLaunched("worker-4", "i-0ddd");
        doThrow(new java.io.UncheckedIOException(new java.io.IOException("disk full"))).when(remote)
                .forgetHost(ctx.host(w2).copy(b -> b.trustOnFirstUse(false)));

        ctx.forgetTerminated(List.of("i-0aaa", "i-0bbb", "i-0ddd"), List.of(w1, w2));

        verify(remote).forgetHost(ctx.host(w1));
        verify(remote).forgetHost(ctx.host(w2));
        verifyNoMoreInteractions(remote);
        assertThat(ctx.host(w1).trustOnFirstUse()).isFalse();
        assertThat(launched()).isEmpty();
    }

    @Test
    void anInstanceLaunchedByARunThatDiedBeforeLearningItsIdIsTrustedOnceThroughTheLaunchIntent() {
        CreateContext dying = context();
        java.time.Instant before = java.time.Instant.now();
        dying.recordLaunchIntent("worker-2");
        assertThat(launched()).startsWith("intent worker-2 ");
        // the process died here: EC2 made the instance, ds-ec2 never learned its id
        CreateContext rerun = context();
        CloudInstance ours = instance("i-0eee", "worker-2", "10.0.1.5", before.plusSeconds(1));
        CloudInstance older = instance("i-0fff", "worker-2", "10.0.1.5",
                before.minus(CreateContext.LAUNCH_CLOCK_SKEW).minusSeconds(60));
        CloudInstance otherNode = instance("i-0ggg", "worker-3", "10.0.1.6", before.plusSeconds(1));
        assertThat(rerun.host(ours).trustOnFirstUse()).isTrue();
        assertThat(rerun.host(older).trustOnFirstUse()).as("launched before ds-ec2 asked for it").isFalse();
        assertThat(rerun.host(otherNode).trustOnFirstUse()).as("no intent for worker-3").isFalse();

        rerun.reached(ours);
        assertThat(launched()).isEmpty();
        assertThat(context().host(ours).trustOnFirstUse()).isFalse();
    }

    @Test
    void aLaunchWhoseIdIsRecordedClearsItsIntent() {
        CreateContext ctx = context();
        ctx.recordLaunchIntent("worker-1");
        ctx.recordLaunched("worker-1", "i-0aaa");
        assertThat(launched()).isEqualTo("i-0aaa\n");
    }
}
