package io.dsec2.examples.it;

import io.dsec2.DsCluster;
import io.dsec2.model.Secret;
import io.dsec2.testkit.LocalCloudEndpoints;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Cluster specs for the LocalCloud, configured exactly as a user would (endpoint, key file, URLs, secret ids). */
final class LocalCloudSpecs {
    private LocalCloudSpecs() {
    }

    static DsCluster.Builder builder(LocalCloudEndpoints e, String name, Path stateDir) {
        Matcher m = Pattern.compile("jdbc:mysql://([^:/]+):(\\d+)/").matcher(e.jdbcUrl());
        if (!m.find()) {
            throw new IllegalStateException("unexpected JDBC URL " + e.jdbcUrl());
        }
        return DsCluster.builder().name(name).region(e.region())
                .aws(a -> a.endpointOverride(URI.create(e.awsEndpoint())).subnets(e.subnetIds().toArray(String[]::new))
                        .keyPairName(e.keyPairName()).instanceProfile(e.instanceProfile()).adminCidr(e.vpcCidr()))
                .database(db -> db.mysql(m.group(1), Integer.parseInt(m.group(2)), "dolphinscheduler")
                        .username(e.dbUser()).password(Secret.fromSecretsManager(e.dbSecretId())))
                .registry(zk -> zk.connectString(e.zookeeperConnectString()))
                .deployment(d -> d.sshPrivateKeyFile(Path.of(e.privateKeyFile())).packageUrl(URI.create(e.packageUrl()))
                        .packageSha512(e.packageSha512()).mysqlDriverUrl(URI.create(e.mysqlDriverUrl()))
                        .mysqlDriverSha512(e.mysqlDriverSha512()))
                .stateDirectory(stateDir);
    }

    /** The same cluster as {@link #builder} with 2/3/2/1 nodes and an ALB, in the seeds/000 config.yaml shape. */
    static String seedsYaml(LocalCloudEndpoints e, String name) {
        Matcher m = Pattern.compile("jdbc:mysql://([^:/]+):(\\d+)/").matcher(e.jdbcUrl());
        m.find();
        return """
            aws:
              region: %s
              endpoint_override: %s
              subnets: [%s]
              key_name: %s
              iam_instance_profile: %s
              admin_cidr: %s
            cluster:
              name: %s
              master: {count: 2, instance_type: t3.medium}
              worker: {count: 3, instance_type: t3.medium}
              api: {count: 2, instance_type: t3.medium}
              alert: {count: 1, instance_type: t3.medium}
            database:
              type: mysql
              host: %s
              port: %s
              database: dolphinscheduler
              username: %s
              password: {secrets_manager: %s}
            registry:
              type: zookeeper
              servers: [%s]
            deployment:
              ssh_user: ec2-user
              ssh_key_file: %s
              package_url: %s
              package_sha512: %s
              mysql_driver_url: %s
              mysql_driver_sha512: %s
            service_config:
              api:
                load_balancer: {enabled: true, scheme: internal, deregistration_delay: %ds}
            """.formatted(e.region(), e.awsEndpoint(), String.join(", ", e.subnetIds()), e.keyPairName(),
                e.instanceProfile(), e.vpcCidr(), name, m.group(1), m.group(2), e.dbUser(), e.dbSecretId(),
                e.zookeeperConnectString(), e.privateKeyFile(), e.packageUrl(), e.packageSha512(), e.mysqlDriverUrl(),
                e.mysqlDriverSha512(), DEREGISTRATION_DELAY.toSeconds());
    }

    static final Duration DEREGISTRATION_DELAY = Duration.ofSeconds(5);
}
