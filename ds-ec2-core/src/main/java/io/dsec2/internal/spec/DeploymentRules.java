package io.dsec2.internal.spec;

import io.dsec2.model.ClusterSpec;
import io.dsec2.model.DeploymentSpec;
import io.dsec2.model.LoadBalancerSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Rules for deployment settings and the API load balancer. */
final class DeploymentRules {
    private static final java.util.regex.Pattern ACM_ARN =
            java.util.regex.Pattern.compile("arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/[A-Za-z0-9-]+");
    private DeploymentRules() {
    }

    static void check(ClusterSpec spec, Report r) {
        DeploymentSpec d = spec.deployment();
        r.problem("deployment.install_path", Grammar.remotePathProblem(d.installPath(), true));
        r.matches("deployment.user", d.deployUser(), Formats.UNIX_USER, "a Linux user name such as dolphinscheduler");
        r.required("deployment.user", d.deployUser(), "the deploy user");
        r.matches("deployment.ssh_user", d.sshUser(), Formats.UNIX_USER, "a Linux user name such as ec2-user");
        r.required("deployment.ssh_user", d.sshUser(), "the SSH login user");
        d.javaHome().ifPresent(j -> r.problem("deployment.java_home", Grammar.remotePathProblem(j, true)));
        d.sshPrivateKeyFile().ifPresent(f -> r.problem("deployment.ssh_key_file", Grammar.localPathProblem(f)));
        d.packageFile().ifPresent(f -> r.problem("deployment.package_file", Grammar.localPathProblem(f)));
        d.jumpHost().ifPresent(j -> r.matches("deployment.jump_host", j, Formats.JUMP_HOST, "[user@]host[:port]"));
        d.jumpHostFingerprint().ifPresent(f -> {
            r.matches("deployment.jump_host_fingerprint", f, Formats.SSH_FINGERPRINT,
                    "SHA256: and 43 base64 characters, as ssh-keygen -l -E sha256 prints it");
            if (d.jumpHost().isEmpty()) {
                r.error("deployment.jump_host_fingerprint", "is set but deployment.jump_host is not: name the jump"
                        + " host, or remove the fingerprint");
            }
        });
        if (!DeploymentSpec.DS_VERSION.equals(d.dsVersion())) {
            r.error("deployment.version", "'" + d.dsVersion() + "' is not supported: this release deploys DolphinScheduler "
                    + DeploymentSpec.DS_VERSION + " only");
        }
        String scheme = String.valueOf(d.packageUrl().getScheme());
        if (!Set.of("http", "https", "s3").contains(scheme)) {
            r.error("deployment.package_url", "'" + d.packageUrl() + "' must be an http, https or s3 URL");
        }
        d.packageFile().ifPresent(f -> {
            if (!java.nio.file.Files.isRegularFile(f)) {
                r.error("deployment.package_file", "'" + f + "' is no regular file (it must be the local"
                        + " DolphinScheduler tarball)");
            } else if (!java.nio.file.Files.isReadable(f)) {
                r.error("deployment.package_file", "'" + f + "' is not readable");
            }
        });
        if (!d.packageSha512().isEmpty()) {
            r.matches("deployment.package_sha512", d.packageSha512(), Formats.SHA512, "128 hex digits (SHA-512)");
        }
        r.matches("deployment.mysql_driver_sha512", d.mysqlDriverSha512(), Formats.SHA512, "128 hex digits (SHA-512)");
        // over plain HTTP anyone on the path can swap the tarball (and its published .sha512): require a checksum
        if ("http".equals(scheme) && d.packageSha512().isEmpty() && d.packageFile().isEmpty()) {
            r.error("deployment.package_url", "is plain http without package_sha512: use https, or give the"
                    + " package's SHA-512 (128 hex digits) so a swapped download is refused");
        }
        if ("http".equals(d.mysqlDriverUrl().getScheme()) && d.mysqlDriverSha512().isEmpty()) {
            r.error("deployment.mysql_driver_url", "is plain http without mysql_driver_sha512: use https, or give the"
                    + " driver's SHA-512 so a swapped download is refused");
        }
        r.range("deployment.parallelism", d.parallelism(), 1, 64, "");
        loadBalancer(spec, r);
    }

    private static void loadBalancer(ClusterSpec spec, Report r) {
        LoadBalancerSpec lb = spec.loadBalancer();
        if (!lb.enabled()) {
            if (spec.apis().count() > 1) {
                r.warn("service_config.api.load_balancer.enabled", spec.apis().count() + " api servers without a"
                        + " load balancer: clients must pick a server themselves");
            }
            return;
        }
        String base = "service_config.api.load_balancer";
        long seconds = lb.deregistrationDelay().getSeconds();
        if (lb.deregistrationDelay().isNegative() || seconds > 3600) {
            r.error(base + ".deregistration_delay", "must be 0-3600 s (an ELBv2 limit), got " + lb.deregistrationDelay());
        }
        if (!lb.healthCheckPath().startsWith("/")) {
            r.error(base + ".health_check_path", "'" + lb.healthCheckPath() + "' must start with '/'");
        }
        r.cidrs(base + ".allowed_cidrs", lb.allowedCidrs());
        r.openToInternet(base + ".allowed_cidrs", lb.allowedCidrs(), "the load balancer (the UI and REST API)");
        if (lb.scheme() == io.dsec2.model.LoadBalancerScheme.INTERNET_FACING && lb.certificateArn().isEmpty()) {
            r.warn(base + ".scheme", "internet-facing without certificate_arn: logins and session cookies cross the"
                    + " internet in clear HTTP; set certificate_arn to an ACM certificate (HTTPS, HTTP redirected)");
        }
        lb.certificateArn().ifPresent(arn -> r.matches(base + ".certificate_arn", arn, ACM_ARN,
                "an ACM certificate ARN such as arn:aws:acm:us-east-1:123456789012:certificate/abcd-1234"));
        List<String> subnets = lb.subnets().isEmpty()
                ? spec.aws().subnets().stream().map(s -> s.id()).toList() : lb.subnets();
        if (new HashSet<>(subnets).size() < 2) {
            r.error(lb.subnets().isEmpty() ? "aws.subnets" : base + ".subnets", "an Application Load Balancer needs"
                    + " subnets in at least two AZs: list two or more");
        }
        for (int i = 0; i < lb.subnets().size(); i++) {
            r.matches(base + ".subnets[" + i + "]", lb.subnets().get(i), Formats.SUBNET, "a subnet id");
        }
    }
}
