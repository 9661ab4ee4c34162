package io.dsec2.testkit.standin.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * Common life cycle of a stand-in DolphinScheduler 3.2.0 server: configuration, datasource check, ZooKeeper
 * registry connection (failing after {@code registry.zookeeper.block-until-connected}), HTTP actuator health,
 * heartbeat node, and a SIGTERM shutdown hook. Subclasses add their role. See {@code ds-ec2-testkit/STANDIN.md}.
 *
 * <p>Stand-in-only setting: {@code standin.shutdown-delay} (env {@code STANDIN_SHUTDOWN_DELAY}, a Spring
 * duration, default 0) makes the shutdown hook sleep that long first, to model a server slow to stop.
 */
public abstract class Node {
    protected final String name;
    protected final String logger;
    protected Cfg cfg;
    protected String ip;
    protected String namespace;
    protected volatile ZooKeeper zk;
    protected final long startupTime = System.currentTimeMillis();
    protected final List<HttpServer> servers = Collections.synchronizedList(new ArrayList<>());
    protected final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "standin-timer");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean started;
    protected volatile boolean closing;
    private final Map<String, Integer> registered = new java.util.concurrent.ConcurrentHashMap<>();

    protected Node(String name, String logger) {
        this.name = name;
        this.logger = logger;
    }

    /** Runs the server; exits the JVM with status 1 on a startup failure, as Spring Boot does. */
    public final void run() {
        Log.init(name);
        long t0 = System.nanoTime();
        String simple = logger.substring(logger.lastIndexOf('.') + 1);
        Log.info(logger, "Starting " + simple + " using Java " + System.getProperty("java.version") + " with PID "
                + ProcessHandle.current().pid() + " (started by " + System.getProperty("user.name") + " in "
                + new File("").getAbsolutePath() + ")");
        try {
            cfg = Cfg.load();
            Log.info(logger, cfg.profiles().isEmpty()
                    ? "No active profile set, falling back to 1 default profile: \"default\""
                    : "The following " + cfg.profiles().size() + " profile(s) are active: \"" + String.join("\", \"",
                            cfg.profiles()) + "\"");
            Log.info(logger, "JVM input arguments: " + jvmArgs());
            ip = localIp();
            Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "shutdown-hook"));
            start();
            started = true;
            Log.info(logger, String.format("Started %s in %.3f seconds", simple, (System.nanoTime() - t0) / 1e9));
        } catch (Throwable e) {
            Log.error("org.springframework.boot.SpringApplication", "Application run failed", e);
            System.exit(1);
        }
    }

    /** Role-specific startup; throw to fail the start. */
    protected abstract void start() throws Exception;

    /** Role-specific part of the shutdown hook, before the registry client and HTTP servers are closed. */
    protected void stopping() {
    }

    private void shutdown() {
        closing = true;
        Log.info(logger, name + " server is stopping, current cause : shutdownHook");
        Duration delay = cfg == null ? Duration.ZERO : cfg.getDuration("standin.shutdown-delay", Duration.ZERO);
        if (!delay.isZero()) {
            Log.info(logger, "stand-in: delaying shutdown by " + delay + " (standin.shutdown-delay)");
            sleep(delay.toMillis());
        }
        if (started) {
            stopping();
        }
        timer.shutdownNow();
        ZooKeeper z = zk;
        if (z != null) {
            try {
                z.close(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (servers) {
            servers.forEach(s -> s.stop(0));
        }
        Log.info(logger, name + " server stopped");
    }

    // ---------------------------------------------------------------- database

    /**
     * Checks the datasource like Hikari and DolphinScheduler's DAO would at startup: driver class loadable from
     * this server's classpath, driver accepting the URL, a connection, and the schema ({@code t_ds_version}).
     */
    protected final void checkDatabase() throws SQLException {
        checkDriver(cfg);
        String url = cfg.get("spring.datasource.url", "");
        if (url.startsWith("jdbc:postgresql:")) {
            // the driver ships (as in 3.2.0) and upgrade-schema.sh uses it; the servers' SQL is MySQL-only
            throw new IllegalStateException("stand-in limitation: the servers simulate only MySQL/MariaDB metadata"
                    + " databases; cannot use " + url);
        }
        try (Connection c = connect(cfg); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select version from t_ds_version")) {
            Log.info("com.zaxxer.hikari.HikariDataSource", "DolphinScheduler - Start completed.");
            if (!rs.next()) {
                throw new IllegalStateException("t_ds_version is empty: run tools/bin/upgrade-schema.sh");
            }
        }
    }

    /** Checks the driver class is loadable and accepts the URL, with Hikari's messages. */
    static void checkDriver(Cfg cfg) throws SQLException {
        String driver = cfg.get("spring.datasource.driver-class-name", "org.postgresql.Driver");
        String url = cfg.get("spring.datasource.url", "");
        Log.info("com.zaxxer.hikari.HikariDataSource", "DolphinScheduler - Starting...");
        Driver d;
        try {
            d = (Driver) Class.forName(driver, true, ClassLoader.getSystemClassLoader()).getDeclaredConstructor()
                    .newInstance();
        } catch (ClassNotFoundException e) {
            if (driver.equals("org.h2.Driver")) {
                // bundled with real DS; the stand-in has no implementation of this protocol
                if (!url.startsWith("jdbc:h2:")) {
                    throw new IllegalStateException("Driver " + driver + " claims to not accept jdbcUrl, " + url);
                }
                throw new IllegalStateException("stand-in limitation: only MySQL/MariaDB metadata databases are"
                        + " simulated; cannot connect to " + url);
            }
            throw new IllegalStateException("Failed to initialize pool: Cannot load driver class: " + driver, e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Failed to initialize pool: Cannot load driver class: " + driver, e);
        }
        if (!d.acceptsURL(url)) {
            throw new IllegalStateException("Driver " + driver + " claims to not accept jdbcUrl, " + url);
        }
    }

    /** @return a new connection to the metadata database (caller closes it) */
    protected final Connection connect() throws SQLException {
        return connect(cfg);
    }

    static Connection connect(Cfg cfg) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", cfg.get("spring.datasource.username", ""));
        p.setProperty("password", cfg.get("spring.datasource.password", ""));
        return DriverManager.getConnection(cfg.get("spring.datasource.url", ""), p);
    }

    /** @return the health of the datasource, as Spring Boot's db indicator */
    protected final Map<String, Object> dbHealth() {
        Map<String, Object> db = new LinkedHashMap<>();
        try (Connection c = connect()) {
            boolean ok = c.isValid(2);
            db.put("status", ok ? "UP" : "DOWN");
            db.put("details", Map.of("database", c.getMetaData().getDatabaseProductName(),
                    "validationQuery", "isValid()"));
        } catch (SQLException e) {
            db.put("status", "DOWN");
            db.put("details", Map.of("error", e.getClass().getName() + ": " + e.getMessage()));
        }
        return db;
    }

    // ---------------------------------------------------------------- registry

    /** Connects to ZooKeeper, failing after {@code block-until-connected} as the real registry does. */
    protected final void connectRegistry() throws Exception {
        String type = cfg.get("registry.type", "zookeeper");
        if (!type.equals("zookeeper")) {
            throw new IllegalStateException("stand-in limitation: registry.type " + type + " is not simulated");
        }
        namespace = "/" + cfg.get("registry.zookeeper.namespace", "dolphinscheduler");
        String connect = cfg.get("registry.zookeeper.connect-string", "localhost:2181");
        Duration block = cfg.getDuration("registry.zookeeper.block-until-connected", Duration.ofMillis(600));
        Duration session = cfg.getDuration("registry.zookeeper.session-timeout", Duration.ofSeconds(30));
        Log.info("org.apache.dolphinscheduler.plugin.registry.zookeeper.ZookeeperRegistry",
                "Initialized registry center properties: connect-string " + connect + ", namespace " + namespace);
        ZooKeeper z = openSession(connect, session, block);
        if (z == null) {
            throw new IllegalStateException("org.apache.dolphinscheduler.registry.api.RegistryException: zookeeper"
                    + " connect failed in : " + block.toMillis() + "ms");
        }
        zk = z;
        for (String p : List.of("/nodes/master", "/nodes/worker", "/nodes/alert-server")) {
            ensurePath(namespace + p);
        }
    }

    private ZooKeeper openSession(String connect, Duration session, Duration block) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper[] self = new ZooKeeper[1];
        ZooKeeper z = new ZooKeeper(connect, (int) session.toMillis(), ev -> {
            if (ev.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            } else if (ev.getState() == Watcher.Event.KeeperState.Disconnected) {
                Log.warn(logger, "registry connection state: SUSPENDED");
            } else if (ev.getState() == Watcher.Event.KeeperState.Expired && self[0] != null && self[0] == zk) {
                Log.warn(logger, "registry connection state: LOST (session expired)");
                Thread t = new Thread(this::recoverSession, "registry-recover");
                t.setDaemon(true);
                t.start();
            }
        });
        self[0] = z;
        if (!connected.await(block.toMillis(), TimeUnit.MILLISECONDS)) {
            z.close(1000);
            return null;
        }
        return z;
    }

    /**
     * After a session expiry: like Curator with DS's {@code registry-disconnect-strategy: waiting}, opens a new
     * session and re-creates this server's ephemeral nodes; gives up and exits after
     * {@code <role>.registry-disconnect-strategy.max-waiting-time} (100 s).
     */
    private void recoverSession() {
        Duration maxWait = cfg.getDuration(name + ".registry-disconnect-strategy.max-waiting-time",
                Duration.ofSeconds(100));
        long deadline = System.nanoTime() + maxWait.toNanos();
        String connect = cfg.get("registry.zookeeper.connect-string", "localhost:2181");
        Duration session = cfg.getDuration("registry.zookeeper.session-timeout", Duration.ofSeconds(30));
        while (System.nanoTime() < deadline && !closing) {
            try {
                ZooKeeper z = openSession(connect, session, Duration.ofSeconds(5));
                if (z != null) {
                    ZooKeeper old = zk;
                    zk = z;
                    if (old != null) {
                        old.close(500);
                    }
                    for (String p : List.of("/nodes/master", "/nodes/worker", "/nodes/alert-server")) {
                        ensurePath(namespace + p);
                    }
                    Log.info(logger, "registry connection state: RECONNECTED, re-registering");
                    reRegister();
                    return;
                }
            } catch (Exception e) {
                Log.warn(logger, "registry reconnect failed: " + e);
            }
            sleep(1000);
        }
        if (!closing) {
            Log.error(logger, "registry disconnected for more than " + maxWait + ", stopping the server", null);
            System.exit(1);
        }
    }

    /** Re-creates this server's registry state after a new session; subclasses with locks override. */
    protected void reRegister() throws Exception {
        for (Map.Entry<String, Integer> e : registered.entrySet()) {
            writeNode(e.getKey(), e.getValue());
        }
    }

    /** Creates a persistent path with parents. */
    protected final void ensurePath(String path) throws KeeperException, InterruptedException {
        StringBuilder sb = new StringBuilder();
        for (String part : path.substring(1).split("/")) {
            sb.append('/').append(part);
            try {
                zk.create(sb.toString(), new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            } catch (KeeperException.NodeExistsException ignored) {
                // exists
            }
        }
    }

    /**
     * Registers an ephemeral heartbeat node under {@code namespace/nodes/<type>/<ip>:<port>} and rewrites it
     * every {@code interval}.
     */
    protected final void register(String type, int port, Duration interval) throws Exception {
        String path = namespace + "/nodes/" + type + "/" + ip + ":" + port;
        try {
            zk.delete(path, -1);
        } catch (KeeperException.NoNodeException ignored) {
            // normal
        }
        writeNode(path, port);
        registered.put(path, port);
        Log.info(logger, name + " node : " + ip + ":" + port + " registry to ZK " + path + " successfully");
        timer.scheduleAtFixedRate(() -> {
            try {
                writeNode(path, port);
            } catch (Exception e) {
                Log.warn(logger, "heartbeat write failed: " + e);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void writeNode(String path, int port) throws KeeperException, InterruptedException {
        ZooKeeper z = zk;
        try {
            z.setData(path, heartbeatBytes(port), -1);
        } catch (KeeperException.NoNodeException e) {
            z.create(path, heartbeatBytes(port), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        }
    }

    private byte[] heartbeatBytes(int port) {
        return Json.write(heartbeat(port)).getBytes(StandardCharsets.UTF_8);
    }

    /** @return the heartbeat fields for this role, in DS 3.2.0's order */
    protected abstract Map<String, Object> heartbeat(int port);

    /** Common heartbeat metrics (OSUtils-like): cpuUsage, memoryUsage, availablePhysicalMemorySize (GB). */
    protected static Map<String, Double> metrics() {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double total = os.getTotalMemorySize();
        double free = os.getFreeMemorySize();
        double cpu = Math.max(0, os.getCpuLoad());
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("cpuUsage", round(cpu));
        m.put("memoryUsage", round(total <= 0 ? 0 : 1 - free / total));
        m.put("availablePhysicalMemorySize", round(free / 1024 / 1024 / 1024));
        m.put("freeFraction", total <= 0 ? 1 : free / total);
        m.put("diskAvailable", round(new File(".").getUsableSpace() / 1024.0 / 1024 / 1024));
        return m;
    }

    protected static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }

    // ---------------------------------------------------------------- HTTP

    /** Standard actuator + stand-in info response; returns true if handled. */
    protected final boolean actuator(HttpExchange ex, String prefix, boolean withDb) throws Exception {
        String path = ex.getRequestURI().getPath();
        if (path.equals(prefix + "/actuator/health")) {
            Map<String, Object> h = new LinkedHashMap<>();
            Map<String, Object> comps = new LinkedHashMap<>();
            if (withDb) {
                comps.put("db", dbHealth());
            }
            comps.put("ping", Map.of("status", "UP"));
            boolean up = !withDb || "UP".equals(((Map<?, ?>) comps.get("db")).get("status"));
            h.put("status", up ? "UP" : "DOWN");
            h.put("components", comps);
            h.put("standin", info());
            Web.send(ex, up ? 200 : 503, h);
            return true;
        }
        if (path.equals(prefix + "/standin/info")) {
            Web.send(ex, 200, info());
            return true;
        }
        return false;
    }

    /** @return stand-in diagnostics: server, pid, host, effective JVM input arguments */
    protected Map<String, Object> info() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server", name);
        m.put("processId", ProcessHandle.current().pid());
        m.put("host", ip);
        m.put("jvmArgs", jvmArgs());
        m.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        m.put("profiles", cfg == null ? List.of() : cfg.profiles());
        return m;
    }

    protected static List<String> jvmArgs() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments();
    }

    // ---------------------------------------------------------------- host address

    /**
     * The host IP as DS's NetUtils picks it: first IPv4 (non-loopback, non-any-local) address of an UP,
     * non-loopback, non-virtual interface not named by {@code dolphin.scheduler.network.interface.restrict}
     * (default docker0); {@code dolphin.scheduler.network.interface.preferred} selects the interface by name.
     */
    protected final String localIp() throws Exception {
        String preferred = cfg.common("dolphin.scheduler.network.interface.preferred", null);
        String restrict = cfg.common("dolphin.scheduler.network.interface.restrict", "docker0");
        List<NetworkInterface> valid = new ArrayList<>();
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback() || ni.isVirtual() || List.of(restrict.split(",")).contains(ni.getName())) {
                continue;
            }
            valid.add(ni);
        }
        valid.sort((a, b) -> Integer.compare(a.getIndex(), b.getIndex()));
        for (NetworkInterface ni : valid) {
            if (preferred != null && !preferred.equals(ni.getName())) {
                continue;
            }
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isAnyLocalAddress()) {
                    return a.getHostAddress();
                }
            }
        }
        return InetAddress.getLocalHost().getHostAddress();
    }

    protected static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
