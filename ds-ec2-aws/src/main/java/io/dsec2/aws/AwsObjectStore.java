package io.dsec2.aws;

import io.dsec2.aws.internal.AwsErrors;
import io.dsec2.aws.internal.ClientFactory;
import io.dsec2.spi.ObjectStore;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link ObjectStore} on Amazon S3 (or an S3-compatible endpoint, addressed path-style when the endpoint is
 * overridden): lists the keys under a prefix a page (1000 keys) at a time and deletes each page with one
 * {@code DeleteObjects} call.
 *
 * <pre>{@code
 * try (AwsObjectStore s3 = new AwsObjectStore(AwsClientSettings.builder().region("us-east-1").build())) {
 *     s3.deletePrefix("ds-resources", "dolphinscheduler/");
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} closes the client this instance built; never stored objects.
 */
public final class AwsObjectStore implements ObjectStore {
    private static final Logger LOG = LoggerFactory.getLogger(AwsObjectStore.class);
    private final S3Client s3;

    /** @param settings region, endpoint and credentials of the S3 client this instance builds and owns */
    public AwsObjectStore(AwsClientSettings settings) {
        Objects.requireNonNull(settings, "settings must not be null");
        this.s3 = ClientFactory.configure(S3Client.builder(), settings)
                .forcePathStyle(settings.endpointOverride().isPresent()).build();
    }

    @Override
    public int deletePrefix(String bucket, String prefix) {
        Objects.requireNonNull(bucket, "bucket must not be null");
        if (prefix == null || prefix.isBlank() || prefix.startsWith("/")) {
            throw new IllegalArgumentException("prefix must not be blank nor start with '/' (a blank prefix would"
                    + " empty bucket " + bucket + "): " + prefix);
        }
        int deleted = 0;
        String token = null;
        for (int page = 0; page < 100_000; page++) {
            String t = token;
            ListObjectsV2Response list = AwsErrors.call("ListObjectsV2 s3://" + bucket + "/" + prefix,
                    () -> s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).continuationToken(t)));
            List<ObjectIdentifier> keys = list.contents().stream().map(S3Object::key)
                    .map(k -> ObjectIdentifier.builder().key(k).build()).toList();
            if (!keys.isEmpty()) {
                AwsErrors.call("DeleteObjects s3://" + bucket + "/" + prefix,
                        () -> s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(keys).quiet(true))));
                deleted += keys.size();
            }
            if (!Boolean.TRUE.equals(list.isTruncated())) {
                break;
            }
            token = list.nextContinuationToken();
        }
        LOG.info("deleted {} object(s) under s3://{}/{}", deleted, bucket, prefix);
        return deleted;
    }

    @Override
    public void close() {
        s3.close();
    }

    @Override
    public String toString() {
        return "AwsObjectStore{" + s3.serviceClientConfiguration().region() + "}";
    }
}
