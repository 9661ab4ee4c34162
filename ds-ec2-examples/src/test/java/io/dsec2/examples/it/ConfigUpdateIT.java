package io.dsec2.examples.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dsec2.examples.cli.DsEc2Cli;
import io.dsec2.exception.RolloutException;
import io.dsec2.exception.StateLockedException;
import io.dsec2.model.ChangeSet;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.ConfigChange;
import io.dsec2.model.ConfigVersion;
import io.dsec2.model.FailureAction;
import io.dsec2.model.NodeRole;
import io.dsec2.model.RollingPolicy;
import io.dsec2.model.RolloutResult;
import io.dsec2.model.UpdateOptions;
import io.dsec2.model.UpdatePolicy;
import io.dsec2.model.VersionStatus;
import io.dsec2.testkit.LocalCloudExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * Issue 5's update acceptance on the shared {@link RollingCluster}: a plan changes nothing; a change that makes a
 * worker fail its health gate (a JVM option the JVM refuses) stops at that worker with {@link FailureAction#PAUSE}, leaving
 * the others on the old configuration, and with {@link FailureAction#ROLL_BACK} leaves the whole cluster healthy on
 * the previous configuration; of two concurrent updates one proceeds and the other fails fast, naming the holder.
 */
@ExtendWith({LocalCloudExtension.class, RollingClusterExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfigUpdateIT {
    /**
     * A JVM option the JVM refuses at start. Not an unknown flag such as {@code -XX:+NoSuchFlagForTest}: DS 3.2.0's
     * jvm_args_env.sh carries {@code -XX:+IgnoreUnrecognizedVMOptions}, so the JVM would start anyway; a known flag
     * with a value out of its range stops it ("Could not create the Java Virtual Machine").
     */
    static final String BAD_FLAG = "-XX:MaxRAMPercentage=200";
    static final List<String> WORKERS = RollingCluster.nodesOf(NodeRole.WORKER);

    RollingCluster c;
    /** Every node's rendered files before the bad change (test 2), to compare with after the roll back. */
    Map<String, Map<String, String>> filesBeforeBadChange;

    @BeforeAll
    void setUp(RollingCluster c) {
        this.c = c;
    }

    static RollingPolicy policy(FailureAction onFailure) {
        return RollingPolicy.builder().batchSize(1).monitorWindow(Duration.ofSeconds(1))
                .healthTimeout(Duration.ofSeconds(25)).drainTimeout(Duration.ofSeconds(10)).failureAction(onFailure)
                .build();
    }

    ClusterSpec withBadWorkerFlag() {
        return c.applied().copy(b -> b.workers(w -> w.jvm(j -> {
            List<String> extra = new ArrayList<>(c.applied().workerGroups().get(0).jvm().extraOptions());
            extra.add(BAD_FLAG);
            j.extraOptions(extra);
        })));
    }

    @Test
    @Order(1)
    void planChangesNothing() throws Exception {
        c.awaitHealthy(Duration.ofMinutes(2));
        List<ConfigVersion> historyBefore = c.cluster().history();
        Map<String, String> before = c.startMarkers();
        Map<String, Map<String, String>> filesBefore = c.renderedFiles();
        ClusterSpec desired = c.applied().copy(b -> b.masters(m -> m.putConfig("master.exec-threads", "77")));

        ChangeSet plan = c.cluster().planUpdate(desired);

        assertThat(plan.fromVersion()).as("the plan starts from the newest applied version").isEqualTo(historyBefore
                .stream().filter(v -> v.status() == VersionStatus.APPLIED).reduce((a, b) -> b).orElseThrow().number());
        assertThat(plan.changes()).singleElement().satisfies(ch -> {
            assertThat(ch.key()).endsWith("master.exec-threads");
            assertThat(ch.newValue()).contains("77");
            assertThat(ch.roles()).containsExactly(NodeRole.MASTER);
        });
        assertThat(plan.rolesToRestart()).containsExactly(NodeRole.MASTER);
        assertThat(c.cluster().planUpdate(c.applied()).isEmpty()).as("the applied spec plans no change").isTrue();

        // the CLI's dry run, with the cluster's YAML file plus the same change
        Path yaml = RollingCluster.STATE.resolve("dry-run.yaml");
        String text = Files.readString(c.yaml);
        assertThat(text).contains("service_config:\n  api:");
        Files.writeString(yaml, text.replace("service_config:\n  api:",
                "service_config:\n  master:\n    exec_threads: 77\n  api:"));
        RollingCluster.Cli cli = RollingCluster.cli("config", "update", "-f", yaml.toString(), "--state-dir",
                RollingCluster.STATE.toString(), "--dry-run");
        assertThat(cli.exit()).as(cli.out()).isEqualTo(DsEc2Cli.OK);
        assertThat(cli.out()).contains("master.exec-threads").contains("77");

        assertThat(c.cluster().history()).isEqualTo(historyBefore);
        assertThat(c.startMarkers()).isEqualTo(before);
        assertThat(c.renderedFiles()).isEqualTo(filesBefore);
    }

    @Test
    @Order(2)
    void aWorkerFailingItsGatePausesTheRollThereAndLeavesTheOthersAlone() throws Exception {
        c.awaitHealthy(Duration.ofMinutes(2));
        List<ConfigVersion> historyBefore = c.cluster().history();
        Map<String, String> before = c.startMarkers();
        Map<String, Map<String, String>> filesBefore = c.renderedFiles();
        filesBeforeBadChange = filesBefore;
        ClusterSpec bad = withBadWorkerFlag();

        long t0 = System.nanoTime();
        RolloutException ex = catchThrowableOfType(RolloutException.class, () -> c.cluster(bad).update(bad,
                UpdateOptions.builder().note("config-it: bad flag, pause").policy(policy(FailureAction.PAUSE)).build()));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(ex).as("update with a flag the JVM refuses").isNotNull();
        RolloutResult r = ex.result();
        assertThat(r.outcome()).as("%s", r).isEqualTo(RolloutResult.Outcome.PAUSED);
        assertThat(r.failed()).as("%s", r).hasSize(1);
        String failed = r.failed().keySet().iterator().next();
        assertThat(failed).startsWith("worker-");
        assertThat(ex.getMessage()).contains(failed);
        assertThat(r.rolledBack()).isEmpty();
        assertThat(took).as("a JVM that exits at once fails its gate within the health timeout").isLessThan(
                Duration.ofSeconds(90));

        Map<String, String> after = c.startMarkers();
        Map<String, Map<String, String>> filesAfter = c.renderedFiles();
        for (String n : RollingCluster.NODES) {
            if (n.equals(failed)) {
                assertThat(after.get(n)).as("%s is down (the JVM refused the flag)", n).isEmpty();
                assertThat(c.file(n, "worker-server/bin/jvm_args_env.sh")).contains(BAD_FLAG);
            } else {
                assertThat(after.get(n)).as("%s kept its JVM", n).isEqualTo(before.get(n));
                assertThat(filesAfter.get(n)).as("%s kept its configuration", n).isEqualTo(filesBefore.get(n));
                assertThat(c.jvmArgs(n)).doesNotContain(BAD_FLAG);
            }
        }
        List<ConfigVersion> history = c.cluster().history();
        assertThat(history).hasSize(historyBefore.size() + 1);
        assertThat(history.get(history.size() - 1).status()).isEqualTo(VersionStatus.IN_PROGRESS);
        assertThat(history.get(history.size() - 1).note()).isEqualTo("config-it: bad flag, pause");
    }

    @Test
    @Order(3)
    void thePausedChangeRunAgainWithRollBackEndsHealthyOnThePreviousConfiguration() throws Exception {
        // the paused roll left one worker down on the bad version; the same change again, now with roll back
        try {
            rollBackAndCheck();
        } finally {
            recover();
        }
    }

    @Test
    @Order(4)
    void fromAHealthyClusterABadChangeWithRollBackEndsHealthyOnThePreviousConfiguration() throws Exception {
        c.awaitHealthy(Duration.ofMinutes(2));
        filesBeforeBadChange = c.renderedFiles();
        try {
            rollBackAndCheck();
        } finally {
            recover();
        }
    }

    /** If a test left the cluster unhealthy, an operator's fix: apply the good spec again (failures still count). */
    void recover() throws Exception {
        try {
            c.awaitHealthy(Duration.ofSeconds(5));
        } catch (AssertionError unhealthy) {
            c.cluster().update(c.applied(), UpdateOptions.builder().note("config-it: recover")
                    .policy(policy(FailureAction.PAUSE)).build());
            c.awaitHealthy(Duration.ofMinutes(1));
        }
    }

    void rollBackAndCheck() throws Exception {
        List<ConfigVersion> history = c.cluster().history();
        ConfigVersion previous = history.stream().filter(v -> v.status() == VersionStatus.APPLIED)
                .reduce((a, b) -> b).orElseThrow();
        ClusterSpec bad = withBadWorkerFlag();
        Map<String, String> before = c.startMarkers();

        RolloutException ex = catchThrowableOfType(RolloutException.class, () -> c.cluster(bad).update(bad,
                UpdateOptions.builder().note("config-it: bad flag, roll back").policy(policy(FailureAction.ROLL_BACK))
                        .build()));
        assertThat(ex).as("update with a flag the JVM refuses").isNotNull();
        RolloutResult r = ex.result();
        assertThat(r.outcome()).as("%s", r).isEqualTo(RolloutResult.Outcome.ROLLED_BACK);
        assertThat(r.failed()).as("%s", r).hasSize(1);
        String failed = r.failed().keySet().iterator().next();
        assertThat(r.rolledBack()).contains(failed);

        c.awaitHealthy(Duration.ofMinutes(1));
        Map<String, Map<String, String>> files = c.renderedFiles();
        for (String n : RollingCluster.NODES) {
            assertThat(files.get(n).get(c.renderedPaths(n).get(2))).isNotEqualTo("missing");
            assertThat(c.jvmArgs(n)).as("%s runs without the bad flag", n).doesNotContain(BAD_FLAG);
            if (!r.rolledBack().contains(n)) {
                assertThat(c.startMarker(n)).as("%s kept its JVM", n).isEqualTo(before.get(n));
            }
        }
        for (String w : WORKERS) {
            assertThat(c.file(w, "worker-server/bin/jvm_args_env.sh")).doesNotContain(BAD_FLAG);
        }
        for (String n : RollingCluster.NODES) {
            assertThat(c.nodeDigest(files.get(n))).as("%s's files are those of version %d", n,
                    previous.number()).isEqualTo(previous.nodeDigests().get(n));
        }
        List<ConfigVersion> after = c.cluster().history();
        ConfigVersion last = after.get(after.size() - 1);
        assertThat(after.stream().filter(v -> v.note().startsWith("config-it: bad flag")).map(ConfigVersion::status))
                .as("the bad version(s)").isNotEmpty().allMatch(s -> s == VersionStatus.ROLLED_BACK
                        || s == VersionStatus.SUPERSEDED);
        assertThat(last.status()).isIn(VersionStatus.ROLLED_BACK, VersionStatus.APPLIED);
        if (filesBeforeBadChange != null) {
            assertThat(files).as("every node's rendered files are those of before the bad change")
                    .isEqualTo(filesBeforeBadChange);
        }
        assertThat(after.stream().filter(v -> v.status() == VersionStatus.APPLIED).reduce((a, b) -> b).orElseThrow()
                .renderedDigest()).isEqualTo(previous.renderedDigest());
    }

    @Test
    @Order(5)
    void ofTwoConcurrentUpdatesOneProceedsAndTheOtherFailsFastNamingTheHolder() throws Exception {
        c.awaitHealthy(Duration.ofMinutes(2));
        int current = Integer.parseInt(c.heartbeat("worker-1").orElseThrow().asObject().get("workerExecThreadCount")
                .asNumber());
        String threads = Integer.toString(current + 3);
        ClusterSpec desired = c.applied().copy(b -> b.workers(w -> w.putConfig("worker.exec-threads", threads)));
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Outcome>> futures = new ArrayList<>();
        try {
            for (int k = 0; k < 2; k++) {
                String who = "operator-" + k;
                futures.add(pool.submit(() -> {
                    go.await();
                    long t0 = System.nanoTime();
                    try {
                        RolloutResult r = c.clusterNoLockWait(desired).update(desired, UpdateOptions.builder()
                                .note("config-it: concurrent " + who).policy(policy(FailureAction.PAUSE)).build());
                        return new Outcome(r, null, Duration.ofNanos(System.nanoTime() - t0));
                    } catch (RuntimeException ex) {
                        return new Outcome(null, ex, Duration.ofNanos(System.nanoTime() - t0));
                    }
                }));
            }
            go.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                outcomes.add(f.get(10, TimeUnit.MINUTES));
            }
            List<Outcome> won = outcomes.stream().filter(o -> o.result != null).toList();
            List<Outcome> lost = outcomes.stream().filter(o -> o.error != null).toList();
            assertThat(won).as("%s", outcomes).hasSize(1);
            assertThat(lost).as("%s", outcomes).hasSize(1);
            assertThat(won.get(0).result.outcome()).isEqualTo(RolloutResult.Outcome.COMPLETED);
            assertThat(won.get(0).result.restarted()).containsExactlyInAnyOrderElementsOf(WORKERS);
            assertThat(lost.get(0).error).isInstanceOf(StateLockedException.class);
            StateLockedException locked = (StateLockedException) lost.get(0).error;
            assertThat(locked.owner()).isNotBlank().isNotEqualTo("unknown");
            assertThat(locked.getMessage()).contains("locked by " + locked.owner()).contains(c.name);
            assertThat(lost.get(0).took).as("the second update fails fast").isLessThan(Duration.ofSeconds(10));
            assertThat(won.get(0).took).as("while the first one rolls three workers")
                    .isGreaterThan(lost.get(0).took.multipliedBy(2));
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
        c.applied(desired);
        for (String w : WORKERS) {
            assertThat(c.heartbeat(w).orElseThrow().asObject().get("workerExecThreadCount").asNumber()).isEqualTo(threads);
        }
        assertThat(c.cluster().planUpdate(desired).isEmpty()).as("the winner's version is the applied one").isTrue();
    }

    /** Tags are reconciled in place: set and removed on instances, volumes, security groups and the ALB; no restart. */
    @Test
    @Order(6)
    void aTagChangeRestartsNothingAndRetagsTheRunningResources() throws Exception {
        c.awaitHealthy(Duration.ofMinutes(2));
        Map<String, String> markers = c.startMarkers();
        Map<String, Map<String, String>> files = c.renderedFiles();
        ClusterSpec tagged = c.applied().copy(b -> b.aws(a -> a.putTag("CostCenter", "4711").putTag("Owner", "bi"))
                .workers(w -> w.putTag("Tier", "compute")));

        ChangeSet plan = c.cluster().planUpdate(tagged);
        assertThat(plan.changes()).extracting(ConfigChange::key).containsExactlyInAnyOrder("aws.tags.CostCenter",
                "aws.tags.Owner", "cluster.worker.tags.Tier");
        assertThat(plan.changes()).allSatisfy(ch -> assertThat(ch.policy()).isEqualTo(UpdatePolicy.NONE));
        RolloutResult r = c.cluster().update(tagged, UpdateOptions.builder().note("config-it: tags")
                .policy(policy(FailureAction.PAUSE)).build());
        c.applied(tagged);

        assertThat(r.restarted()).isEmpty();
        assertThat(r.outcome()).isEqualTo(RolloutResult.Outcome.NOTHING_TO_DO);
        for (Instance i : c.instances()) {
            String node = RollingCluster.nodeOf(i);
            Map<String, String> expected = new java.util.HashMap<>(Map.of("CostCenter", "4711", "Owner", "bi"));
            if (node.startsWith("worker-")) {
                expected.put("Tier", "compute");
            }
            assertThat(tags(i.tags())).as(node).containsAllEntriesOf(expected).containsEntry("ds-ec2:node", node);
            if (!node.startsWith("worker-")) {
                assertThat(tags(i.tags())).as(node).doesNotContainKey("Tier");
            }
            String volume = i.blockDeviceMappings().get(0).ebs().volumeId();
            assertThat(tags(c.ec2.describeVolumes(b -> b.volumeIds(volume)).volumes().get(0).tags())).as(volume)
                    .containsAllEntriesOf(expected);
        }
        c.ec2.describeSecurityGroups(b -> b.filters(Filter.builder().name("tag:ds-ec2:cluster").values(c.name)
                .build())).securityGroups().forEach(g -> assertThat(tags(g.tags())).as(g.groupName())
                .containsEntry("CostCenter", "4711"));
        String alb = c.elb.describeLoadBalancers(b -> b.names(c.name)).loadBalancers().get(0).loadBalancerArn();
        assertThat(elbTags(alb)).containsEntry("CostCenter", "4711").containsEntry("ds-ec2:cluster", c.name);
        assertThat(elbTags(c.targetGroupArn())).containsEntry("Owner", "bi");

        ClusterSpec untagged = tagged.copy(b -> b.aws(a -> a.tags(Map.of("Owner", "bi"))));
        RolloutResult r2 = c.cluster().update(untagged, UpdateOptions.builder().note("config-it: untag")
                .policy(policy(FailureAction.PAUSE)).build());
        c.applied(untagged);
        assertThat(r2.restarted()).isEmpty();
        for (Instance i : c.instances()) {
            assertThat(tags(i.tags())).as(RollingCluster.nodeOf(i)).doesNotContainKey("CostCenter")
                    .containsEntry("Owner", "bi");
        }
        assertThat(elbTags(alb)).doesNotContainKey("CostCenter").containsEntry("Owner", "bi");
        assertThat(c.startMarkers()).as("no server restarted").isEqualTo(markers);
        assertThat(c.renderedFiles()).as("no file rendered anew").isEqualTo(files);
    }

    /**
     * Narrowing the admin and load balancer CIDRs through an update reconciles the security groups ds-ec2 made: the
     * old sources are revoked, the new ones allowed; nothing restarts.
     */
    @Test
    @Order(7)
    void narrowingTheCidrsRevokesTheOldRulesAndRestartsNothing() throws Exception {
        c.awaitHealthy(Duration.ofMinutes(2));
        Map<String, String> markers = c.startMarkers();
        String oldAdmin = c.applied().aws().adminCidr().orElseThrow();
        String newAdmin = oldAdmin.replaceFirst("/\\d+$", "/28");
        assertThat(newAdmin).isNotEqualTo(oldAdmin);
        assertThat(sources()).contains(oldAdmin);
        ClusterSpec narrowed = c.applied().copy(b -> b.aws(a -> a.adminCidr(newAdmin))
                .loadBalancer(l -> l.allowedCidrs(List.of("10.99.0.0/24"))));

        ChangeSet plan = c.cluster().planUpdate(narrowed);
        assertThat(plan.changes()).extracting(ConfigChange::key).containsExactlyInAnyOrder("aws.admin_cidr",
                "service_config.api.load_balancer.allowed_cidrs");
        assertThat(plan.changes()).allSatisfy(ch -> assertThat(ch.policy()).isEqualTo(UpdatePolicy.NONE));
        RolloutResult r = c.cluster().update(narrowed, UpdateOptions.builder().note("config-it: narrow cidrs")
                .policy(policy(FailureAction.PAUSE)).build());
        c.applied(narrowed);

        assertThat(r.restarted()).isEmpty();
        assertThat(sources()).contains(newAdmin, "10.99.0.0/24").doesNotContain(oldAdmin);
        assertThat(c.startMarkers()).as("no server restarted").isEqualTo(markers);
    }

    /** @return every CIDR that a rule of the cluster's security groups allows */
    java.util.Set<String> sources() {
        java.util.Set<String> out = new java.util.HashSet<>();
        c.ec2.describeSecurityGroups(b -> b.filters(Filter.builder().name("tag:ds-ec2:cluster").values(c.name)
                .build())).securityGroups().forEach(g -> g.ipPermissions().forEach(p -> p.ipRanges()
                .forEach(ip -> out.add(ip.cidrIp()))));
        return out;
    }

    static Map<String, String> tags(List<software.amazon.awssdk.services.ec2.model.Tag> tags) {
        Map<String, String> out = new java.util.HashMap<>();
        tags.forEach(t -> out.put(t.key(), t.value()));
        return out;
    }

    Map<String, String> elbTags(String arn) {
        Map<String, String> out = new java.util.HashMap<>();
        c.elb.describeTags(b -> b.resourceArns(arn)).tagDescriptions().get(0).tags()
                .forEach(t -> out.put(t.key(), t.value()));
        return out;
    }

    record Outcome(RolloutResult result, RuntimeException error, Duration took) {
    }
}
