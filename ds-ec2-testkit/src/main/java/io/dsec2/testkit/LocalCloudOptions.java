package io.dsec2.testkit;

import io.dsec2.testkit.internal.ProjectPaths;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link LocalCloud} is started. Immutable; build with {@link #builder()}; every setting has a default.
 */
public final class LocalCloudOptions {
    private final Path baseDir;
    private final String region;
    private final String preferredCidr;
    private final int subnetCount;
    private final int parallelBoots;
    private final Duration pollInterval;
    private final boolean services;
    private final long packagePaddingBytes;
    private final String loginUser;

    private LocalCloudOptions(Builder b) {
        this.baseDir = b.baseDir;
        this.region = b.region;
        this.preferredCidr = b.preferredCidr;
        this.subnetCount = b.subnetCount;
        this.parallelBoots = b.parallelBoots;
        this.pollInterval = b.pollInterval;
        this.services = b.services;
        this.packagePaddingBytes = b.packagePaddingBytes;
        this.loginUser = b.loginUser;
        if (subnetCount < 1 || subnetCount > 200) {
            throw new IllegalArgumentException("subnetCount must be 1..200: " + subnetCount);
        }
        if (parallelBoots < 1) {
            throw new IllegalArgumentException("parallelBoots must be >= 1: " + parallelBoots);
        }
        if (packagePaddingBytes < 0) {
            throw new IllegalArgumentException("packagePaddingBytes must be >= 0");
        }
    }

    /** @return a builder with every default */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the defaults */
    public static LocalCloudOptions defaults() {
        return builder().build();
    }

    /** @return where run directories go; default {@code <project root>/target/localcloud} */
    public Path baseDir() {
        return baseDir != null ? baseDir : ProjectPaths.root().resolve("target/localcloud");
    }

    /** @return the AWS region name; default {@code us-east-1} */
    public String region() {
        return region;
    }

    /** @return the /16 to use if free; default {@code 10.77.0.0/16} (else the first free one in 10.64–10.127) */
    public String preferredCidr() {
        return preferredCidr;
    }

    /** @return how many /24 subnets (one per availability zone, round robin); default 3 */
    public int subnetCount() {
        return subnetCount;
    }

    /** @return how many hosts boot at once; default 4 */
    public int parallelBoots() {
        return parallelBoots;
    }

    /** @return how often moto is polled for instance changes; default 250 ms */
    public Duration pollInterval() {
        return pollInterval;
    }

    /** @return whether ZooKeeper, MariaDB, PostgreSQL and the package file server run; default true */
    public boolean services() {
        return services;
    }

    /** @return extra bytes in the stand-in DS tarball (to make transfers measurable); default 0 */
    public long packagePaddingBytes() {
        return packagePaddingBytes;
    }

    /** @return the hosts' login user; default {@code ec2-user} */
    public String loginUser() {
        return loginUser;
    }

    /** Builder for {@link LocalCloudOptions}. Not thread-safe. */
    public static final class Builder {
        private Path baseDir;
        private String region = "us-east-1";
        private String preferredCidr = "10.77.0.0/16";
        private int subnetCount = 3;
        private int parallelBoots = 4;
        private Duration pollInterval = Duration.ofMillis(250);
        private boolean services = true;
        private long packagePaddingBytes;
        private String loginUser = "ec2-user";

        private Builder() {
        }

        public Builder baseDir(Path baseDir) {
            this.baseDir = baseDir;
            return this;
        }

        public Builder region(String region) {
            this.region = Objects.requireNonNull(region);
            return this;
        }

        public Builder preferredCidr(String cidr) {
            this.preferredCidr = cidr;
            return this;
        }

        public Builder subnetCount(int n) {
            this.subnetCount = n;
            return this;
        }

        public Builder parallelBoots(int n) {
            this.parallelBoots = n;
            return this;
        }

        public Builder pollInterval(Duration interval) {
            this.pollInterval = Objects.requireNonNull(interval);
            return this;
        }

        /**
         * Whether to run ZooKeeper, MariaDB, PostgreSQL and the package file server (off for AWS-and-hosts-only
         * tests).
         */
        public Builder services(boolean on) {
            this.services = on;
            return this;
        }

        public Builder packagePaddingBytes(long bytes) {
            this.packagePaddingBytes = bytes;
            return this;
        }

        public Builder loginUser(String user) {
            this.loginUser = Objects.requireNonNull(user);
            return this;
        }

        public LocalCloudOptions build() {
            return new LocalCloudOptions(this);
        }
    }
}
