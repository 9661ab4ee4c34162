package io.dsec2.examples;

import io.dsec2.DsCluster;
import io.dsec2.DsClusterHandle;
import io.dsec2.model.Secret;

/**
 * Creates a DolphinScheduler 3.2.0 cluster with the fluent API (README "Use it from Java").
 * Run with AWS credentials in the environment; arguments: subnet ids (two or more), ZooKeeper connect string,
 * RDS host, SSH key file.
 */
public final class CreateClusterExample {
    private CreateClusterExample() {
    }

    public static void main(String[] args) {
        if (args.length < 5) {
            System.err.println("usage: CreateClusterExample <subnet-a> <subnet-b> <zk-connect> <rds-host> <key-file>");
            System.exit(2);
        }
        DsCluster cluster = DsCluster.builder()
                .name("analytics").region("us-east-1")
                .subnets(args[0], args[1])                       // round-robin across AZs
                .masters(2).workers(w -> w.count(3).instanceType("m6i.xlarge")).apis(2).alerts(1)
                .database(db -> db.mysql(args[3], 3306, "dolphinscheduler")
                                  .username("ds").password(Secret.fromSecretsManager("ds/db")))
                .registry(zk -> zk.connectString(args[2]))
                .loadBalancer(alb -> alb.enabled(true))
                .deployment(d -> d.sshPrivateKeyFile(java.nio.file.Path.of(args[4])))
                .build();
        System.out.print(cluster.plan());
        try (DsClusterHandle h = cluster.create()) {            // blocks; createAsync() returns a future
            h.nodes().forEach(n -> System.out.println(n.nodeId() + " " + n.availabilityZone() + " " + n.privateIp()));
            System.out.println(h.uiUrl());
        }
    }
}
