package io.dsec2.testkit;

import io.dsec2.testkit.internal.ProjectPaths;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The launcher behind {@code scripts/localcloud}: runs a {@link LocalCloud} as a background process.
 *
 * <pre>
 * localcloud up [--no-services] [--package-padding-bytes N] [--base-dir DIR]
 *                   start it detached, wait until ready, print the endpoints JSON (exit 0); if one runs, print it
 * localcloud status print the endpoints JSON if it runs (exit 0), else say so on stderr (exit 1)
 * localcloud down   stop it (SIGTERM; it tears everything down), wait, remove the state dir (exit 0)
 * </pre>
 *
 * State lives in {@code <project root>/.localcloud/} (override with {@code -Dds-ec2.localcloud.state-dir}):
 * {@code localcloud.pid}, {@code localcloud.json} (the endpoints), {@code localcloud.log}, and the run directory
 * under {@code runs/} (host disks, the key pair's private key file, service data). Other files there (such as a
 * copy of the endpoints a script redirected to {@code .localcloud/endpoints.json}) are left alone.
 */
public final class LocalCloudMain {
    private static final long UP_TIMEOUT_MS = 300_000;
    private static final long DOWN_TIMEOUT_MS = 180_000;

    private LocalCloudMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        if (args.length == 0) {
            err.println("usage: localcloud up|status|down [options]");
            System.exit(2);
        }
        Path state = stateDir();
        List<String> rest = List.of(args).subList(1, args.length);
        int rc = switch (args[0]) {
            case "up" -> up(state, rest, out, err);
            case "status" -> status(state, out, err);
            case "down" -> down(state, out, err);
            case "run" -> run(state, rest);
            default -> {
                err.println("unknown command " + args[0] + "; usage: localcloud up|status|down");
                yield 2;
            }
        };
        System.exit(rc);
    }

    static Path stateDir() {
        String p = System.getProperty("ds-ec2.localcloud.state-dir");
        return p != null && !p.isBlank() ? Path.of(p).toAbsolutePath() : ProjectPaths.root().resolve(".localcloud");
    }

    private static int up(Path state, List<String> opts, PrintStream out, PrintStream err) throws Exception {
        Optional<ProcessHandle> running = runningProcess(state);
        if (running.isPresent() && Files.exists(state.resolve("localcloud.json"))) {
            err.println("localcloud already running (pid " + running.get().pid() + ")");
            out.print(Files.readString(state.resolve("localcloud.json")));
            return 0;
        }
        if (running.isPresent()) {
            err.println("localcloud is starting or stuck (pid " + running.get().pid() + "); run 'localcloud down' first");
            return 1;
        }
        deleteState(state);
        Files.createDirectories(state);
        List<String> cmd = new ArrayList<>();
        cmd.add("setsid");
        cmd.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("-Dds-ec2.project.root=" + ProjectPaths.root());
        cmd.add("-Dds-ec2.localcloud.state-dir=" + state);
        cmd.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        cmd.add(LocalCloudMain.class.getName());
        cmd.add("run");
        cmd.addAll(opts);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectErrorStream(true);
        pb.redirectOutput(state.resolve("localcloud.log").toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        long deadline = System.currentTimeMillis() + UP_TIMEOUT_MS;
        Path endpoints = state.resolve("localcloud.json");
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(endpoints)) {
                out.print(Files.readString(endpoints));
                return 0;
            }
            if (!p.isAlive()) {
                err.println("localcloud failed to start (exit " + p.exitValue() + "); log: "
                        + state.resolve("localcloud.log") + "\n" + tail(state.resolve("localcloud.log"), 30));
                return 1;
            }
            Thread.sleep(200);
        }
        err.println("localcloud not ready within " + UP_TIMEOUT_MS / 1000 + " s; stopping it. log: "
                + state.resolve("localcloud.log"));
        p.destroy();
        return 1;
    }

    private static int status(Path state, PrintStream out, PrintStream err) throws IOException {
        Optional<ProcessHandle> running = runningProcess(state);
        Path endpoints = state.resolve("localcloud.json");
        if (running.isEmpty()) {
            err.println("localcloud is not running");
            return 1;
        }
        if (!Files.exists(endpoints)) {
            err.println("localcloud is starting (pid " + running.get().pid() + ")");
            return 1;
        }
        out.print(Files.readString(endpoints));
        return 0;
    }

    private static int down(Path state, PrintStream out, PrintStream err) throws Exception {
        Optional<ProcessHandle> running = runningProcess(state);
        if (running.isPresent()) {
            ProcessHandle h = running.get();
            h.destroy(); // SIGTERM: the shutdown hook tears the LocalCloud down
            long deadline = System.currentTimeMillis() + DOWN_TIMEOUT_MS;
            while (h.isAlive() && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            if (h.isAlive()) {
                err.println("localcloud (pid " + h.pid() + ") did not stop within " + DOWN_TIMEOUT_MS / 1000
                        + " s; killing it (the next 'up' removes its leftovers)");
                h.destroyForcibly();
            }
            out.println("localcloud stopped");
        } else {
            err.println("localcloud was not running");
        }
        deleteState(state);
        return 0;
    }

    /** The detached process: start, publish endpoints, wait for SIGTERM (the shutdown hook closes the cloud). */
    private static int run(Path state, List<String> opts) throws Exception {
        LocalCloudOptions.Builder b = LocalCloudOptions.builder().baseDir(state.resolve("runs"));
        for (int i = 0; i < opts.size(); i++) {
            switch (opts.get(i)) {
                case "--no-services" -> b.services(false);
                case "--package-padding-bytes" -> b.packagePaddingBytes(Long.parseLong(opts.get(++i)));
                case "--base-dir" -> b.baseDir(Path.of(opts.get(++i)));
                default -> throw new IllegalArgumentException("unknown option " + opts.get(i));
            }
        }
        Files.createDirectories(state);
        Files.writeString(state.resolve("localcloud.pid"), ProcessHandle.current().pid() + " "
                + ProcessHandle.current().info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L) + "\n");
        long t0 = System.nanoTime();
        LocalCloud cloud = LocalCloud.start(b.build());
        Path tmp = state.resolve("localcloud.json.tmp");
        Files.writeString(tmp, cloud.endpoints().toJson(), StandardCharsets.UTF_8);
        Files.move(tmp, state.resolve("localcloud.json"), StandardCopyOption.ATOMIC_MOVE);
        System.out.println("localcloud ready in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        new CountDownLatch(1).await();
        return 0;
    }

    /** The launcher process recorded in the state dir, if it still lives (same pid and start time). */
    private static Optional<ProcessHandle> runningProcess(Path state) throws IOException {
        Path pidFile = state.resolve("localcloud.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        String[] f = Files.readString(pidFile).strip().split(" ");
        if (f.length != 2) {
            return Optional.empty();
        }
        long start = Long.parseLong(f[1]);
        return ProcessHandle.of(Long.parseLong(f[0])).filter(ProcessHandle::isAlive)
                .filter(h -> h.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(-1L) == start);
    }

    private static void deleteState(Path state) throws IOException {
        for (String f : List.of("localcloud.pid", "localcloud.json", "localcloud.json.tmp", "localcloud.log")) {
            Files.deleteIfExists(state.resolve(f));
        }
        Path runs = state.resolve("runs");
        if (Files.isDirectory(runs)) {
            try (var s = Files.list(runs)) {
                if (s.findAny().isEmpty()) {
                    Files.delete(runs);
                }
            }
        }
        if (Files.isDirectory(state)) {
            try (var s = Files.list(state)) {
                if (s.findAny().isEmpty()) {
                    Files.delete(state);
                }
            }
        }
    }

    private static String tail(Path log, int lines) {
        try {
            List<String> l = Files.readAllLines(log);
            return String.join("\n", l.subList(Math.max(0, l.size() - lines), l.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
