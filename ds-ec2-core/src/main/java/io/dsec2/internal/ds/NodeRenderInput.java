package io.dsec2.internal.ds;

import io.dsec2.model.NodeRole;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What the DolphinScheduler 3.2.0 renderer needs to know about one node, already resolved (secrets are
 * plain values here, so instances must never be logged: {@link #toString()} masks them).
 *
 * @param clusterName the cluster's name, written into file headers
 * @param nodeId for example {@code worker-2}
 * @param role the server the node runs
 * @param installPath absolute install directory, for example {@code /opt/dolphinscheduler}
 * @param javaHome the JAVA_HOME the servers run with
 * @param javaMajor the Java feature version at javaHome (8, 11, 17)
 * @param database {@code mysql} or {@code postgresql}
 * @param jdbcUrl the full JDBC URL without credentials
 * @param dbUser the database user
 * @param dbPassword the database password (secret)
 * @param zkConnectString ZooKeeper {@code host:port[,host:port...]}
 * @param zkNamespace the registry namespace, {@code dolphinscheduler} by default
 * @param zkBlockUntilConnected how long servers wait for ZooKeeper at start (DS default 600 ms is too short)
 * @param storage resource storage settings, or null for DS's default LOCAL storage
 * @param heap heap sizes in MiB
 * @param instanceMemoryMib RAM of the instance, used to size {@code reserved-memory}
 * @param serviceConfig extra application.yaml keys for this role (for example {@code worker.exec-threads})
 * @param pythonGatewayToken the API python gateway token (secret), or null to switch the gateway off
 * @param timeZone the servers' time zone, for example {@code UTC}
 * @param extraJvmOptions JVM options appended to the role's jvm_args_env.sh, one per line
 */
public record NodeRenderInput(String clusterName, String nodeId, NodeRole role, String installPath,
        String javaHome, int javaMajor, String database, String jdbcUrl, String dbUser, String dbPassword,
        String zkConnectString, String zkNamespace, Duration zkBlockUntilConnected, Storage storage, Heap heap,
        long instanceMemoryMib, Map<String, String> serviceConfig, String pythonGatewayToken, String timeZone,
        java.util.List<String> extraJvmOptions) {

    public NodeRenderInput {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(installPath, "installPath");
        Objects.requireNonNull(heap, "heap");
        serviceConfig = Map.copyOf(serviceConfig);
        extraJvmOptions = java.util.List.copyOf(extraJvmOptions);
    }

    /**
     * S3 resource storage (DS 3.2.0 supports static credentials only, see
     * https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-storage-plugin/dolphinscheduler-storage-s3/src/main/java/org/apache/dolphinscheduler/plugin/storage/s3/S3StorageOperator.java).
     *
     * @param bucket the bucket, which must already exist
     * @param region the bucket's region
     * @param endpoint blank on real AWS; an URL for S3-compatible stores or the LocalCloud
     * @param uploadBasePath {@code resource.storage.upload.base.path}
     * @param accessKeyId access key id, or null
     * @param secretAccessKey secret key (secret), or null
     */
    public record Storage(String bucket, String region, String endpoint, String uploadBasePath,
            String accessKeyId, String secretAccessKey) {
        @Override
        public String toString() {
            return "Storage[s3://" + bucket + uploadBasePath + ", " + region + "]";
        }
    }

    /** Heap sizes in MiB: -Xms, -Xmx and -Xmn. */
    public record Heap(int xmsMib, int xmxMib, int xmnMib) {
    }

    @Override
    public String toString() {
        return "NodeRenderInput[" + clusterName + "/" + nodeId + " " + role.id() + "]";
    }
}
