package io.dsec2.testkit.net;

import io.dsec2.testkit.internal.Processes;
import io.dsec2.testkit.net.internal.HostScripts;
import io.dsec2.testkit.net.internal.ProcessIo;
import io.dsec2.testkit.net.internal.Sh;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One LocalCloud host: the stand-in for a running EC2 instance. It is a network namespace holding the instance's
 * private address on the run's {@link Bridge}, a private mount namespace in which {@code /etc}, {@code /home},
 * {@code /opt}, {@code /root}, {@code /run}, {@code /tmp} and {@code /var/tmp} are the host's own directories
 * (kept across stop/start, like an EBS root volume), and an OpenSSH {@code sshd} on port 22 that accepts the
 * instance's key pair for the login user, who has passwordless sudo.
 *
 * <p>Faults: {@link #limitBandwidth(long)} (tc tbf on both ends of the veth), {@link #addLatency(Duration)} (a
 * delaying TCP proxy in front of sshd; the client still connects to {@code <private-ip>:22}),
 * {@link #packetLoss(double)} (iptables statistic), {@link #cut()}/{@link #restore()} (the link goes down/up),
 * {@link #killSshd()} and {@link #reboot()} (all processes gone, disk kept). Faults survive a reboot.
 *
 * <p>Created by {@link HostManager}. Thread-safe (operations are serialised per host).
 */
public final class Host {
    private static final Logger LOG = LoggerFactory.getLogger(Host.class);
    private static final int SSHD_LOOPBACK_PORT = 2222;
    private static final int PROXY_PORT = 2223;
    private static final String SSHD_CONFIG = "/etc/ssh/sshd_config.dsec2";
    private static final String LOSS_CHAIN = "DSEC2-LOSS";
    private static final String EGRESS_CHAIN = "DSEC2-EGRESS";
    private static final List<String> MOUNTS = List.of("home:/home", "opt:/opt", "root:/root",
            "run:/run", "var-tmp:/var/tmp", "tmp:/tmp");

    /** Where the host is in its life. */
    public enum State {
        /** Booted: processes may run, sshd was started. */
        RUNNING,
        /** Stopped: no process, disk and address kept. */
        STOPPED,
        /** Terminated: namespace, veth and disk gone. */
        DESTROYED
    }

    /** The outcome of {@link #exec(String...)}. */
    public record ExecResult(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private final HostSpec spec;
    private final Set<Integer> gatewayPorts;
    private final Bridge bridge;
    private final Path dir;
    private final String namespace;
    private final String veth;
    private State state = State.STOPPED;
    private Process holder;
    /** PID 1 of the host's own PID namespace, as the machine sees it; every command enters through it. */
    private long initPid;
    private Process sshd;
    private Process proxy;
    private Duration latency;
    private long bandwidthBps;
    private double loss;
    private boolean cut;
    private boolean created;

    Host(HostSpec spec, Bridge bridge, Path dir, Set<Integer> gatewayPorts) {
        this.spec = spec;
        this.gatewayPorts = gatewayPorts == null ? null : Set.copyOf(gatewayPorts);
        this.bridge = bridge;
        this.dir = dir;
        this.namespace = bridge.runId().namespaceName(spec.privateIp());
        this.veth = bridge.runId().vethName(spec.privateIp());
    }

    /** @return the spec the host was booted from */
    public HostSpec spec() {
        return spec;
    }

    /** @return the EC2 instance id */
    public String instanceId() {
        return spec.instanceId();
    }

    /** @return the private address, where sshd listens on port 22 */
    public String privateIp() {
        return spec.privateIp();
    }

    /** @return the network namespace name ({@code dsec2-<run>-a-b-c-d}) */
    public String namespace() {
        return namespace;
    }

    /** @return the host's disk on the machine ({@code <run dir>/hosts/<instance id>}) */
    public Path directory() {
        return dir;
    }

    /** @return the host's state */
    public synchronized State state() {
        return state;
    }

    /** @return true while the host is booted and its namespace holder lives */
    public synchronized boolean running() {
        return state == State.RUNNING && holder != null && holder.isAlive();
    }

    /** @return true while sshd's listener process lives */
    public synchronized boolean sshdRunning() {
        return state == State.RUNNING && sshd != null && sshd.isAlive();
    }

    // ---------------------------------------------------------------- lifecycle (HostManager)

    synchronized void boot() {
        if (state == State.DESTROYED) {
            throw new IllegalStateException("host " + instanceId() + " was terminated");
        }
        if (state == State.RUNNING) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            long[] t = new long[6];
            t[0] = System.nanoTime();
            if (!created) {
                createNetwork();
                created = true;
            }
            boolean firstBoot = !Files.exists(dir.resolve(".provisioned"));
            t[1] = System.nanoTime();
            if (firstBoot) {
                createDisk();
            }
            t[2] = System.nanoTime();
            startHolder();
            t[3] = System.nanoTime();
            if (firstBoot) {
                provision();
                Files.writeString(dir.resolve(".provisioned"), "");
            }
            t[4] = System.nanoTime();
            startSshd();
            t[5] = System.nanoTime();
            LOG.debug("host {} boot phases (ms): network {}, disk {}, namespaces {}, provision {}, sshd {}",
                    instanceId(), (t[1] - t[0]) / 1_000_000, (t[2] - t[1]) / 1_000_000, (t[3] - t[2]) / 1_000_000,
                    (t[4] - t[3]) / 1_000_000, (t[5] - t[4]) / 1_000_000);
            state = State.RUNNING;
            if (latency != null) {
                startProxy();
            }
            LOG.info("host {} ({}) up in {} ms", instanceId(), privateIp(), (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException e) {
            killAll();
            throw new UncheckedIOException("cannot boot host " + instanceId(), e);
        } catch (RuntimeException e) {
            killAll();
            throw e;
        }
    }

    synchronized void stop() {
        if (state != State.RUNNING) {
            return;
        }
        killAll();
        state = State.STOPPED;
        LOG.info("host {} ({}) stopped", instanceId(), privateIp());
    }

    synchronized void destroy() {
        if (state == State.DESTROYED) {
            return;
        }
        killAll();
        if (created) {
            Sh.run("ip", "netns", "del", namespace);
            Sh.run("ip", "link", "del", veth);
        }
        ProcessIo.deleteTree(dir);
        state = State.DESTROYED;
        LOG.info("host {} ({}) terminated", instanceId(), privateIp());
    }

    // ---------------------------------------------------------------- faults

    /**
     * Limits the host's link to {@code bitsPerSecond} in each direction (tc tbf on both veth ends).
     *
     * @param bitsPerSecond the rate, at least 8000
     */
    public synchronized void limitBandwidth(long bitsPerSecond) {
        if (bitsPerSecond < 8000) {
            throw new IllegalArgumentException("bandwidth must be >= 8000 bit/s: " + bitsPerSecond);
        }
        requireCreated();
        long burst = Math.max(16 * 1024, bitsPerSecond / 8 / 50);
        String tbf = "root tbf rate " + bitsPerSecond + "bit burst " + burst + " latency 200ms";
        Sh.check(("tc qdisc replace dev " + veth + " " + tbf).split(" "));
        Sh.check(("ip netns exec " + namespace + " tc qdisc replace dev eth0 " + tbf).split(" "));
        bandwidthBps = bitsPerSecond;
    }

    /** Removes a bandwidth limit (no-op without one). */
    public synchronized void clearBandwidth() {
        if (bandwidthBps == 0) {
            return;
        }
        Sh.run("tc", "qdisc", "del", "dev", veth, "root");
        Sh.run("ip", "netns", "exec", namespace, "tc", "qdisc", "del", "dev", "eth0", "root");
        bandwidthBps = 0;
    }

    /**
     * Adds {@code roundTrip} to every round trip of new SSH connections: port 22 is redirected (iptables nat) to a
     * delaying proxy inside the host that holds each direction's bytes for half of it before passing them to sshd.
     * Existing connections are not affected.
     *
     * @param roundTrip the added round-trip time, 1 ms to 10 s
     */
    public synchronized void addLatency(Duration roundTrip) {
        if (roundTrip.toMillis() < 1 || roundTrip.toSeconds() > 10) {
            throw new IllegalArgumentException("latency must be 1 ms .. 10 s: " + roundTrip);
        }
        requireCreated();
        clearLatency();
        latency = roundTrip;
        if (state == State.RUNNING) {
            startProxy();
        }
        Sh.check("ip", "netns", "exec", namespace, "iptables", "-w", "-t", "nat", "-A", "PREROUTING", "-i", "eth0", "-p",
                "tcp", "--dport", "22", "-j", "REDIRECT", "--to-ports", Integer.toString(PROXY_PORT));
    }

    /** Removes added latency (no-op without it). */
    public synchronized void clearLatency() {
        if (latency == null) {
            return;
        }
        Sh.run("ip", "netns", "exec", namespace, "iptables", "-w", "-t", "nat", "-D", "PREROUTING", "-i", "eth0", "-p",
                "tcp", "--dport", "22", "-j", "REDIRECT", "--to-ports", Integer.toString(PROXY_PORT));
        stopProxy();
        latency = null;
    }

    /**
     * Drops each packet entering or leaving the host's link with probability {@code probability} (iptables
     * statistic match inside the host).
     *
     * @param probability in (0, 1]
     */
    public synchronized void packetLoss(double probability) {
        if (!(probability > 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in (0, 1]: " + probability);
        }
        requireCreated();
        clearPacketLoss();
        String p = String.format(java.util.Locale.ROOT, "%.4f", probability);
        Sh.check("ip", "netns", "exec", namespace, "iptables", "-w", "-A", LOSS_CHAIN, "-m", "statistic",
                "--mode", "random", "--probability", p, "-j", "DROP");
        loss = probability;
    }

    /** Removes packet loss (no-op without it). */
    public synchronized void clearPacketLoss() {
        if (loss == 0) {
            return;
        }
        Sh.run("ip", "netns", "exec", namespace, "iptables", "-w", "-F", LOSS_CHAIN);
        loss = 0;
    }

    /** Cuts the host off the network (its link goes down): it is unreachable and reaches nothing. */
    public synchronized void cut() {
        requireCreated();
        Sh.check("ip", "link", "set", veth, "down");
        cut = true;
    }

    /** Undoes {@link #cut()}. */
    public synchronized void restore() {
        requireCreated();
        Sh.check("ip", "link", "set", veth, "up");
        cut = false;
    }

    /** @return true while the host is cut off */
    public synchronized boolean isCut() {
        return cut;
    }

    /** Kills sshd's listener (SIGKILL), as a crashed sshd; open sessions keep going. */
    public synchronized void killSshd() {
        if (sshd != null) {
            killTree(sshd);
        }
    }

    /**
     * Resets every open SSH connection, as a flaky network or a restarted NAT would: the per-connection sshd
     * processes and the commands they run are SIGKILLed, so clients see their connections drop; the listener keeps
     * accepting new ones.
     *
     * @return how many connections were reset
     */
    public synchronized int resetSshConnections() {
        if (sshd == null || !sshd.isAlive()) {
            return 0;
        }
        ProcessHandle top = sshd.toHandle();
        // the listener is sshd itself, or the child that nsenter forked into the host's PID namespace
        ProcessHandle listener = top.info().command().orElse("").endsWith("/sshd") ? top
                : top.children().findFirst().orElse(top);
        List<ProcessHandle> sessions = listener.children().toList();
        for (ProcessHandle s : sessions) {
            s.descendants().forEach(ProcessHandle::destroyForcibly);
            s.destroyForcibly();
        }
        return sessions.size();
    }

    /** Reboots: every process of the host is killed, then it boots again with the same disk, address and faults. */
    public void reboot() {
        synchronized (this) {
            if (state != State.RUNNING) {
                throw new IllegalStateException("host " + instanceId() + " is not running");
            }
            stop();
            boot();
        }
    }

    /**
     * Runs a command as root inside the host (its mount, UTS and network namespaces), for tests.
     *
     * @param command the program and arguments
     * @return the result; a 60 s timeout gives exit code 124
     */
    public ExecResult exec(String... command) {
        long pid;
        synchronized (this) {
            if (!running()) {
                throw new IllegalStateException("host " + instanceId() + " is not running");
            }
            pid = initPid;
        }
        Processes.Result r = Processes.run(List.of(Sh.inside(pid, command)), Map.of(), Duration.ofSeconds(60));
        return new ExecResult(r.exitCode(), r.stdout(), r.stderr());
    }

    /**
     * Waits until sshd answers with its banner at {@code <private-ip>:22}, as a client would see it.
     *
     * @return true if it did within {@code timeout}
     */
    public boolean awaitSsh(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(privateIp(), 22), 1000);
                s.setSoTimeout(2000 + (latency == null ? 0 : (int) latency.toMillis()));
                byte[] b = new byte[4];
                int n = s.getInputStream().readNBytes(b, 0, 4);
                if (n == 4 && new String(b, StandardCharsets.US_ASCII).equals("SSH-")) {
                    return true;
                }
            } catch (IOException e) {
                // not yet
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        } while (System.nanoTime() < deadline);
        return false;
    }

    @Override
    public String toString() {
        return "Host[" + instanceId() + " " + privateIp() + " " + state + "]";
    }

    // ---------------------------------------------------------------- internals

    private void requireCreated() {
        if (!created || state == State.DESTROYED) {
            throw new IllegalStateException("host " + instanceId() + " has no network (not booted or terminated)");
        }
    }

    private void createNetwork() {
        try {
            batch(List.of("ip", "-batch", "-"), "netns add " + namespace + "\n"
                    + "link add " + veth + " type veth peer name eth0 netns " + namespace + "\n"
                    + "link set " + veth + " master " + bridge.name() + " up\n");
            batch(List.of("ip", "-n", namespace, "-batch", "-"),
                    "addr add " + privateIp() + "/" + bridge.prefixLength() + " dev eth0\n"
                    + "link set eth0 up\nlink set lo up\n");
            firewall();
        } catch (RuntimeException e) {
            Sh.run("ip", "netns", "del", namespace);
            Sh.run("ip", "link", "del", veth);
            throw e;
        }
    }

    /**
     * The host's own iptables (inside its namespace, gone with it): a chain for packet loss on eth0 in both
     * directions, and, if gateway ports are given, an egress filter that lets new connections to the bridge address
     * reach only those ports (the LocalCloud's services), so hosts reach the services and each other, nothing else.
     */
    private void firewall() {
        batch(List.of("ip", "netns", "exec", namespace, "iptables-restore", "-w"),
                HostScripts.firewallRules(bridge.gatewayIp(), gatewayPorts, LOSS_CHAIN, EGRESS_CHAIN));
    }

    /** Runs a command with {@code input} on its stdin; throws with its stderr if it fails. */
    private void batch(List<String> command, String input) {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "printf '%s' \"$0\" | \"$@\"", input));
        cmd.addAll(command);
        Processes.Result r = Processes.run(cmd, Map.of(), Duration.ofSeconds(30));
        if (!r.ok()) {
            throw new IllegalStateException("host " + instanceId() + ": " + String.join(" ", command) + " failed: "
                    + r.stderr().strip());
        }
    }

    /**
     * The host's disk. {@code /etc} is an overlay whose lower layer is the machine's {@code /etc} (like an AMI) and
     * whose upper layer ({@code etc-upper}) holds the host's own changes; the other paths are plain directories.
     * Run directories whose path would break overlay options get a full copy of {@code /etc} instead.
     */
    private void createDisk() throws IOException {
        ProcessIo.deleteTree(dir);
        Files.createDirectories(dir);
        for (String m : MOUNTS) {
            Files.createDirectories(dir.resolve(m.substring(0, m.indexOf(':'))));
        }
        if (overlayEtc()) {
            Files.createDirectories(dir.resolve("etc-upper"));
            Files.createDirectories(dir.resolve("etc-work"));
        } else {
            Sh.check("cp", "-a", "/etc", dir.resolve("etc").toString());
        }
        Files.createDirectories(dir.resolve("run/sshd"));
        Sh.check("chmod", "1777", dir.resolve("tmp").toString(), dir.resolve("var-tmp").toString());
        Sh.check("chmod", "0700", dir.resolve("root").toString());
        Sh.check("chmod", "0755", dir.resolve("run").toString(), dir.resolve("run/sshd").toString(),
                dir.resolve("home").toString(), dir.resolve("opt").toString());
    }

    private boolean overlayEtc() {
        return !dir.toString().matches(".*[,:\\\\\\s'].*");
    }

    private void startHolder() throws IOException {
        String script = HostScripts.holderScript(dir, MOUNTS, overlayEtc(), spec.hostname());
        ProcessBuilder pb = new ProcessBuilder("ip", "netns", "exec", namespace, "unshare", "--mount", "--uts",
                "--pid", "--fork", "--mount-proc", "--propagation", "private", "--", "sh", "-c", script);
        pb.redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        holder = pb.start();
        String line = ProcessIo.readLine(holder.getInputStream(), Duration.ofSeconds(30));
        if (!"ready".equals(line)) {
            holder.destroyForcibly();
            throw new IllegalStateException("host " + instanceId() + ": namespace holder failed: " + line);
        }
        initPid = holder.toHandle().children().findFirst().map(ProcessHandle::pid).orElseThrow(
                () -> new IllegalStateException("host " + instanceId() + ": no init process under the namespace holder"));
    }

    private void provision() {
        String script = HostScripts.provisionScript(spec, SSHD_CONFIG, SSHD_LOOPBACK_PORT);
        Processes.Result r = Processes.run(List.of(Sh.inside(initPid, "sh", "-c", script)), Map.of(),
                Duration.ofSeconds(60));
        if (!r.ok()) {
            throw new IllegalStateException("host " + instanceId() + ": provisioning failed: " + r.stderr().strip());
        }
    }

    private void startSshd() throws IOException {
        Path log = dir.resolve("sshd.log");
        Files.deleteIfExists(log);
        ProcessBuilder pb = new ProcessBuilder(Sh.inside(initPid, "/usr/sbin/sshd", "-D", "-e", "-f",
                SSHD_CONFIG));
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        sshd = pb.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            if (text.contains("port 22.")) {
                return;
            }
            if (!sshd.isAlive()) {
                throw new IllegalStateException("host " + instanceId() + ": sshd exited: " + text.strip());
            }
            ProcessIo.sleep(20);
        }
        throw new IllegalStateException("host " + instanceId() + ": sshd did not listen within 30 s");
    }

    private void startProxy() {
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        String source;
        try (InputStream in = Host.class.getResourceAsStream("delay_proxy.py")) {
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("testkit resource delay_proxy.py missing", e);
        }
        long oneWay = Math.max(1, latency.toMillis() / 2);
        ProcessBuilder pb = new ProcessBuilder(Sh.inside(initPid, python, "-u", "-c", source,
                Integer.toString(PROXY_PORT), Integer.toString(SSHD_LOOPBACK_PORT), Long.toString(oneWay)));
        pb.redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            proxy = pb.start();
            String line = ProcessIo.readLine(proxy.getInputStream(), Duration.ofSeconds(20));
            if (line == null || !line.startsWith("delay proxy listening")) {
                killTree(proxy);
                throw new IllegalStateException("host " + instanceId() + ": delay proxy failed: " + line);
            }
            // keep draining so the proxy never blocks on a full pipe
            InputStream out = proxy.getInputStream();
            ProcessIo.daemon("dsec2-delay-proxy-out", () -> {
                try {
                    out.transferTo(java.io.OutputStream.nullOutputStream());
                } catch (IOException ignored) {
                    // proxy ended
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the delay proxy", e);
        }
    }

    private void stopProxy() {
        if (proxy != null) {
            killTree(proxy);
            proxy = null;
        }
    }

    /** Kills every process in the host's namespace (SIGKILL) and waits until none is left (at most 10 s). */
    private void killAll() {
        if (initPid > 0) {
            // SIGKILL to the host's PID 1 makes the kernel kill its whole PID namespace; the nsenter processes (in the
            // host's network namespace, but outside its PID namespace) then reap their children and exit by themselves,
            // so nothing is left as a zombie re-parented to the machine's init
            ProcessHandle.of(initPid).ifPresent(ProcessHandle::destroyForcibly);
            long settle = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (created && !namespacePids().isEmpty() && System.nanoTime() < settle) {
                ProcessIo.sleep(50);
            }
            initPid = 0;
        }
        if (created) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (true) {
                List<Long> pids = namespacePids();
                if (pids.isEmpty() || System.nanoTime() > deadline) {
                    if (!pids.isEmpty()) {
                        LOG.warn("host {}: processes {} survived SIGKILL", instanceId(), pids);
                    }
                    break;
                }
                for (long p : pids) {
                    ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly);
                }
                ProcessIo.sleep(50);
            }
        }
        for (Process p : new Process[] {proxy, sshd, holder}) {
            if (p != null) {
                killTree(p);
            }
        }
        proxy = null;
        sshd = null;
        holder = null;
    }

    /** Kills a process started through nsenter and what it forked into the host (nsenter forks for --pid). */
    private static void killTree(Process p) {
        p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        try {
            if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        ProcessIo.waitFor(p);
    }

    private List<Long> namespacePids() {
        Processes.Result r = Sh.run("ip", "netns", "pids", namespace);
        List<Long> l = new ArrayList<>();
        if (r.ok()) {
            for (String s : r.stdout().split("\\s+")) {
                if (!s.isBlank()) {
                    l.add(Long.parseLong(s.strip()));
                }
            }
        }
        return l;
    }
}
