package io.dsec2.ssh;

import io.dsec2.spi.RemoteHost;
import io.dsec2.spi.UploadRequest;
import io.dsec2.spi.UploadResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Upload throughput benchmark, not a test: starts a local OpenSSH sshd like the tests do ({@link TestSshd}),
 * writes a file of random data and uploads it with {@link SshjRemoteExecutor#upload}, with OpenSSH {@code scp}
 * (SFTP protocol, the default since OpenSSH 9.0), {@code scp -O} (legacy protocol) and {@code ssh host 'cat > f'},
 * several times each, and prints MB/s (1 MB = 10^6 bytes). The sshj figure is given twice: for the whole upload
 * (transfer, remote sha256sum and placement, what {@link UploadResult#duration()} measures) and for the transfer
 * alone (until the last progress callback), which is what scp does.
 *
 * <p>Run it (from the repository root, after {@code mvn -pl ds-ec2-ssh -am test-compile}) with
 * {@code scripts/bench-upload.sh [sizeMB] [runs]}; it needs the same tools as the tests (sshd, ssh, scp,
 * ssh-keygen) and root (sshd on a high port, login as root).
 */
public final class UploadThroughputBench {
    private UploadThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        long sizeMb = args.length > 0 ? Long.parseLong(args[0]) : 800;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        String only = args.length > 2 ? args[2] : "sshj,scp,scp-O,ssh-cat";
        Path dir = Files.createTempDirectory("ds-ec2-upload-bench");
        try {
            run(dir, sizeMb * 1_000_000L, runs, List.of(only.split(",")));
        } finally {
            deleteTree(dir);
        }
    }

    private static void run(Path dir, long size, int runs, List<String> methods) throws Exception {
        Path key = TestSshd.generateClientKey(dir);
        Path src = dir.resolve("payload.bin");
        writeRandom(src, size);
        Path remoteDir = Files.createDirectories(dir.resolve("remote"));
        Map<String, List<Double>> results = new LinkedHashMap<>();
        try (TestSshd sshd = TestSshd.start(dir.resolve("sshd"), key, TestSshd.freePort(), "");
                SshjRemoteExecutor ssh = SshjRemoteExecutor.builder().privateKeyFile(key)
                        .knownHostsFile(dir.resolve("known_hosts")).build()) {
            RemoteHost host = sshd.host("bench", true);
            ssh.awaitReachable(host, java.time.Duration.ofSeconds(30));
            System.out.printf("file: %d bytes of random data; sshd: %s on port %d%n", size, TestSshd.SSHD,
                    sshd.port());
            System.out.println("OpenSSH negotiates: " + negotiated(key, sshd.port()));
            for (int i = 1; i <= runs; i++) {
                for (String m : methods) {
                    Path target = remoteDir.resolve(m + "-" + i + ".bin");
                    switch (m) {
                        case "sshj" -> {
                            AtomicLong transferEnd = new AtomicLong();
                            long cpu0 = cpuNanos();
                            long t0 = System.nanoTime();
                            UploadResult r = ssh.upload(UploadRequest.builder().host(host).localFile(src)
                                    .remotePath(target.toString()).mode(0644).progressListener((sent, total) -> {
                                        if (sent == total) {
                                            transferEnd.set(System.nanoTime());
                                        }
                                    }).build());
                            long t1 = System.nanoTime();
                            record(results, "sshj transfer", i, size, transferEnd.get() - t0);
                            record(results, "sshj upload (+verify, place)", i, size, t1 - t0);
                            recordCpu(results, "sshj client CPU", i, size, cpuNanos() - cpu0);
                            if (r.bytes() != size) {
                                throw new AssertionError("sshj uploaded " + r.bytes() + " bytes");
                            }
                        }
                        case "scp" -> tool(results, "scp (sftp protocol)", i, size,
                                ssh(key, sshd.port(), "scp", "-q", "-P", src.toString(), "root@127.0.0.1:" + target),
                                null);
                        case "scp-O" -> tool(results, "scp -O (legacy protocol)", i, size,
                                ssh(key, sshd.port(), "scp", "-q", "-O", "-P", src.toString(),
                                        "root@127.0.0.1:" + target), null);
                        case "ssh-cat" -> tool(results, "ssh 'cat > f'", i, size,
                                ssh(key, sshd.port(), "ssh", "-p", "root@127.0.0.1", "cat > " + target), src);
                        default -> throw new IllegalArgumentException("unknown method " + m);
                    }
                    if (Files.size(target) != size) {
                        throw new AssertionError(m + " left " + Files.size(target) + " bytes");
                    }
                    Files.delete(target);
                }
            }
        }
        System.out.println();
        System.out.printf("%-30s %s%n", "method", "MB/s per run (min..max)");
        results.forEach((m, v) -> System.out.printf("%-30s %s  (%.0f..%.0f)%n", m,
                v.stream().map(x -> String.format("%.0f", x)).toList(),
                v.stream().mapToDouble(d -> d).min().orElse(0), v.stream().mapToDouble(d -> d).max().orElse(0)));
    }

    /** Runs an OpenSSH client under bash and records its wall time and its CPU time (bash's {@code times}). */
    private static void tool(Map<String, List<Double>> results, String method, int run, long size, List<String> cmd,
            Path stdin) throws IOException, InterruptedException {
        List<String> wrapped = new ArrayList<>(List.of("bash", "-c", "\"$@\" || exit; times >&3", "bash"));
        wrapped.addAll(cmd);
        Path times = Files.createTempFile("bench-times", ".txt");
        try {
            long nanos = time(List.of("bash", "-c", "exec 3>\"$0\"; \"$@\"", times.toString()), wrapped, stdin);
            record(results, method, run, size, nanos);
            // second line of `times`: children's user and system time, e.g. "0m1.234s 0m0.567s"
            String[] children = Files.readAllLines(times).get(1).trim().split("\\s+");
            recordCpu(results, method + " client CPU", run, size,
                    bashSeconds(children[0]) + bashSeconds(children[1]));
        } finally {
            Files.deleteIfExists(times);
        }
    }

    private static long bashSeconds(String t) {
        int m = t.indexOf('m');
        return (long) ((Long.parseLong(t.substring(0, m)) * 60 + Double.parseDouble(t.substring(m + 1, t.length() - 1)))
                * 1e9);
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Records client CPU time as the MB/s one fully used core would reach. */
    private static void recordCpu(Map<String, List<Double>> results, String method, int run, long size, long nanos) {
        double mbs = size / 1e6 / (nanos / 1e9);
        System.out.printf("run %d %-30s %7.1f MB per CPU-second (%.2f s CPU)%n", run, method, mbs, nanos / 1e9);
        results.computeIfAbsent(method + " (MB/CPU-s)", k -> new ArrayList<>()).add(mbs);
    }

    private static void record(Map<String, List<Double>> results, String method, int run, long size, long nanos) {
        double mbs = size / 1e6 / (nanos / 1e9);
        System.out.printf("run %d %-30s %7.1f MB/s (%.2f s)%n", run, method, mbs, nanos / 1e9);
        results.computeIfAbsent(method, k -> new ArrayList<>()).add(mbs);
    }

    /** ssh/scp with the bench key, no known_hosts, port flag last so the caller appends the port after it. */
    private static List<String> ssh(Path key, int port, String tool, String... rest) {
        List<String> cmd = new ArrayList<>(List.of(tool, "-i", key.toString(), "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR"));
        for (String r : rest) {
            cmd.add(r);
            if (r.equals("-P") || r.equals("-p")) {
                cmd.add(Integer.toString(port));
            }
        }
        return cmd;
    }

    private static String negotiated(Path key, int port) throws IOException, InterruptedException {
        List<String> cmd = ssh(key, port, "ssh", "-v", "-p", "root@127.0.0.1", "true");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.lines().filter(l -> l.contains("kex: client->server cipher")).findFirst()
                .map(l -> l.substring(l.indexOf("cipher:"))).orElse("?");
    }

    private static long time(List<String> prefix, List<String> cmd, Path stdin)
            throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(cmd);
        ProcessBuilder pb = new ProcessBuilder(all).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT);
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (stdin == null) {
            p.getOutputStream().close();
        }
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError("failed: " + cmd);
        }
        return System.nanoTime() - t0;
    }

    private static void writeRandom(Path file, long size) throws IOException {
        SplittableRandom rnd = new SplittableRandom(42);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= buf.length) {
                for (int i = 0; i < buf.length; i += 8) {
                    long v = rnd.nextLong();
                    for (int j = 0; j < 8; j++) {
                        buf[i + j] = (byte) (v >>> (8 * j));
                    }
                }
                out.write(buf, 0, (int) Math.min(buf.length, left));
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
