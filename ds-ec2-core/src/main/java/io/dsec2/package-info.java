/**
 * ds-ec2 core API: the {@link io.dsec2.DsCluster} entry point, with its fluent builder and YAML loading.
 *
 * <p><b>Nulls:</b> nothing in this package accepts or returns {@code null} unless its Javadoc says so
 * (non-null by default). Optional values are returned as {@link java.util.Optional}; collections
 * are empty, never null; passing {@code null} to a method throws {@link NullPointerException}.
 *
 * <h2>YAML shape read by {@link io.dsec2.DsCluster#fromYaml(java.nio.file.Path)}</h2>
 *
 * <p>The {@code config.yaml} shape of the original ds-ec2 CLI, snake_case throughout. Every key below is
 * optional unless marked <i>required</i>; any other key is an error that names its path and line and, when
 * close, the key you probably meant. Secrets are written as {@code {secrets_manager: id}}, {@code {ssm: name}},
 * {@code {env: VAR}} or {@code {file: /path}}; a plain string is accepted as a literal, with a warning.
 * Durations are {@code 30s}, {@code 600ms}, {@code 10m}, {@code 1h}, ISO-8601 or bare seconds; heap sizes are
 * {@code 4g}, {@code 512m} or bare MiB. Lists may also be written as one comma-separated string.
 *
 * <pre>{@code
 * aws:
 *   region: us-east-1                      # required
 *   vpc_id: vpc-0abc
 *   subnets:                               # required; ids, or {subnet_id|id, availability_zone|az}
 *     - {subnet_id: subnet-0a1, availability_zone: us-east-1a}
 *     - {subnet_id: subnet-0b2, availability_zone: us-east-1b}
 *   security_groups: {master: sg-1, worker: sg-2, api: sg-3, alert: sg-4}   # or security_group_ids: [...]
 *   admin_cidr: 203.0.113.7/32
 *   api_allowed_cidrs: [10.0.0.0/16]
 *   key_name: ops
 *   iam_instance_profile: ds-node
 *   ami_id: ami-0123                       # default: latest Amazon Linux 2023
 *   endpoint_override: http://127.0.0.1:5000
 *   profile: analytics
 *   tags: {CostCenter: "4711", Environment: prod}   # on every resource; no ds-ec2:*, aws:* or Name keys
 * cluster:
 *   name: analytics                        # required; ^[a-z][a-z0-9-]{0,23}$
 *   master: {count: 3, instance_type: m6i.xlarge, subnets: [...], security_group_ids: [...],
 *            root_volume_size_gib: 30,     # the same keys for worker (plus name), api and alert
 *            root_volume_type: gp3,        # gp3 (default), gp2, io1, io2, standard
 *            root_volume_iops: 3000,       # gp3 3000-80000, io1 100-64000, io2 100-256000; 0 = baseline
 *            root_volume_throughput: 125,  # gp3 only, 125-2000 MiB/s; 0 = baseline
 *            tags: {Tier: control}}        # on this group's instances and volumes; win over aws.tags
 *   worker: {count: 6, instance_type: m6i.2xlarge}
 *   api: {count: 2}
 *   alert: {count: 1}
 *   worker_groups:                         # further DS worker groups
 *     - {name: gpu, count: 2, instance_type: r6i.xlarge, jvm: {xmx: 16g}, service_config: {exec_threads: 50}}
 * database:
 *   type: mysql                            # or postgresql
 *   host: db.example.internal              # required
 *   port: 3306
 *   database: dolphinscheduler
 *   params: useUnicode=true&characterEncoding=UTF-8&sslMode=REQUIRED   # TLS; useSSL=false warns
 *   username: ds                           # required
 *   password: {secrets_manager: ds/db}     # required
 * registry:
 *   type: zookeeper
 *   servers: [10.0.1.10:2181, 10.0.2.10:2181, 10.0.3.10:2181]   # required (or connect_string: "h:p,h:p")
 *   namespace: dolphinscheduler
 *   session_timeout: 30s
 *   block_until_connected: 30s
 *   connection_timeout: 9s                 # registry.zookeeper.connection-timeout (DS default 9s)
 *   retry: {base_sleep: 60ms, max_retries: 5, max_sleep: 300ms}   # registry.zookeeper.retry-policy.*
 * storage:                                 # omit to keep resources on local disk (warned)
 *   type: S3
 *   bucket: ds-resources                   # required
 *   upload_path: /dolphinscheduler         # or prefix
 *   region: us-east-1
 *   endpoint: ""                           # empty = real AWS S3
 *   access_key_id: {ssm: /ds/s3/key-id}    # required: DS 3.2.0 S3 takes static keys only
 *   secret_access_key: {ssm: /ds/s3/secret}
 * deployment:
 *   user: dolphinscheduler
 *   install_path: /opt/dolphinscheduler
 *   ssh_user: ec2-user
 *   ssh_key_file: /etc/ds-ec2/ops.pem
 *   jump_host: ec2-user@bastion.example.com:22
 *   jump_host_fingerprint: SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s   # or its line in known_hosts
 *   java_home: /usr/lib/jvm/java-11
 *   version: 3.2.0
 *   package_url: https://archive.apache.org/dist/dolphinscheduler/3.2.0/apache-dolphinscheduler-3.2.0-bin.tar.gz
 *   package_sha512: ""                     # empty = the .sha512 published next to the URL
 *   package_file: /srv/apache-dolphinscheduler-3.2.0-bin.tar.gz
 *   mysql_driver_url: https://repo1.maven.org/maven2/com/mysql/mysql-connector-j/8.0.33/mysql-connector-j-8.0.33.jar
 *   mysql_driver_sha512: dfc56aa7...
 *   parallelism: 8
 *   rollback_on_failure: true
 *   access: auto                           # auto | direct | ssh: how the client reaches ZooKeeper, the database
 *                                          # and the api servers (auto: direct where a TCP connect answers)
 * service_config:                          # application.yaml overrides per role
 *   master: {exec_threads: 200}            # becomes master.exec-threads; dotted keys are taken as given
 *   worker: {exec_threads: 150, reserved_memory: 0.1}
 *   api:
 *     load_balancer: {enabled: true, scheme: internet-facing, subnets: [...], allowed_cidrs: [...],
 *                     deregistration_delay: 30s, health_check_path: /dolphinscheduler/actuator/health,
 *                     listener_port: 80, idle_timeout: 60s,         # 1-65535; 1-4000 s
 *                     health_check: {interval: 15s, timeout: 5s, healthy_threshold: 2, unhealthy_threshold: 2},
 *                     certificate_arn: arn:aws:acm:...}   # HTTPS, HTTP 80 redirected; without it, plain HTTP
 *     python_gateway: {enabled: false, auth_token: {env: DS_GATEWAY_TOKEN}}
 *   common: {sudo.enable: "true"}          # common.properties keys, as given
 * jvm:                                     # per role; unset sizes keep DS's defaults
 *   master: {xms: 8g, xmx: 8g, xmn: 4g, gc: G1GC, extra_opts: "-XX:MaxGCPauseMillis=200"}
 *   worker: {heap: 16g}                    # heap sets xms and xmx
 * }</pre>
 *
 * <p>{@code cluster.<role>.nodes} lists written by the Python tool are accepted and ignored with a warning:
 * ds-ec2 finds nodes by their AWS tags and never writes state back into the file.
 */
package io.dsec2;
