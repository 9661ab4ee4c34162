package io.dsec2.model;

import io.dsec2.internal.spec.Checks;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How DolphinScheduler gets onto the hosts and is run there: install path, users, SSH access, the package
 * and the MySQL driver (downloaded by the nodes and checked against SHA-512), parallelism and rollback.
 *
 * <pre>{@code
 * DeploymentSpec d = DeploymentSpec.builder()
 *         .sshPrivateKeyFile(Path.of("/home/me/.ssh/ops.pem"))
 *         .jumpHost("ec2-user@bastion.example.com:22")
 *         .jumpHostFingerprint("SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s")
 *         .parallelism(8)
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe. Values are checked by {@link ClusterSpec.Builder#build()}.
 */
public final class DeploymentSpec {
    /** The only DolphinScheduler version this release deploys. */
    public static final String DS_VERSION = "3.2.0";
    /** Apache archive location of the 3.2.0 binary tarball. */
    public static final URI DEFAULT_PACKAGE_URL = URI.create(
            "https://archive.apache.org/dist/dolphinscheduler/3.2.0/apache-dolphinscheduler-3.2.0-bin.tar.gz");
    /**
     * Maven Central location of {@code com.mysql:mysql-connector-j:8.0.33}, the driver version DolphinScheduler 3.2.0
     * declares (https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-bom/pom.xml).
     */
    public static final URI DEFAULT_MYSQL_DRIVER_URL = URI.create(
            "https://repo1.maven.org/maven2/com/mysql/mysql-connector-j/8.0.33/mysql-connector-j-8.0.33.jar");
    /**
     * TCP port on which the seed node (master-1) serves {@link #packageFile()} to the other nodes while they
     * install it: 18080, bound to the seed's private IP, open only during the package stages. Security groups
     * ds-ec2 creates allow it from the cluster's own groups to the master group; with your own security groups
     * ({@code aws.security_group_ids}) allow it between the nodes yourself when you use {@code package_file}.
     */
    public static final int PACKAGE_FANOUT_PORT = 18080;
    /** SHA-512 of that jar, computed from the Central artifact (whose published SHA-1 it matched). */
    public static final String DEFAULT_MYSQL_DRIVER_SHA512 = "dfc56aa76a7419a8ed2c0d051ed279ded8c9aff354018aac2f8c97b6"
            + "8a220784abe7a8ba4fc47e932c41bff61cb9637024a7e19cfaa37efd78cd8a3227f7baaa";

    /** This spec's values: a private copy no one else holds, never changed after construction. */
    private final Builder v;

    private DeploymentSpec(Builder b) {
        v = copyOf(b);
    }

    /** @return a builder with every default */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a spec with every default */
    public static DeploymentSpec defaults() {
        return builder().build();
    }

    /** @return a builder holding this spec's values */
    public Builder toBuilder() {
        return copyOf(v);
    }

    private static Builder copyOf(Builder s) {
        Builder b = new Builder().installPath(s.installPath).deployUser(s.deployUser).sshUser(s.sshUser)
                .dsVersion(s.dsVersion).packageUrl(s.packageUrl).packageSha512(s.packageSha512)
                .mysqlDriverUrl(s.mysqlDriverUrl).mysqlDriverSha512(s.mysqlDriverSha512).parallelism(s.parallelism)
                .rollbackOnFailure(s.rollbackOnFailure).access(s.access);
        b.sshPrivateKeyFile = s.sshPrivateKeyFile;
        b.jumpHost = s.jumpHost;
        b.jumpHostFingerprint = s.jumpHostFingerprint;
        b.javaHome = s.javaHome;
        b.packageFile = s.packageFile;
        return b;
    }

    /**
     * @param change applied to a copy of the builder
     * @return the changed copy
     */
    public DeploymentSpec copy(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /** @return absolute install directory; default {@code /opt/dolphinscheduler} */
    public String installPath() {
        return v.installPath;
    }

    /** @return OS user that owns and runs DS; default {@code dolphinscheduler} */
    public String deployUser() {
        return v.deployUser;
    }

    /** @return user ds-ec2 logs in as over SSH (needs sudo); default {@code ec2-user} */
    public String sshUser() {
        return v.sshUser;
    }

    /** @return private key file for SSH, if given (otherwise the SSH executor's own default) */
    public Optional<Path> sshPrivateKeyFile() {
        return Optional.ofNullable(v.sshPrivateKeyFile);
    }

    /** @return bastion as {@code [user@]host[:port]}, if any */
    public Optional<String> jumpHost() {
        return Optional.ofNullable(v.jumpHost);
    }

    /**
     * @return the SHA-256 fingerprint of the jump host's SSH host key, {@code SHA256:} and 43 base64 characters as
     *         {@code ssh-keygen -l -E sha256} prints it, if given. The jump host's key is never trusted on first
     *         use: it must match this fingerprint, or (when none is given) a line in the cluster's known_hosts file
     */
    public Optional<String> jumpHostFingerprint() {
        return Optional.ofNullable(v.jumpHostFingerprint);
    }

    /** @return JAVA_HOME on the hosts, if fixed (otherwise the installed JDK 8/11 is found) */
    public Optional<String> javaHome() {
        return Optional.ofNullable(v.javaHome);
    }

    /** @return DolphinScheduler version; only {@value #DS_VERSION} is supported */
    public String dsVersion() {
        return v.dsVersion;
    }

    /** @return where nodes download the binary tarball; default {@link #DEFAULT_PACKAGE_URL} */
    public URI packageUrl() {
        return v.packageUrl;
    }

    /** @return expected SHA-512 (hex) of the tarball; empty (default) means the {@code .sha512} published next to the URL */
    public String packageSha512() {
        return v.packageSha512;
    }

    /**
     * A local DolphinScheduler binary tarball, used instead of {@link #packageUrl()} when set. The client computes
     * its SHA-512 once and uploads it (over SSH) to one node only, the seed (master-1), into
     * {@code /opt/ds-ec2/cache/<file name>}; the upload is skipped when the seed already holds a copy with that
     * SHA-512. The seed then serves it over HTTP on its private IP, port {@link #PACKAGE_FANOUT_PORT}, with
     * {@code python3 -m http.server} (python3 must be on the seed; the server ends itself after 30 minutes and is
     * stopped after the package stage), and every other node downloads it from there and checks the SHA-512, so
     * the client's upload bandwidth is used once, not once per node. If {@link #packageSha512()} is also set, it
     * must match the file. Checked when the spec is built: the file must exist and be a readable regular file.
     *
     * @return the local tarball to upload once and fan out; empty (default) means nodes download {@link #packageUrl()}
     */
    public Optional<Path> packageFile() {
        return Optional.ofNullable(v.packageFile);
    }

    /** @return where nodes download the MySQL driver; default {@link #DEFAULT_MYSQL_DRIVER_URL} */
    public URI mysqlDriverUrl() {
        return v.mysqlDriverUrl;
    }

    /** @return expected SHA-512 (hex) of the driver jar; default {@link #DEFAULT_MYSQL_DRIVER_SHA512} */
    public String mysqlDriverSha512() {
        return v.mysqlDriverSha512;
    }

    /** @return maximum nodes worked on at once; default 8, range 1-64 */
    public int parallelism() {
        return v.parallelism;
    }

    /** @return whether a failed create terminates what that run created; default true */
    public boolean rollbackOnFailure() {
        return v.rollbackOnFailure;
    }

    /**
     * @return how the client reaches ZooKeeper, the database and the api servers: {@link AccessMode#AUTO} (the
     *         default) goes direct where a TCP connect answers and through an SSH tunnel elsewhere
     */
    public AccessMode access() {
        return v.access;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeploymentSpec && Arrays.equals(parts(), ((DeploymentSpec) o).parts());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(parts());
    }

    /** @return every field, in the order equality and the hash use */
    private Object[] parts() {
        return new Object[] {v.installPath, v.deployUser, v.sshUser, v.sshPrivateKeyFile, v.jumpHost, v.jumpHostFingerprint,
            v.javaHome, v.dsVersion, v.packageUrl, v.packageSha512, v.packageFile, v.mysqlDriverUrl, v.mysqlDriverSha512,
            v.parallelism, v.rollbackOnFailure, v.access};
    }

    @Override
    public String toString() {
        return "DeploymentSpec{installPath=" + v.installPath + ", deployUser=" + v.deployUser + ", sshUser=" + v.sshUser
                + ", sshPrivateKeyFile=" + v.sshPrivateKeyFile + ", jumpHost=" + v.jumpHost
                + (v.jumpHostFingerprint == null ? "" : ", jumpHostFingerprint=" + v.jumpHostFingerprint) + ", javaHome=" + v.javaHome
                + ", dsVersion=" + v.dsVersion + ", package=" + (v.packageFile != null ? v.packageFile : v.packageUrl)
                + ", mysqlDriverUrl=" + v.mysqlDriverUrl + ", parallelism=" + v.parallelism
                + ", rollbackOnFailure=" + v.rollbackOnFailure + ", access=" + v.access.id() + "}";
    }

    /** Mutable, not thread-safe builder for {@link DeploymentSpec}. */
    public static final class Builder {
        private String installPath = "/opt/dolphinscheduler";
        private String deployUser = "dolphinscheduler";
        private String sshUser = "ec2-user";
        private Path sshPrivateKeyFile;
        private String jumpHost;
        private String jumpHostFingerprint;
        private String javaHome;
        private String dsVersion = DS_VERSION;
        private URI packageUrl = DEFAULT_PACKAGE_URL;
        private String packageSha512 = "";
        private Path packageFile;
        private URI mysqlDriverUrl = DEFAULT_MYSQL_DRIVER_URL;
        private String mysqlDriverSha512 = DEFAULT_MYSQL_DRIVER_SHA512;
        private int parallelism = 8;
        private boolean rollbackOnFailure = true;
        private AccessMode access = AccessMode.AUTO;

        private Builder() {
        }

        /**
         * @param path absolute install directory
         * @return this builder
         */
        public Builder installPath(String path) {
            this.installPath = Checks.notNull(path, "installPath");
            return this;
        }

        /**
         * @param user OS user owning DS
         * @return this builder
         */
        public Builder deployUser(String user) {
            this.deployUser = Checks.notNull(user, "deployUser");
            return this;
        }

        /**
         * @param user SSH login user
         * @return this builder
         */
        public Builder sshUser(String user) {
            this.sshUser = Checks.notNull(user, "sshUser");
            return this;
        }

        /**
         * @param file SSH private key file
         * @return this builder
         */
        public Builder sshPrivateKeyFile(Path file) {
            this.sshPrivateKeyFile = Checks.notNull(file, "sshPrivateKeyFile");
            return this;
        }

        /**
         * @param jumpHost bastion as {@code [user@]host[:port]}
         * @return this builder
         */
        public Builder jumpHost(String jumpHost) {
            this.jumpHost = Checks.notNull(jumpHost, "jumpHost");
            return this;
        }

        /**
         * @param fingerprint SHA-256 fingerprint of the jump host's SSH host key, {@code SHA256:} and 43 base64
         *        characters ({@code ssh-keygen -l -E sha256 -f key.pub}); checked by {@link ClusterSpec.Builder#build()},
         *        which also requires {@link #jumpHost(String)}; default none (the key must then be in the cluster's
         *        known_hosts file)
         * @return this builder
         */
        public Builder jumpHostFingerprint(String fingerprint) {
            this.jumpHostFingerprint = Checks.notNull(fingerprint, "jumpHostFingerprint");
            return this;
        }

        /**
         * @param javaHome absolute JAVA_HOME on the hosts
         * @return this builder
         */
        public Builder javaHome(String javaHome) {
            this.javaHome = Checks.notNull(javaHome, "javaHome");
            return this;
        }

        /**
         * @param version DS version; only {@value #DS_VERSION}
         * @return this builder
         */
        public Builder dsVersion(String version) {
            this.dsVersion = Checks.notNull(version, "dsVersion");
            return this;
        }

        /**
         * @param url tarball URL (https, http, s3)
         * @return this builder
         */
        public Builder packageUrl(URI url) {
            this.packageUrl = Checks.notNull(url, "packageUrl");
            return this;
        }

        /**
         * @param sha512 128 hex digits, or empty for the published {@code .sha512} (with a package file: empty
         *        means the file's own digest)
         * @return this builder
         */
        public Builder packageSha512(String sha512) {
            this.packageSha512 = Checks.notNull(sha512, "packageSha512");
            return this;
        }

        /**
         * @param file local tarball, uploaded once to the seed node and fanned out from there; wins over
         *        {@link #packageUrl(URI)} (see {@link DeploymentSpec#packageFile()})
         * @return this builder
         */
        public Builder packageFile(Path file) {
            this.packageFile = Checks.notNull(file, "packageFile");
            return this;
        }

        /**
         * @param url MySQL driver jar URL
         * @return this builder
         */
        public Builder mysqlDriverUrl(URI url) {
            this.mysqlDriverUrl = Checks.notNull(url, "mysqlDriverUrl");
            return this;
        }

        /**
         * @param sha512 128 hex digits
         * @return this builder
         */
        public Builder mysqlDriverSha512(String sha512) {
            this.mysqlDriverSha512 = Checks.notNull(sha512, "mysqlDriverSha512");
            return this;
        }

        /**
         * @param parallelism 1-64; default 8
         * @return this builder
         */
        public Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        /**
         * @param rollback terminate what a failed create made; default true
         * @return this builder
         */
        public Builder rollbackOnFailure(boolean rollback) {
            this.rollbackOnFailure = rollback;
            return this;
        }

        /**
         * @param access how the client reaches the cluster's private services (YAML {@code deployment.access}):
         *        direct, through SSH, or chosen per service by a short TCP probe; default {@link AccessMode#AUTO}
         * @return this builder
         */
        public Builder access(AccessMode access) {
            this.access = Checks.notNull(access, "access");
            return this;
        }

        /** @return the spec (checked later, by the cluster build) */
        public DeploymentSpec build() {
            return new DeploymentSpec(this);
        }
    }
}
