package io.dsec2.security;

import static io.dsec2.security.HostileSpecTest.BASE;
import static org.assertj.core.api.Assertions.assertThat;

import io.dsec2.DsCluster;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.LoadBalancerScheme;
import io.dsec2.model.Violation;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Access opened to the internet is a warning naming the risk; HTTPS is one key away (issue 10, item 4). */
class OpenAccessWarningTest {
    static final ClusterSpec SPEC = DsCluster.fromYaml(BASE, "t").spec();

    static Optional<Violation> warning(List<Violation> found, String path) {
        return found.stream().filter(v -> !v.isError() && v.path().equals(path)).findFirst();
    }

    @Test
    void anInternetFacingLoadBalancerWithoutACertificateIsAWarning() {
        List<Violation> found = SPEC.toBuilder().loadBalancer(l -> l.enabled(true)
                .scheme(LoadBalancerScheme.INTERNET_FACING).allowedCidrs("0.0.0.0/0")).validate();
        assertThat(warning(found, "service_config.api.load_balancer.scheme")).hasValueSatisfying(v ->
                assertThat(v.message()).contains("clear HTTP", "certificate_arn"));
        assertThat(warning(found, "service_config.api.load_balancer.allowed_cidrs[0]")).hasValueSatisfying(v ->
                assertThat(v.message()).contains("whole internet"));

        List<Violation> https = SPEC.toBuilder().loadBalancer(l -> l.enabled(true)
                .scheme(LoadBalancerScheme.INTERNET_FACING).allowedCidrs("198.51.100.0/24")
                .certificateArn("arn:aws:acm:us-east-1:123456789012:certificate/0a1b-2c3d")).validate();
        assertThat(https).noneMatch(v -> v.path().startsWith("service_config.api.load_balancer"));
    }

    @Test
    void sshOrApiOpenToTheInternetIsAWarning() {
        List<Violation> found = SPEC.toBuilder().aws(a -> a.adminCidr("0.0.0.0/0")
                .apiAllowedCidrs(List.of("10.0.0.0/8", "0.0.0.0/0"))).validate();
        assertThat(warning(found, "aws.admin_cidr")).hasValueSatisfying(v -> assertThat(v.message()).contains("SSH"));
        assertThat(warning(found, "aws.api_allowed_cidrs[1]")).isPresent();
    }

    @Test
    void ipv6CidrsAreRefusedClearlyAndCertificateArnsChecked() {
        List<Violation> found = SPEC.toBuilder().aws(a -> a.adminCidr("::/0")).loadBalancer(l -> l.enabled(true)
                .certificateArn("arn:aws:iam::123:server-certificate/x")).validate();
        assertThat(found).anySatisfy(v -> {
            assertThat(v.path()).isEqualTo("aws.admin_cidr");
            assertThat(v.isError()).isTrue();
            assertThat(v.message()).contains("IPv6");
        });
        assertThat(found).anyMatch(v -> v.isError() && v.path().equals("service_config.api.load_balancer.certificate_arn"));
    }

    @Test
    void plainHttpDownloadsNeedAChecksum() {
        List<Violation> found = SPEC.toBuilder().deployment(d -> d.packageUrl(java.net.URI.create(
                "http://mirror.example.com/ds.tgz")).packageSha512("").mysqlDriverUrl(java.net.URI.create(
                "http://mirror.example.com/driver.jar")).mysqlDriverSha512("")).validate();
        assertThat(found).anyMatch(v -> v.isError() && v.path().equals("deployment.package_url"));
        assertThat(found).anyMatch(v -> v.isError() && v.path().equals("deployment.mysql_driver_url"));
        List<Violation> summed = SPEC.toBuilder().deployment(d -> d.packageUrl(java.net.URI.create(
                "http://mirror.example.com/ds.tgz")).packageSha512("ab".repeat(64))).validate();
        assertThat(summed).noneMatch(v -> v.isError() && v.path().startsWith("deployment."));
    }

    @Test
    void certificateArnIsReadFromYaml() {
        ClusterSpec spec = DsCluster.fromYaml(BASE + "service_config:\n  api:\n    load_balancer: {enabled: true,"
                + " certificate_arn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b'}\n", "t").spec();
        assertThat(spec.loadBalancer().certificateArn()).contains("arn:aws:acm:us-east-1:123456789012:certificate/0a1b");
    }
}
