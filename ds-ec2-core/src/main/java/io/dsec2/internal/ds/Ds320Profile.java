package io.dsec2.internal.ds;

import io.dsec2.model.NodeRole;
import java.util.List;

/**
 * Everything ds-ec2 knows about the layout and contracts of the Apache DolphinScheduler 3.2.0 binary
 * distribution, in one place, so another DS version is a new profile rather than a rewrite.
 *
 * <p>Sources, in https://github.com/apache/dolphinscheduler/tree/3.2.0: the layout from
 * {@code dolphinscheduler-dist/src/main/assembly/dolphinscheduler-bin.xml}; scripts and main classes from
 * {@code script/} and each server's {@code src/main/bin/start.sh}; ports and endpoints from each server's
 * {@code application.yaml}; registry paths from {@code RegistryNodeType.java}; the driver from
 * {@code dolphinscheduler-bom/pom.xml}; the schema table from {@code dolphinscheduler-tools}. Paths are relative
 * to the install directory unless they say otherwise.
 */
public final class Ds320Profile {
    /** The version string DS records in {@code t_ds_version} after {@code upgrade-schema.sh}. */
    public static final String VERSION = "3.2.0";
    /** Top folder inside {@code apache-dolphinscheduler-3.2.0-bin.tar.gz}. */
    public static final String TARBALL_TOP_DIR = "apache-dolphinscheduler-3.2.0-bin";
    public static final String TARBALL_NAME = TARBALL_TOP_DIR + ".tar.gz";
    /**
     * Apache archive location of the release, in the pattern of
     * https://github.com/apache/dolphinscheduler/blob/3.2.0/deploy/terraform/aws/packer/ds-ami-official.pkr.hcl.
     */
    public static final String DEFAULT_PACKAGE_URL =
            "https://archive.apache.org/dist/dolphinscheduler/3.2.0/" + TARBALL_NAME;
    /**
     * Maven Central location of the MySQL driver DS 3.2.0 is built and tested against
     * (https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-bom/pom.xml).
     */
    public static final String DEFAULT_MYSQL_DRIVER_URL =
            "https://repo1.maven.org/maven2/com/mysql/mysql-connector-j/8.0.33/mysql-connector-j-8.0.33.jar";
    public static final String MYSQL_DRIVER_JAR = "mysql-connector-j-8.0.33.jar";
    /** Shared environment file, copied over {@code <server>/conf/dolphinscheduler_env.sh} by the daemon's start. */
    public static final String ENV_FILE = "bin/env/dolphinscheduler_env.sh";
    public static final String DAEMON = "bin/dolphinscheduler-daemon.sh";
    public static final String UPGRADE_SCHEMA = "tools/bin/upgrade-schema.sh";
    /** Where ds-ec2 keeps its own files on a node (secrets, markers); not part of the DS layout. */
    public static final String DS_EC2_DIR = ".ds-ec2";
    /** 0600 file with the secret exports, sourced by the env file. */
    public static final String SECRETS_FILE = DS_EC2_DIR + "/secrets.env";
    /**
     * Directories that need the MySQL driver (the five libs dirs of
     * https://github.com/apache/dolphinscheduler/blob/3.2.0/docs/docs/en/guide/howto/datasource-setting.md).
     */
    public static final List<String> DRIVER_LIBS_DIRS = List.of(
            "api-server/libs", "alert-server/libs", "master-server/libs", "worker-server/libs", "tools/libs");
    /**
     * The schema version table and its query, as DolphinScheduler's upgrade tool reads them
     * (https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-tools/src/main/java/org/apache/dolphinscheduler/tools/datasource/dao/UpgradeDao.java).
     */
    public static final String VERSION_QUERY = "select version from t_ds_version";
    /** The admin user's password hash ({@code t_ds_user.user_password}, the MD5 hex of the password). */
    public static final String ADMIN_HASH_QUERY = "select user_password from t_ds_user where user_name = ?";
    /** Sets the admin user's password hash. */
    public static final String ADMIN_HASH_UPDATE = "update t_ds_user set user_password = ? where user_name = ?";
    /** Default ZooKeeper namespace; every registry path is below {@code /<namespace>}. */
    public static final String DEFAULT_NAMESPACE = "dolphinscheduler";
    /**
     * Context path of the api server ({@code server.servlet.context-path} in
     * https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-api/src/main/resources/application.yaml).
     */
    public static final String API_CONTEXT = "/dolphinscheduler";
    public static final String API_HEALTH_PATH = API_CONTEXT + "/actuator/health";
    public static final String DEFAULT_ADMIN_USER = "admin";
    /**
     * The admin user's password after schema initialisation: {@code t_ds_user} row 1 holds its MD5
     * ({@code 7ad2410b2f4c074479a8937a28a22b8f}; {@code dolphinscheduler-dao/src/main/resources/sql/
     * dolphinscheduler_mysql.sql} and {@code _postgresql.sql} at tag 3.2.0). The login compares the MD5 hex of the
     * given password with {@code t_ds_user.user_password}.
     */
    public static final String DEFAULT_ADMIN_PASSWORD = "dolphinscheduler123";

