package io.dsec2.spi;

/**
 * The object storage behind DolphinScheduler's resource center, as far as ds-ec2 touches it: removing a
 * cluster's objects on {@code delete --purge-data}. The AWS implementation is {@code io.dsec2.aws.AwsObjectStore}.
 *
 * <pre>{@code
 * try (ObjectStore s3 = cloudFactory.objectStore(spec)) {
 *     int n = s3.deletePrefix("ds-resources", "dolphinscheduler/");
 * }
 * }</pre>
 *
 * <p><b>Threading:</b> implementations must be safe for concurrent use. {@link #close()} releases local
 * resources only. Failures are {@link io.dsec2.exception.ProvisioningException}s.
 */
public interface ObjectStore extends AutoCloseable {

    /**
     * Deletes every object whose key starts with the prefix; nothing else in the bucket is touched.
     *
     * @param bucket the bucket
     * @param prefix the key prefix, without a leading slash and not blank (a blank prefix would empty the bucket)
     * @return how many objects were deleted; 0 if none (already purged)
     * @throws IllegalArgumentException if the prefix is blank or starts with a slash
     * @throws io.dsec2.exception.ProvisioningException if a call fails (for example the bucket does not exist)
     */
    int deletePrefix(String bucket, String prefix);

    /** Releases local resources (the SDK client this instance created); never touches stored objects. */
    @Override
    void close();
}
