package io.dsec2.testkit;

import io.dsec2.testkit.aws.AwsFaultProxy;
import io.dsec2.testkit.aws.LocalRegion;
import io.dsec2.testkit.aws.MotoServer;
import io.dsec2.testkit.aws.RegionSetup;
import io.dsec2.testkit.net.Bridge;
import io.dsec2.testkit.net.Host;
import io.dsec2.testkit.net.HostManager;
import io.dsec2.testkit.net.RunId;
import io.dsec2.testkit.net.internal.RunRegistry;
import io.dsec2.testkit.net.internal.Sh;
import io.dsec2.testkit.services.FileServer;
import io.dsec2.testkit.services.MariaDbServer;
import io.dsec2.testkit.services.PostgresServer;
import io.dsec2.testkit.services.ZooKeeperServer;
import io.dsec2.testkit.standin.StandInDistribution;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * An offline AWS region with real hosts, for tests and demos: moto (behind an AWS fault proxy) for the AWS APIs,
 * a bridge that owns the VPC's /16, a host (network namespace + private mounts + sshd) for every running
 * instance, and ZooKeeper, MariaDB, PostgreSQL (TLS on) and a package file server on the bridge address, where hosts
 * reach them. Hosts reach each other and, on the bridge address, only those services' ports (moto directly and
 * through the fault proxy, ZooKeeper, MariaDB, PostgreSQL, file server); they have no route out of the /16.
 *
 * <pre>{@code
 * try (LocalCloud cloud = LocalCloud.start(LocalCloudOptions.defaults())) {
 *     Ec2Client ec2 = Ec2Client.builder().endpointOverride(cloud.awsEndpoint())
 *             .region(Region.of(cloud.endpoints().region())).credentialsProvider(cloud.credentials()).build();
 *     // RunInstances into cloud.endpoints().subnetIds() with cloud.endpoints().keyPairName(), then
 *     cloud.awaitSshReady(instanceId, Duration.ofSeconds(60));   // ssh ec2-user@<private ip>
 * }
 * }</pre>
 *
 * <p>Needs root, iproute2, iptables, OpenSSH server, sudo, MariaDB, PostgreSQL 15, openssl and the project's
 * {@code .venv} (run
 * {@code scripts/setup.sh}). Start removes leftovers of crashed runs (by exact name prefix, only runs whose owner
 * process is gone); {@link #close()} (also run by a JVM shutdown hook, e.g. on SIGTERM) removes every namespace,
 * link, process and directory of this run. Thread-safe.
 */
public final class LocalCloud implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalCloud.class);
    /** The database the LocalCloud's MariaDB and PostgreSQL each hold for DolphinScheduler. */
    public static final String DATABASE = "dolphinscheduler";
    /**
     * The database user on MariaDB and on PostgreSQL (on both, its password is the Secrets Manager secret
     * {@link LocalCloudEndpoints#dbSecretId()}).
     */
    public static final String DB_USER = "ds";
    private static final String DRIVER_JAR = "mysql-connector-j-8.0.33.jar";

    private final LocalCloudOptions options;
    private final RunId runId;
    private final Path runDir;
    private final Path runtimeDir;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final java.util.Set<Integer> gatewayPorts = new java.util.TreeSet<>();
    private Bridge bridge;
    private HostManager hosts;
    private MotoServer moto;
    private AwsFaultProxy faultProxy;
    private Ec2Client motoEc2;
    private LocalRegion region;
    private InstanceWatcher watcher;
    private LocalCloudEndpoints endpoints;
    private String dbPassword;
    private FileServer fileServer;
    private MariaDbServer mariaDb;
    private PostgresServer postgres;
    private Path filesDir;
    private ServedPackage realPackage;
    private boolean closed;
    private final Thread shutdownHook = new Thread(this::close, "dsec2-localcloud-shutdown");

    private LocalCloud(LocalCloudOptions options) {
        this.options = options;
        this.runId = RunId.random();
        this.runDir = options.baseDir().toAbsolutePath().resolve(runId.dirName());
        this.runtimeDir = RunRegistry.runtimeDir(runId);
    }

    /**
     * Starts a LocalCloud and returns when every part is ready.
     *
     * @throws IllegalStateException if a prerequisite is missing (the message says what to install) or a part
     *         fails; whatever was started is torn down again
     */
    public static LocalCloud start(LocalCloudOptions options) {
        LocalCloud c = new LocalCloud(options);
        Runtime.getRuntime().addShutdownHook(c.shutdownHook);
        try {
            c.startAll();
            return c;
        } catch (RuntimeException | Error e) {
            c.close();
            throw e;
        }
    }

    private void startAll() {
        long t0 = System.nanoTime();
        checkPrerequisites();
        List<RunId> stale = RunRegistry.cleanStale(options.baseDir());
        if (!stale.isEmpty()) {
            LOG.info("removed leftovers of crashed runs {}", stale);
        }
        RunRegistry.register(runId, runDir);
        try {
            Files.createDirectories(runDir.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + runDir, e);
        }
        bridge = Bridge.create(runId, options.preferredCidr());
        hosts = new HostManager(bridge, runDir.resolve("hosts"));
        String gw = bridge.gatewayIp();

        long t1 = System.nanoTime();
        moto = MotoServer.start(gw, portOr0(gw, 5000), runDir.resolve("logs/moto.log"));
        RunRegistry.recordChildren(runId);
        faultProxy = AwsFaultProxy.start(gw, portOr0(gw, 4566), moto.endpoint());
        motoEc2 = Ec2Client.builder().endpointOverride(moto.endpoint()).region(Region.of(options.region()))
                .credentialsProvider(credentials()).httpClientBuilder(ApacheHttpClient.builder()).build();
        long t2 = System.nanoTime();
        createRegion();
        long t3 = System.nanoTime();
        LOG.info("moto and fault proxy up in {} ms, region created in {} ms", (t2 - t1) / 1_000_000,
                (t3 - t2) / 1_000_000);

        LocalCloudEndpoints.Builder ep = baseEndpoints();
        if (options.services()) {
            startServices(ep);
            LOG.info("services up in {} ms", (System.nanoTime() - t3) / 1_000_000);
        } else {
            for (String k : List.of("zookeeperConnectString", "jdbcUrl", "dbUser", "postgresJdbcUrl", "postgresPort",
                    "postgresUser", "packageUrl", "packageSha512", "mysqlDriverUrl", "mysqlDriverSha512")) {
                ep.put(k, (String) null);
            }
        }
        endpoints = ep.build();
        RunRegistry.recordChildren(runId);
        gatewayPorts.add(moto.endpoint().getPort());
        gatewayPorts.add(faultProxy.endpoint().getPort());
        hosts.restrictGatewayTo(gatewayPorts);
        startWatcher();
        LOG.info("LocalCloud {} ready in {} ms: AWS at {}, hosts in {}", runId, (System.nanoTime() - t0) / 1_000_000,
                awsEndpoint(), bridge.cidr());
    }

    private void createRegion() {
        dbPassword = randomPassword();
        region = RegionSetup.create(moto.endpoint(), options.region(), bridge.cidr(),
                bridge.subnetCidrs(1, options.subnetCount()), runDir.resolve("keys"), dbPassword);
    }

    private void startWatcher() {
        watcher = new InstanceWatcher(motoEc2, region.vpcId(), hosts, options.loginUser(), options.pollInterval(),
                options.parallelBoots());
        watcher.registerPublicKey(region.keyPairName(), region.publicKeyOpenSsh());
    }

    private LocalCloudEndpoints.Builder baseEndpoints() {
        return LocalCloudEndpoints.builder()
                .put("awsEndpoint", awsEndpoint().toString())
                .put("region", options.region())
                .put("vpcId", region.vpcId())
                .put("vpcCidr", bridge.cidr())
                .put("subnetIds", region.subnetIds())
                .put("availabilityZones", region.availabilityZones())
                .put("amiId", region.amiId())
                .put("keyPairName", region.keyPairName())
                .put("privateKeyFile", region.privateKeyFile().toAbsolutePath().toString())
                .put("loginUser", options.loginUser())
                .put("instanceProfile", region.instanceProfileName())
                .put("instanceProfileArn", region.instanceProfileArn())
                .put("bucket", region.bucket())
                .put("dbSecretId", region.dbSecretId())
                .put("dbPasswordParameter", region.dbPasswordParameter())
                .put("gatewayIp", bridge.gatewayIp());
    }

    private void startServices(LocalCloudEndpoints.Builder ep) {
        String gw = bridge.gatewayIp();
        ZooKeeperServer zk = ZooKeeperServer.start(runDir.resolve("zookeeper"), gw, portOr0(gw, 2181));
        closeables.add(zk);
        MariaDbServer db = MariaDbServer.start(runDir.resolve("mariadb"), runtimeDir.resolve("mariadb"), gw,
                portOr0(gw, 3306));
        closeables.add(db);
        mariaDb = db;
        RunRegistry.recordChildren(runId);
        db.createDatabase(DATABASE, DB_USER, dbPassword);
        PostgresServer pg = PostgresServer.start(runDir.resolve("postgres"), runId.socketDir(),
                gw, portOr0(gw, 5432));
        closeables.add(pg);
        postgres = pg;
        RunRegistry.recordChildren(runId);
        pg.createDatabase(DATABASE, DB_USER, dbPassword);
        Path files = runDir.resolve("files");
        try {
            Files.createDirectories(files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path tarball = StandInDistribution.build(files, options.packagePaddingBytes());
        Path driver = copyDriverJar(files);
        FileServer fs = FileServer.start(files, gw, portOr0(gw, 8080));
        closeables.add(fs);
        fileServer = fs;
        filesDir = files;
        gatewayPorts.addAll(List.of(zk.port(), db.port(), pg.port(), fs.port()));
        ep.put("zookeeperConnectString", zk.connectString())
                .put("jdbcUrl", db.jdbcUrl(DATABASE))
                .put("dbUser", DB_USER)
                .put("postgresJdbcUrl", pg.jdbcUrl(DATABASE))
                .put("postgresPort", String.valueOf(pg.port()))
                .put("postgresUser", DB_USER)
                .put("packageUrl", fs.url(files.relativize(tarball).toString()).toString())
                .put("packageSha512", sha512Of(tarball))
                .put("mysqlDriverUrl", fs.url(DRIVER_JAR).toString())
                .put("mysqlDriverSha512", sha512Of(driver));
    }

    // ------------------------------------------------------------------ accessors

    /** @return the run id (part of every name this run gives to machine-wide things) */
    public RunId runId() {
        return runId;
    }

    /**
     * @return the run's short runtime directory ({@code /run/dsec2/dsec2-<id>}, or under {@code java.io.tmpdir}
     *         when /run is not writable) holding Unix sockets, whose paths may not exceed 107 bytes however deep
     *         the run directory is; removed on {@link #close()}
     */
    public Path runtimeDirectory() {
        return runtimeDir;
    }

    /** @return the run directory (host disks, logs, keys, service data) */
    public Path runDirectory() {
        return runDir;
    }

    /** @return everything a client needs, as it would use AWS */
    public synchronized LocalCloudEndpoints endpoints() {
        return endpoints;
    }

    /**
     * A package served by the LocalCloud's file server, for {@code deployment.package_url} with
     * {@code package_sha512}.
     *
     * @param url where hosts download it
     * @param sha512 its SHA-512, lower-case hex
     * @param file the file on this machine (for {@code deployment.package_file})
     */
    public record ServedPackage(URI url, String sha512, Path file) {
    }

    /**
     * Serves the real DolphinScheduler 3.2.0 distribution ({@link RealDistribution#get()}, assembled on first use)
     * from the file server, beside the stand-in.
     *
     * @return its URL, SHA-512 and local path
     * @throws IllegalStateException if the LocalCloud runs without services, or the distribution cannot be assembled
     */
    public synchronized ServedPackage realPackage() {
        if (realPackage != null) {
            return realPackage;
        }
        if (fileServer == null) {
            throw new IllegalStateException("this LocalCloud runs without services (no file server)");
        }
        RealDistribution real = RealDistribution.get();
        // its own directory: the stand-in is served under the same file name
        Path served = filesDir.resolve("real").resolve(RealDistribution.FILE_NAME);
        try {
            Files.createDirectories(served.getParent());
            Files.deleteIfExists(served);
            try {
                Files.createLink(served, real.tarball());
            } catch (IOException | UnsupportedOperationException e) {
                Files.createSymbolicLink(served, real.tarball());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve " + real.tarball(), e);
        }
        realPackage = new ServedPackage(fileServer.url("real/" + RealDistribution.FILE_NAME), real.sha512(), served);
        return realPackage;
    }

    /**
     * Creates another database in the LocalCloud's MariaDB for the same user ({@link #DB_USER}, password in the
     * secret {@link LocalCloudEndpoints#dbSecretId()}), for a cluster that must not share DolphinScheduler's tables
     * with the others. Idempotent.
     *
     * @param name the database name ({@code [a-z0-9_]+})
     * @return its JDBC URL
     */
    public synchronized String createDatabase(String name) {
        if (!name.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("database name must match [a-z0-9_]+: " + name);
        }
        if (mariaDb == null) {
            throw new IllegalStateException("this LocalCloud runs without services (no MariaDB)");
        }
        mariaDb.createDatabase(name, DB_USER, dbPassword);
        return mariaDb.jdbcUrl(name);
    }

    /**
     * Creates another database in the LocalCloud's PostgreSQL, owned by the same user ({@link #DB_USER}, password in
     * the secret {@link LocalCloudEndpoints#dbSecretId()}), for a cluster of its own. Idempotent.
     *
     * @param name the database name ({@code [a-z0-9_]+})
     * @return its JDBC URL ({@code jdbc:postgresql://<gateway>:<port>/<name>?sslmode=require})
     */
    public synchronized String createPostgresDatabase(String name) {
        if (!name.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("database name must match [a-z0-9_]+: " + name);
        }
        if (postgres == null) {
            throw new IllegalStateException("this LocalCloud runs without services (no PostgreSQL)");
        }
        postgres.createDatabase(name, DB_USER, dbPassword);
        return postgres.jdbcUrl(name);
    }

    /**
     * @return a new superuser connection to {@code database} on the LocalCloud's PostgreSQL (TLS), for tests that
     *         look at what a cluster left there (caller closes it)
     * @throws java.sql.SQLException if the server refuses
     */
    public java.sql.Connection postgresSuperuserConnection(String database) throws java.sql.SQLException {
        if (postgres == null) {
            throw new IllegalStateException("this LocalCloud runs without services (no PostgreSQL)");
        }
        return postgres.superuserConnection(database);
    }

    /** @return the AWS endpoint for SDK clients: the fault proxy in front of moto */
    public URI awsEndpoint() {
        return faultProxy.endpoint();
    }

    /** @return moto itself, bypassing the fault proxy */
    public URI motoEndpoint() {
        return moto.endpoint();
    }

    /** @return static credentials ("test"/"test"; moto checks none) for SDK clients */
    public AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    }

    /** @return the AWS fault proxy, to inject throttling, 503s and connection resets */
    public AwsFaultProxy faults() {
        return faultProxy;
    }

    /** @return the bridge */
    public Bridge bridge() {
        return bridge;
    }

    /** @return the host of an instance, once the watcher has booted it */
    public Optional<Host> host(String instanceId) {
        return hosts.host(instanceId);
    }

    /** @return every host not terminated */
    public List<Host> hosts() {
        return hosts.hosts();
    }

    /**
     * Waits until the instance's host runs and its sshd answers at {@code <private-ip>:22}.
     *
     * @return the host
     * @throws IllegalStateException if that does not happen within {@code timeout}
     */
    public Host awaitSshReady(String instanceId, Duration timeout) {
        if (!watcher.awaitSshReady(instanceId, timeout)) {
            throw new IllegalStateException("instance " + instanceId + " did not become SSH-reachable within "
                    + timeout);
        }
        return hosts.host(instanceId).orElseThrow();
    }

    /**
     * Empties the region: moto is reset, every host destroyed, and the VPC, subnets, key pair, instance profile,
     * bucket and secrets created again (new ids; {@link #endpoints()} changes accordingly). Services keep running.
     */
    public synchronized void reset() {
        watcher.close();
        hosts.destroyAll();
        faultProxy.faultRate(0);
        moto.reset();
        Path keys = runDir.resolve("keys");
        Sh.run("rm", "-rf", keys.toString());
        region = RegionSetup.create(moto.endpoint(), options.region(), bridge.cidr(),
                bridge.subnetCidrs(1, options.subnetCount()), keys, dbPassword);
        LocalCloudEndpoints.Builder ep = baseEndpoints();
        endpoints.asMap().forEach((k, v) -> {
            if (!ep.build().asMap().containsKey(k)) {
                if (v instanceof List<?> l) {
                    ep.put(k, l.stream().map(String::valueOf).toList());
                } else {
                    ep.put(k, v == null ? null : v.toString());
                }
            }
        });
        endpoints = ep.build();
        startWatcher();
    }

    /**
     * Tears everything down: watcher, hosts (processes, namespaces, veths, disks), services, fault proxy, moto,
     * bridge, run directory and registration. Idempotent; logs (does not throw) what could not be removed.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down already
            }
        }
        quietly("watcher", watcher);
        if (hosts != null) {
            hosts.destroyAll();
        }
        for (int i = closeables.size() - 1; i >= 0; i--) {
            quietly("service", closeables.get(i));
        }
        quietly("fault proxy", faultProxy);
        quietly("ec2 client", motoEc2);
        quietly("moto", moto);
        quietly("bridge", bridge);
        if (Files.exists(runDir)) {
            Sh.run("rm", "-rf", "--one-file-system", runDir.toString());
        }
        if (Files.exists(runtimeDir)) {
            Sh.run("rm", "-rf", "--one-file-system", runtimeDir.toString());
        }
        List<String> left = leftovers();
        if (left.isEmpty()) {
            RunRegistry.unregister(runId);
            LOG.info("LocalCloud {} torn down", runId);
        } else {
            LOG.warn("LocalCloud {} left {}; the next start removes them", runId, left);
        }
    }

    /** @return what of this run still exists on the machine (namespaces, links, run dir); empty after close() */
    public List<String> leftovers() {
        List<String> l = new ArrayList<>();
        for (String line : Sh.run("ip", "netns", "list").stdout().split("\n")) {
            if (line.startsWith(runId.dirName() + "-")) {
                l.add("netns " + line.split(" ")[0]);
            }
        }
        for (String line : Sh.run("ip", "-o", "link", "show").stdout().split("\n")) {
            String[] f = line.split(":\\s+");
            if (f.length > 1) {
                String name = f[1].split("@")[0];
                if (name.equals(runId.bridgeName()) || name.startsWith(RunId.PREFIX + "v" + runId.value())) {
                    l.add("link " + name);
                }
            }
        }
        if (Files.exists(runDir)) {
            l.add("dir " + runDir);
        }
        if (Files.exists(runtimeDir)) {
            l.add("dir " + runtimeDir);
        }
        return l;
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The well-known port (AWS 4566, moto 5000, ZooKeeper 2181, MariaDB 3306, PostgreSQL 5432, files 8080) if it can
     * be bound on the
     * bridge address (nothing on the machine holds it, not even on the wildcard address), else 0 for a free one.
     */
    private static int portOr0(String host, int port) {
        try (java.net.ServerSocket s = new java.net.ServerSocket()) {
            s.setReuseAddress(true); // a listener anywhere on the port still conflicts; TIME_WAIT leftovers do not
            s.bind(new java.net.InetSocketAddress(host, port));
            return port;
        } catch (IOException e) {
            return 0;
        }
    }

    private static void checkPrerequisites() {
        for (String tool : List.of("ip", "tc", "iptables", "unshare", "nsenter", "ssh-keygen")) {
            if (!Sh.run("sh", "-c", "command -v " + tool).ok()) {
                throw new IllegalStateException(tool + " not found: install it with scripts/setup.sh");
            }
        }
        for (String file : List.of("/usr/sbin/sshd", "/usr/bin/sudo")) {
            if (!Files.isExecutable(Path.of(file))) {
                throw new IllegalStateException(file + " not found: run scripts/setup.sh (Debian openssh-server, "
                        + "sudo)");
            }
        }
        if (!"0".equals(Sh.run("id", "-u").stdout().strip())) {
            throw new IllegalStateException("LocalCloud needs root (network namespaces, bridges, mounts)");
        }
    }

    private static Path copyDriverJar(Path dir) {
        try {
            URI src = Class.forName("com.mysql.cj.jdbc.Driver").getProtectionDomain().getCodeSource().getLocation()
                    .toURI();
            Path target = dir.resolve(DRIVER_JAR);
            Files.copy(Path.of(src), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(dir.resolve(DRIVER_JAR + ".sha512"), sha512Of(target) + "  " + DRIVER_JAR + "\n");
            return target;
        } catch (ClassNotFoundException | URISyntaxException e) {
            throw new IllegalStateException("mysql-connector-j is not on the classpath", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the MySQL driver", e);
        }
    }

    static String sha512Of(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-512");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomPassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static void quietly(String what, AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("closing {} failed: {}", what, e.toString());
        }
    }

    @Override
    public String toString() {
        return "LocalCloud[" + runId + (bridge == null ? "" : " " + bridge.cidr()) + "]";
    }
}
