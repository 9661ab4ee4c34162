package io.dsec2.testkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.testkit.aws.AwsFaultProxy.Fault;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/** AwsFaultProxy against a real moto server on 127.0.0.1. */
class AwsFaultProxyTest {
    private static final String REGION = "us-east-1";
    private static MotoServer moto;
    private AwsFaultProxy proxy;
    private final AtomicInteger attempts = new AtomicInteger();

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start("127.0.0.1", 0, Path.of("target/moto-faultproxy.log"));
    }

    @AfterAll
    static void stopMoto() {
        if (moto != null) {
            moto.close();
        }
    }

    @BeforeEach
    void startProxy() {
        moto.reset();
        proxy = AwsFaultProxy.start("127.0.0.1", 0, moto.endpoint());
        proxy.seed(20261121L);
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    /** Counts every attempt (first tries and retries) the SDK transmits. */
    private final ExecutionInterceptor counter = new ExecutionInterceptor() {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attrs) {
            attempts.incrementAndGet();
        }
    };

    private Ec2Client ec2(int maxAttempts) {
        return LocalAws.configure(Ec2Client.builder(), proxy.endpoint(), REGION)
                .overrideConfiguration(o -> o.addExecutionInterceptor(counter).retryStrategy(r -> r
                        .maxAttempts(maxAttempts)
                        .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(5), Duration.ofMillis(100)))
                        .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(5),
                                Duration.ofMillis(100)))))
                .build();
    }

    @Test
    void ec2ThrottlingIsRequestLimitExceededAndThrottlingToTheSdk() {
        proxy.faultRate(1.0);
        proxy.faults(EnumSet.of(Fault.THROTTLING));
        try (Ec2Client ec2 = ec2(1)) {
            assertThatThrownBy(ec2::describeVpcs).isInstanceOfSatisfying(AwsServiceException.class, e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RequestLimitExceeded");
                assertThat(e.statusCode()).isEqualTo(503);
                assertThat(e.isThrottlingException()).isTrue();
            });
        }
        assertThat(attempts.get()).isEqualTo(1);
        assertThat(proxy.stats().injected(Fault.THROTTLING)).isEqualTo(1);
        assertThat(proxy.stats().forwarded()).isZero();
    }

    @Test
    void elbv2SsmAndS3ThrottlingUseTheirOwnWireFormats() {
        proxy.faultRate(1.0);
        proxy.faults(EnumSet.of(Fault.THROTTLING));
        try (ElasticLoadBalancingV2Client elb = LocalAws.configure(ElasticLoadBalancingV2Client.builder(),
                proxy.endpoint(), REGION).overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))).build();
             SsmClient ssm = LocalAws.configure(SsmClient.builder(), proxy.endpoint(), REGION)
                     .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))).build();
             S3Client s3 = LocalAws.configure(S3Client.builder(), proxy.endpoint(), REGION).forcePathStyle(true)
                     .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))).build()) {
            assertThatThrownBy(elb::describeLoadBalancers).isInstanceOfSatisfying(AwsServiceException.class, e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttling");
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.isThrottlingException()).isTrue();
            });
            assertThatThrownBy(() -> ssm.getParameter(b -> b.name("/x"))).isInstanceOfSatisfying(
                    AwsServiceException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                        assertThat(e.isThrottlingException()).isTrue();
                    });
            assertThatThrownBy(s3::listBuckets).isInstanceOfSatisfying(AwsServiceException.class, e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SlowDown");
                assertThat(e.statusCode()).isEqualTo(503);
                assertThat(e.isThrottlingException()).isTrue();
            });
        }
        assertThat(proxy.stats().injected(Fault.THROTTLING)).isEqualTo(3);
    }

    @Test
    void sdkRetriesAbsorbAMixOfFaults() {
        proxy.faultRate(0.3); // all three kinds
        try (Ec2Client ec2 = ec2(10)) {
            ec2.createVpc(b -> b.cidrBlock("10.77.0.0/16"));
            for (int i = 0; i < 30; i++) {
                assertThat(ec2.describeVpcs().vpcs()).anyMatch(v -> v.cidrBlock().equals("10.77.0.0/16"));
            }
        }
        AwsFaultProxy.Stats stats = proxy.stats();
        int retries = attempts.get() - 31;
        assertThat(stats.injectedTotal()).isPositive();
        assertThat(retries).isPositive().isEqualTo((int) stats.injectedTotal());
        assertThat(stats.forwarded()).isEqualTo(31);
        assertThat(stats.injected(Fault.THROTTLING) + stats.injected(Fault.HTTP_503)
                + stats.injected(Fault.CONNECTION_RESET)).isEqualTo(stats.injectedTotal());
    }

    @Test
    void perKindRatesInjectEachKindInProportion() {
        proxy.seed(7);
        proxy.faultRates(java.util.Map.of(Fault.THROTTLING, 0.30, Fault.HTTP_503, 0.06, Fault.CONNECTION_RESET, 0.0));
        try (Ec2Client ec2 = ec2(10)) {
            for (int i = 0; i < 300; i++) {
                ec2.describeVpcs();
            }
        }
        AwsFaultProxy.Stats stats = proxy.stats();
        assertThat(stats.forwarded()).isEqualTo(300);
        assertThat(stats.injected(Fault.CONNECTION_RESET)).as("a zero rate injects none").isZero();
        // 300 successes at a 36 % fault rate: about 169 faults, throttling five times as often as 503s
        assertThat(stats.injected(Fault.THROTTLING)).isBetween(90L, 200L);
        assertThat(stats.injected(Fault.HTTP_503)).isBetween(8L, 45L);
        assertThat(stats.injected(Fault.THROTTLING)).isGreaterThan(2 * stats.injected(Fault.HTTP_503));
        assertThatThrownBy(() -> proxy.faultRates(java.util.Map.of(Fault.THROTTLING, 0.9, Fault.HTTP_503, 0.2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 1");
    }

    @Test
    void defaultSdkRetrySettingsAbsorbOccasionalThrottling() {
        proxy.faultRate(0.2);
        proxy.faults(EnumSet.of(Fault.THROTTLING));
        try (Ec2Client ec2 = LocalAws.configure(Ec2Client.builder(), proxy.endpoint(), REGION)
                .overrideConfiguration(o -> o.addExecutionInterceptor(counter)).build()) {
            for (int i = 0; i < 20; i++) {
                assertThat(ec2.describeVpcs().vpcs()).isNotNull();
            }
        }
        assertThat(proxy.stats().injected(Fault.THROTTLING)).isPositive();
        assertThat(attempts.get() - 20).isEqualTo((int) proxy.stats().injected(Fault.THROTTLING));
    }

    @Test
    void concurrentClientsAllSucceedThroughFaults() throws Exception {
        proxy.faultRate(0.3);
        int threads = 4;
        int calls = 10;
        try (Ec2Client ec2 = ec2(10)) {
            var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            try {
                var futures = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
                for (int t = 0; t < threads; t++) {
                    futures.add(pool.submit(() -> {
                        int ok = 0;
                        for (int i = 0; i < calls; i++) {
                            ok += ec2.describeAvailabilityZones().availabilityZones().isEmpty() ? 0 : 1;
                        }
                        return ok;
                    }));
                }
                for (var f : futures) {
                    assertThat(f.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(calls);
                }
            } finally {
                pool.shutdownNow();
            }
        }
        AwsFaultProxy.Stats stats = proxy.stats();
        assertThat(stats.forwarded()).isEqualTo(threads * calls);
        assertThat(stats.injectedTotal()).isPositive();
        assertThat(attempts.get() - threads * calls).isEqualTo((int) stats.injectedTotal());
    }

    @Test
    void http503AndConnectionResetAreEachRetried() {
        for (Fault kind : EnumSet.of(Fault.HTTP_503, Fault.CONNECTION_RESET)) {
            proxy.resetStats();
            attempts.set(0);
            proxy.faultRate(0.5);
            proxy.faults(EnumSet.of(kind));
            try (Ec2Client ec2 = ec2(12)) {
                for (int i = 0; i < 10; i++) {
                    assertThat(ec2.describeAvailabilityZones().availabilityZones()).isNotEmpty();
                }
            }
            AwsFaultProxy.Stats stats = proxy.stats();
            assertThat(stats.injected(kind)).as(kind.name()).isPositive();
            assertThat(stats.injectedTotal()).as(kind.name()).isEqualTo(stats.injected(kind));
            assertThat(attempts.get() - 10).as(kind + " retries").isEqualTo((int) stats.injected(kind));
        }
    }

    @Test
    void faultFilterLimitsFaultsToChosenActions() {
        proxy.faultRate(1.0);
        proxy.faults(EnumSet.of(Fault.THROTTLING));
        proxy.faultFilter(r -> "ec2".equals(r.service()) && "DescribeVpcs".equals(r.action()));
        try (Ec2Client ec2 = ec2(1)) {
            assertThat(ec2.describeSubnets().subnets()).isNotNull();
            assertThatThrownBy(ec2::describeVpcs).isInstanceOf(AwsServiceException.class);
        }
        assertThat(proxy.stats().forwarded()).isEqualTo(1);
        assertThat(proxy.stats().injectedTotal()).isEqualTo(1);
    }

    @Test
    void s3ObjectOf20MiBRoundTripsByteExact() {
        byte[] data = new byte[20 * 1024 * 1024];
        new Random(7).nextBytes(data);
        try (S3Client s3 = LocalAws.s3(proxy.endpoint(), REGION)) {
            s3.createBucket(b -> b.bucket("proxy-bytes"));
            s3.putObject(b -> b.bucket("proxy-bytes").key("blob/20m.bin"), RequestBody.fromBytes(data));
            byte[] back = s3.getObjectAsBytes(b -> b.bucket("proxy-bytes").key("blob/20m.bin")).asByteArray();
            assertThat(back).hasSize(data.length);
            assertThat(back).isEqualTo(data);
            assertThat(s3.headObject(b -> b.bucket("proxy-bytes").key("blob/20m.bin")).contentLength())
                    .isEqualTo(data.length);
        }
        assertThat(proxy.stats().forwarded()).isEqualTo(4);
    }

    @Test
    void motoApiIsNeverFaulted() throws Exception {
        proxy.faultRate(1.0);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(proxy.endpoint() + "/moto-api/reset"))
                    .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("ok");
        }
        assertThat(proxy.stats().injectedTotal()).isZero();
        assertThat(proxy.stats().forwarded()).isEqualTo(5);
    }

    @Test
    void chunkedBodiesAndHostHeaderPassThroughUnchanged() throws Exception {
        // an echo upstream: answers with the request body (chunked, length unknown) and the Host header it saw
        com.sun.net.httpserver.HttpServer echo = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 10);
        echo.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().add("X-Seen-Host", ex.getRequestHeaders().getFirst("Host"));
            ex.getResponseHeaders().add("X-Seen-Te", String.valueOf(ex.getRequestHeaders().getFirst("Transfer-Encoding")));
            ex.sendResponseHeaders(200, 0); // 0 = chunked
            try (var out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        echo.start();
        try (AwsFaultProxy echoProxy = AwsFaultProxy.start("127.0.0.1", 0,
                URI.create("http://127.0.0.1:" + echo.getAddress().getPort()))) {
            byte[] data = new byte[3 * 1024 * 1024 + 17];
            new Random(3).nextBytes(data);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int i = 0; i < 2; i++) { // second round reuses the keep-alive connections
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(echoProxy.endpoint() + "/put?x=1"))
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(data)))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("X-Seen-Te")).hasValue("chunked");
                assertThat(r.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
                assertThat(r.headers().firstValue("X-Seen-Host")).hasValue(echoProxy.endpoint().getAuthority());
                assertThat(r.body()).isEqualTo(data);
            }
            assertThat(echoProxy.stats().forwarded()).isEqualTo(2);
        } finally {
            echo.stop(0);
        }
    }
}