    private Ds320Profile() {
    }

    /**
     * @param password a user's password
     * @return what DS 3.2.0 stores for it in {@code t_ds_user.user_password}: the lower-case MD5 hex of its UTF-8
     *     bytes ({@code EncryptionUtils.getMd5} in dolphinscheduler-common at tag 3.2.0)
     */
    public static String passwordHash(String password) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(password.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java runtime", e);
        }
    }

    /** @return the server's {@code bin/jvm_args_env.sh}, the per-server heap file the daemon never overwrites */
    public static String jvmArgsFile(NodeRole role) {
        return role.serverDir() + "/bin/jvm_args_env.sh";
    }

    /** @return the server's {@code conf/common.properties} */
    public static String commonPropertiesFile(NodeRole role) {
        return role.serverDir() + "/conf/common.properties";
    }

    /** @return the pid file the daemon writes on start */
    public static String pidFile(NodeRole role) {
        return role.serverDir() + "/pid";
    }

    /** @return the server's main log (cwd-relative in DS; the daemon runs from the server directory) */
    public static String logFile(NodeRole role) {
        return role.serverDir() + "/logs/dolphinscheduler-" + role.id() + ".log";
    }

    /**
     * @return the main class that the server's {@code bin/start.sh} runs (the master's:
     *     https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-master/src/main/bin/start.sh),
     *     for finding a JVM that outlived the daemon's stop
     */
    public static String mainClass(NodeRole role) {
        return switch (role) {
            case MASTER -> "org.apache.dolphinscheduler.server.master.MasterServer";
            case WORKER -> "org.apache.dolphinscheduler.server.worker.WorkerServer";
            case API -> "org.apache.dolphinscheduler.api.ApiApplicationServer";
            case ALERT -> "org.apache.dolphinscheduler.alert.AlertServer";
        };
    }

    /** @return the actuator health path served on {@link NodeRole#httpPort()} */
    public static String healthPath(NodeRole role) {
        return role == NodeRole.API ? API_HEALTH_PATH : "/actuator/health";
    }

    /**
     * @return the registry directory where servers of this role register, or null for the api server,
     *     which does not register
     *     (https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-registry/dolphinscheduler-registry-api/src/main/java/org/apache/dolphinscheduler/registry/api/enums/RegistryNodeType.java)
     */
    public static String registryDir(String namespace, NodeRole role) {
        return switch (role) {
            case MASTER -> "/" + namespace + "/nodes/master";
            case WORKER -> "/" + namespace + "/nodes/worker";
            case ALERT -> "/" + namespace + "/nodes/alert-server";
            case API -> null;
        };
    }

    /**
     * @return whether this server reads the metadata database (in 3.2.0 the worker does not: its
     *     {@code application.yaml} has no {@code spring.datasource},
     *     https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-worker/src/main/resources/application.yaml)
     */
    public static boolean usesDatabase(NodeRole role) {
        return role != NodeRole.WORKER;
    }
}
