package io.dsec2.internal.create;

import io.dsec2.exception.InvalidClusterSpecException;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.Violation;
import io.dsec2.spi.CloudFactory;
import io.dsec2.spi.Provisioner;
import io.dsec2.spi.SecretResolver;
import io.dsec2.validate.Finding;
import io.dsec2.validate.ValidateOptions;
import io.dsec2.validate.ValidationReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code DsCluster.validate()}: the spec's own rules, then (when online) the AWS, database, ZooKeeper, S3, secret
 * and package checks, in parallel on daemon threads this operation owns, each group bounded by the options'
 * check timeout. Creates nothing (the S3 probe object is deleted again). Findings of suppressed ids are dropped.
 */
public final class ValidateOperation {
    private static final Logger LOG = LoggerFactory.getLogger(ValidateOperation.class);
    private final ClusterSpec spec;
    private final Settings settings;

    public ValidateOperation(ClusterSpec spec, Settings settings) {
        this.spec = spec;
        this.settings = settings;
    }

    /**
     * @param options suppressions, online checks, timeout
     * @return the report
     */
    public ValidationReport run(ValidateOptions options) {
        Findings out = new Findings();
        for (Violation v : spec.warnings()) {
            out.warn("spec.rules", v.path(), v.message());
        }
        if (options.online()) {
            online(out, options.checkTimeout());
        }
        List<Finding> kept = out.all().stream().filter(f -> !options.suppressed().contains(f.id())).toList();
        return ValidationReport.of(kept);
    }

    /**
     * The check create runs first, with create's own provisioner and secret resolver. Errors that only say the
     * database cannot be reached from this machine do not count (create copes with that: the schema step runs on a
     * node).
     *
     * @throws InvalidClusterSpecException listing the errors, before anything is created
     */
    void failOnErrors(Provisioner provisioner, SecretResolver secrets) {
        long t0 = System.nanoTime();
        Findings out = new Findings();
        runAll(out, ValidateOptions.defaults().checkTimeout(), provisioner, secrets);
        List<Violation> errors = out.all().stream().filter(f -> f.isError() && !f.id().equals("database.connect"))
                .map(f -> Violation.error(f.path(), f.message() + " [check " + f.id() + "; skip all checks with"
                        + " validateBeforeCreate(false)]")).toList();
        LOG.info("pre-create validation of {}: {} error(s) in {} ms", spec.name(), errors.size(),
                (System.nanoTime() - t0) / 1_000_000);
        if (!errors.isEmpty()) {
            throw new InvalidClusterSpecException("pre-create validation of " + spec.name(), errors);
        }
    }

    private void online(Findings out, Duration timeout) {
        List<AutoCloseable> owned = new ArrayList<>();
        Provisioner provisioner = settings.provisioner;
        SecretResolver secrets = settings.secretResolver;
        try {
            CloudFactory cloud = null;
            if (provisioner == null || secrets == null) {
                cloud = cloudFactory();
            }
            if (provisioner == null && cloud != null) {
                provisioner = cloud.provisioner(spec);
                owned.add(provisioner);
            }
            if (secrets == null) {
                secrets = cloud != null ? cloud.secretResolver(spec, SecretResolver.defaultResolver())
                        : SecretResolver.defaultResolver();
            }
            runAll(out, timeout, provisioner, secrets);
        } catch (RuntimeException e) {
            out.error("aws.setup", "aws", "cannot set up the AWS clients: " + e.getMessage()
                    + ". Fix: check aws.region, aws.profile and aws.endpoint_override");
        } finally {
            for (AutoCloseable c : owned) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("closing {} failed: {}", c.getClass().getSimpleName(), e.toString());
                }
            }
        }
    }

    private void runAll(Findings out, Duration timeout, Provisioner provisioner, SecretResolver secrets) {
        Map<String, Runnable> checks = new LinkedHashMap<>();
        if (provisioner != null) {
            CloudChecks aws = new CloudChecks(spec, provisioner, out);
            checks.put("aws.identity", aws::identity);
            checks.put("aws.region", aws::region);
            checks.put("aws.key_pair", aws::keyPair);
            checks.put("aws.instance_profile", aws::instanceProfile);
            checks.put("aws.network", aws::network);
            spec.storage().ifPresent(st -> checks.put("storage.bucket", () -> aws.bucket(st)));
        } else {
            out.notChecked("aws.setup", "aws", "no provisioner: add ds-ec2-aws to the class path");
        }
        ServiceChecks services = new ServiceChecks(spec, secrets, out, timeout);
        checks.put("secrets.resolve", services::secrets);
        checks.put("database.connect", services::database);
        checks.put("registry.connect", services::registry);
        checks.put("deployment.package_url", services::packages);

        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(checks.size(), 8), r -> {
            Thread t = new Thread(r, "ds-ec2-validate-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            Map<String, Future<?>> running = new LinkedHashMap<>();
            checks.forEach((id, check) -> running.put(id, pool.submit(() -> guarded(id, check, out))));
            long deadline = System.nanoTime() + timeout.multipliedBy(2).toNanos();
            for (Map.Entry<String, Future<?>> f : running.entrySet()) {
                try {
                    f.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    f.getValue().cancel(true);
                    out.warn(f.getKey(), pathOf(f.getKey()), "check did not finish within " + timeout.multipliedBy(2)
                            + ": the service answers slowly or not at all from this machine");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (java.util.concurrent.ExecutionException e) {
                    // guarded() never throws
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void guarded(String id, Runnable check, Findings out) {
        try {
            check.run();
        } catch (RuntimeException e) {
            LOG.debug("check {} failed unexpectedly", id, e);
            out.warn(id, pathOf(id), "check failed unexpectedly: " + e.getClass().getSimpleName());
        }
    }

    private static String pathOf(String id) {
        return switch (id) {
            case "aws.network" -> "aws.subnets";
            case "secrets.resolve" -> "database.password";
            case "database.connect" -> "database.host";
            case "registry.connect" -> "registry.connect_string";
            case "storage.bucket" -> "storage.bucket";
            case "deployment.package_url" -> "deployment.package_url";
            case "aws.key_pair" -> "aws.key_name";
            case "aws.instance_profile" -> "aws.iam_instance_profile";
            default -> "aws.region";
        };
    }

    private static CloudFactory cloudFactory() {
        List<CloudFactory> found = new ArrayList<>();
        ServiceLoader.load(CloudFactory.class, ValidateOperation.class.getClassLoader()).forEach(found::add);
        return found.size() == 1 ? found.get(0) : null;
    }
}
