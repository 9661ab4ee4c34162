package io.dsec2.aws;

import io.dsec2.aws.internal.ClientFactory;
import io.dsec2.exception.DsEc2Exception;
import io.dsec2.exception.StateLockedException;
import io.dsec2.spi.StateStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A {@link StateStore} in an S3 bucket, for teams that share clusters: every operator's ds-ec2 sees the same
 * config history, journals and host keys, and the cluster lock works across machines.
 *
 * <pre>{@code
 * try (S3StateStore store = S3StateStore.builder()
 *         .bucket("acme-ds-ec2").prefix("teams/data/")
 *         .clientSettings(AwsClientSettings.builder().region("eu-west-1").build())
 *         .build()) {
 *     try (S3StateLock lock = store.lock("prod", "alice@laptop pid 42", Duration.ofMinutes(1))) {
 *         store.write("prod", "jobs/create-1.journal", bytes);
 *     }
 * }
 * }</pre>
 *
 * <p><b>Layout.</b> The value of {@code key} of cluster {@code c} is the object {@code <prefix>c/<key>}. The lock of
 * cluster {@code c} is the object {@code <prefix>.locks/c} (cluster ids never start with a dot, so it cannot collide
 * with a cluster's keys). A write is one {@code PutObject}, atomic by S3's semantics (strong read-after-write
 * consistency, AWS S3 user guide "Amazon S3 data consistency model").
 *
 * <p><b>Lock.</b> A lease built on S3 conditional writes (AWS S3 user guide "How to prevent object overwrites with
 * conditional writes" and "How to perform conditional deletes"): the lock object is created with
 * {@code PutObject If-None-Match: *}; its JSON body records owner, since, expiresAt and a random token. A daemon thread
 * renews the lease every {@link Builder#renewInterval} with {@code PutObject If-Match: <our ETag>};
 * {@link S3StateLock#close()} stops renewing and deletes the object with {@code DeleteObject If-Match: <our ETag>}.
 * A holder that died stops renewing; once its {@code expiresAt} has passed, the next contender takes the lock over
 * with {@code PutObject If-Match: <the dead holder's ETag>}, so of two contenders only one can win. An answer of
 * {@code 412 PreconditionFailed} or {@code 409 ConditionalRequestConflict} means another writer won. After each
 * successful conditional write the lock object is read back and must carry this lock's token. Expiry compares
 * {@code expiresAt} with the local clock, so the machines sharing a bucket need clocks synchronised (NTP) to well
 * within the lease duration. The bucket (or S3-compatible store) must honour conditional writes; AWS S3 does since
 * 2024.
 *
 * <p><b>Permissions.</b> {@code s3:GetObject}, {@code s3:PutObject} and {@code s3:DeleteObject} on
 * {@code <prefix>*}, and {@code s3:ListBucket} on the bucket (without it S3 answers 403 instead of 404 for a missing
 * key, which this store reports as an error).
 *
 * <p><b>Errors.</b> S3 failures become {@link DsEc2Exception}s naming the operation, bucket and key (never
 * credentials), retryable for throttling, 5xx answers and network errors (after the SDK's own retries of
 * {@link AwsClientSettings#retry()}).
 *
 * <p>Thread-safe. {@link #close()} closes the S3 client only if this store built it.
 */
public final class S3StateStore implements StateStore, AutoCloseable {
    /** Default key prefix: {@value}. */
    public static final String DEFAULT_PREFIX = "ds-ec2/";
    /** Default lease of a lock: 60 s. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);

    static final Duration POLL = Duration.ofMillis(250);
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final S3Client s3;
    private final boolean ownsClient;
    private final String bucket;
    private final String prefix;
    private final Duration lease;
    private final Duration renewInterval;
    private final Clock clock;
    private final int pageSize;

    private S3StateStore(Builder b) {
        this.bucket = b.bucket;
        this.prefix = b.prefix;
        this.lease = b.lease;
        this.renewInterval = b.renewInterval == null ? b.lease.dividedBy(3) : b.renewInterval;
        this.clock = b.clock;
        this.pageSize = b.pageSize;
        if (b.s3Client != null) {
            this.s3 = b.s3Client;
            this.ownsClient = false;
        } else {
            AwsClientSettings settings = b.clientSettings == null ? AwsClientSettings.create() : b.clientSettings;
            this.s3 = ClientFactory.configure(S3Client.builder(), settings)
                    .forcePathStyle(settings.endpointOverride().isPresent()).build();
            this.ownsClient = true;
        }
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the bucket */
    public String bucket() {
        return bucket;
    }

    /** @return the key prefix, empty or ending with {@code /} */
    public String prefix() {
        return prefix;
    }

    /** @return the lease duration of a lock */
    public Duration leaseDuration() {
        return lease;
    }

    /** @return how often a held lock renews its lease */
    public Duration renewInterval() {
        return renewInterval;
    }

    @Override
    public Optional<byte[]> read(String clusterId, String key) {
        String objectKey = objectKey(clusterId, key);
        try {
            ResponseBytes<GetObjectResponse> r = s3.getObjectAsBytes(b -> b.bucket(bucket).key(objectKey));
            return Optional.of(r.asByteArray());
        } catch (SdkException e) {
            if (status(e) == 404 && !"NoSuchBucket".equals(code(e))) {
                return Optional.empty();
            }
            throw failure("GetObject", objectKey, e);
        }
    }

    @Override
    public void write(String clusterId, String key, byte[] value) {
        Objects.requireNonNull(value, "value must not be null");
        String objectKey = objectKey(clusterId, key);
        try {
            s3.putObject(b -> b.bucket(bucket).key(objectKey), RequestBody.fromBytes(value));
        } catch (SdkException e) {
            throw failure("PutObject", objectKey, e);
        }
    }

    @Override
    public List<String> list(String clusterId, String keyPrefix) {
        Objects.requireNonNull(keyPrefix, "prefix must not be null");
        String base = prefix + clusterId(clusterId) + "/";
        String listPrefix = base + keyPrefix;
        List<String> keys = new ArrayList<>();
        String token = null;
        for (int page = 0; page < 1_000_000; page++) {
            String t = token;
            ListObjectsV2Response r;
            try {
                r = s3.listObjectsV2(b -> b.bucket(bucket).prefix(listPrefix).maxKeys(pageSize).continuationToken(t));
            } catch (SdkException e) {
                throw failure("ListObjectsV2", listPrefix, e);
            }
            for (S3Object o : r.contents()) {
                String rel = o.key().substring(base.length());
                if (validKey(rel)) { // objects that ds-ec2 did not write are not state
                    keys.add(rel);
                }
            }
            if (!Boolean.TRUE.equals(r.isTruncated()) || r.nextContinuationToken() == null) {
                break;
            }
            token = r.nextContinuationToken();
        }
        keys.sort(null);
        return List.copyOf(keys);
    }

    @Override
    public void delete(String clusterId, String key) {
        String objectKey = objectKey(clusterId, key);
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(objectKey));
        } catch (SdkException e) {
            if (status(e) == 404 && !"NoSuchBucket".equals(code(e))) {
                return;
            }
            throw failure("DeleteObject", objectKey, e);
        }
    }

    /**
     * Takes the cluster's lease lock (see the class comment), polling every 250 ms while another live holder has
     * it.
     *
     * @param clusterId the cluster
     * @param owner who takes the lock, shown to others who find it held
     * @param wait how long to wait for a held lock; {@link Duration#ZERO} fails at once
     * @return the held lock; its lease is renewed by a daemon thread until it is closed
     * @throws StateLockedException if another live holder still has the lock after {@code wait}
     * @throws DsEc2Exception if S3 fails or the waiting thread is interrupted
     */
    @Override
    public S3StateLock lock(String clusterId, String owner, Duration wait) {
        Objects.requireNonNull(owner, "owner must not be null");
        Objects.requireNonNull(wait, "wait must not be null");
        if (wait.isNegative()) {
            throw new IllegalArgumentException("wait must not be negative, was " + wait);
        }
        clusterId(clusterId);
        String cleanOwner = owner.replaceAll("[\\p{Cntrl}]", " ");
        return S3StateLock.acquire(this, clusterId, cleanOwner, newToken(), wait);
    }

    /** Closes the S3 client if this store built it. Locks still held stop being renewed only when closed. */
    @Override
    public void close() {
        if (ownsClient) {
            s3.close();
        }
    }

    @Override
    public String toString() {
        return "S3StateStore{s3://" + bucket + "/" + prefix + ", lease=" + lease + ", renew=" + renewInterval + "}";
    }

    // ---- package-private plumbing shared with the lock classes ----

    S3Client s3() {
        return s3;
    }

    Clock clock() {
        return clock;
    }

    String lockKey(String clusterId) {
        return prefix + ".locks/" + clusterId;
    }

    DsEc2Exception failure(String op, String objectKey, SdkException e) {
        String detail;
        if (e instanceof AwsServiceException && ((AwsServiceException) e).awsErrorDetails() != null) {
            AwsServiceException s = (AwsServiceException) e;
            String msg = s.awsErrorDetails().errorMessage();
            detail = (code(e) == null ? "HTTP " + s.statusCode() : code(e)) + (msg == null ? "" : ": " + msg);
        } else {
            detail = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return new DsEc2Exception("S3 " + op + " of s3://" + bucket + "/" + objectKey + " failed: " + detail, e,
                retryable(e));
    }

    static boolean retryable(SdkException e) {
        if (e instanceof SdkClientException) {
            return true; // connection refused or reset, timeouts
        }
        if (e instanceof AwsServiceException) {
            AwsServiceException s = (AwsServiceException) e;
            return s.isThrottlingException() || s.statusCode() >= 500 || s.retryable();
        }
        return e.retryable();
    }

    static int status(SdkException e) {
        return e instanceof AwsServiceException ? ((AwsServiceException) e).statusCode() : -1;
    }

    static String code(SdkException e) {
        if (e instanceof AwsServiceException && ((AwsServiceException) e).awsErrorDetails() != null) {
            return ((AwsServiceException) e).awsErrorDetails().errorCode();
        }
        return null;
    }

    /** @return true for the answers that mean "another conditional writer won": 412, 409 and (If-Match) 404 */
    static boolean lostCondition(SdkException e) {
        int s = status(e);
        return (s == 412 || s == 409 || s == 404) && !"NoSuchBucket".equals(code(e));
    }

    private String objectKey(String clusterId, String key) {
        clusterId(clusterId);
        if (!validKey(key)) {
            throw new IllegalArgumentException("state key must be '/'-separated segments of letters, digits, "
                    + "'.', '_' or '-', none starting with '.', was '" + key + "'");
        }
        return prefix + clusterId + "/" + key;
    }

    private static String clusterId(String clusterId) {
        if (clusterId == null || !SEGMENT.matcher(clusterId).matches()) {
            throw new IllegalArgumentException("cluster id must be 1-128 characters of letters, digits, '.', '_' "
                    + "or '-', not starting with '.', was '" + clusterId + "'");
        }
        return clusterId;
    }

    private static boolean validKey(String key) {
        if (key == null || key.isEmpty()) {
            return false;
        }
        for (String segment : key.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                return false;
            }
        }
        return true;
    }

    private static String newToken() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Builder for {@link S3StateStore}; mutable, not thread-safe. */
    public static final class Builder {
        private String bucket;
        private String prefix = DEFAULT_PREFIX;
        private AwsClientSettings clientSettings;
        private S3Client s3Client;
        private Duration lease = DEFAULT_LEASE;
        private Duration renewInterval;
        private Clock clock = Clock.systemUTC();
        private int pageSize = 1000;

        private Builder() {
        }

        /** @param v the bucket (required); it must exist @return this */
        public Builder bucket(String v) {
            bucket = Objects.requireNonNull(v, "bucket must not be null");
            return this;
        }

        /**
         * @param v key prefix: empty, or ending with {@code /} and not starting with {@code /}; default
         *     {@value #DEFAULT_PREFIX}
         * @return this
         * @throws IllegalArgumentException if it does not have that form
         */
        public Builder prefix(String v) {
            Objects.requireNonNull(v, "prefix must not be null");
            if (!v.isEmpty() && (!v.endsWith("/") || v.startsWith("/") || v.contains("//"))) {
                throw new IllegalArgumentException("prefix must be empty or end with '/', and must not start with '/' "
                        + "nor contain '//': " + v);
            }
            prefix = v;
            return this;
        }

        /**
         * @param v region, endpoint, credentials and retries of the S3 client this store builds and closes; default
         *     {@link AwsClientSettings#create()}
         * @return this
         */
        public Builder clientSettings(AwsClientSettings v) {
            clientSettings = Objects.requireNonNull(v, "clientSettings must not be null");
            return this;
        }

        /**
         * Escape hatch: an S3 client to use instead of building one; not closed by the store. Takes precedence over
         * {@link #clientSettings}.
         *
         * @param v the client
         * @return this
         */
        public Builder s3Client(S3Client v) {
            s3Client = Objects.requireNonNull(v, "s3Client must not be null");
            return this;
        }

        /**
         * @param v how long a lock stays valid without renewal, at least 1 s; default 60 s. A holder that died
         *     blocks others for at most this long.
         * @return this
         */
        public Builder leaseDuration(Duration v) {
            if (v.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("leaseDuration must be at least 1 s: " + v);
            }
            lease = v;
            return this;
        }

        /**
         * @param v how often a held lock renews its lease, positive and shorter than the lease; default lease / 3
         * @return this
         */
        public Builder renewInterval(Duration v) {
            if (v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException("renewInterval must be positive: " + v);
            }
            renewInterval = v;
            return this;
        }

        /** @param v the clock for since/expiresAt of locks; default {@link Clock#systemUTC()} @return this */
        public Builder clock(Clock v) {
            clock = Objects.requireNonNull(v, "clock must not be null");
            return this;
        }

        /** @param v keys per ListObjectsV2 page, 1 to 1000; default 1000 @return this */
        public Builder pageSize(int v) {
            if (v < 1 || v > 1000) {
                throw new IllegalArgumentException("pageSize must be 1 to 1000: " + v);
            }
            pageSize = v;
            return this;
        }

        /**
         * @return the store; builds the S3 client but makes no call
         * @throws IllegalStateException if the bucket is missing or the renew interval is not shorter than the lease
         */
        public S3StateStore build() {
            if (bucket == null || bucket.isBlank()) {
                throw new IllegalStateException("bucket must be set");
            }
            if (renewInterval != null && renewInterval.compareTo(lease) >= 0) {
                throw new IllegalStateException("renewInterval " + renewInterval + " must be shorter than the lease "
                        + lease);
            }
            return new S3StateStore(this);
        }
    }
}
