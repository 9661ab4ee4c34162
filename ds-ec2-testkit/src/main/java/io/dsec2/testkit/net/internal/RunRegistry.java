package io.dsec2.testkit.net.internal;

import io.dsec2.testkit.net.RunId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records which process owns which LocalCloud run, so that the leftovers of a crashed run (namespaces, links,
 * processes, run dir) can be recognised and removed by the next run without touching a run that is still alive.
 *
 * <p>One file per run in {@code /run/dsec2} (or {@code <java.io.tmpdir>/dsec2-runs} if /run is not writable):
 * {@code <run id>.owner} with lines {@code owner <pid> <start epoch ms>}, {@code dir <run dir>} and
 * {@code child <pid> <start epoch ms>} for every service process the run started. Names are matched only by the
 * exact prefixes of {@link RunId}; a run counts as stale when its owner process (same pid and start time) is gone.
 *
 * <p>Thread-safe.
 */
public final class RunRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(RunRegistry.class);
    private static final Pattern NS = Pattern.compile("^" + RunId.PREFIX + "-([0-9a-f]{4})-[0-9-]+$");
    private static final Pattern LINK = Pattern.compile("^" + RunId.PREFIX + "(?:b-|v)([0-9a-f]{4})[0-9a-f]*$");
    private static final Pattern DIR = Pattern.compile("^" + RunId.PREFIX + "-([0-9a-f]{4})$");

    private RunRegistry() {
    }

    /** @return the registry directory */
    public static Path directory() {
        Path run = Path.of("/run");
        if (Files.isDirectory(run) && Files.isWritable(run)) {
            return run.resolve(RunId.PREFIX);
        }
        return Path.of(System.getProperty("java.io.tmpdir"), RunId.PREFIX + "-runs");
    }

    /**
     * @return the run's runtime directory, {@code <registry directory>/dsec2-<id>} (for example
     *         {@code /run/dsec2/dsec2-1a2b}): a short path for Unix sockets and other path-length-limited
     *         things, removed with the run and with a dead run's leftovers
     */
    public static Path runtimeDir(RunId runId) {
        return directory().resolve(runId.dirName());
    }

    /** Registers the current process as the owner of {@code runId}, whose files live in {@code runDir}. */
    public static synchronized void register(RunId runId, Path runDir) {
        write(runId, "owner " + self() + "\ndir " + runDir.toAbsolutePath() + "\n", false);
    }

    /** Records the current process's direct children (services started by the run) as belonging to it. */
    public static synchronized void recordChildren(RunId runId) {
        StringBuilder sb = new StringBuilder();
        Set<String> known = new HashSet<>(read(runId));
        ProcessHandle.current().children().forEach(p -> {
            String line = "child " + p.pid() + " " + p.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
            if (!known.contains(line)) {
                sb.append(line).append('\n');
            }
        });
        write(runId, sb.toString(), true);
    }

    /** Removes the run's registration (after its own clean teardown). */
    public static synchronized void unregister(RunId runId) {
        try {
            Files.deleteIfExists(file(runId));
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", file(runId), e.toString());
        }
    }

    /** @return true if the run's owner process still lives */
    public static boolean alive(RunId runId) {
        for (String l : read(runId)) {
            if (l.startsWith("owner ")) {
                String[] p = l.split(" ");
                return matches(Long.parseLong(p[1]), Long.parseLong(p[2]));
            }
        }
        return false;
    }

    /**
     * Removes everything of dead runs: their processes (recorded children and every process inside their
     * namespaces), namespaces, links, run dirs (the recorded one and {@code dsec2-<id>} under {@code baseDir}) and
     * registrations. Live runs are left alone.
     *
     * @param baseDir the directory holding run dirs, or null
     * @return the ids of the runs cleaned
     */
    public static synchronized List<RunId> cleanStale(Path baseDir) {
        Set<String> ids = new HashSet<>();
        String netns = Sh.run("ip", "netns", "list").stdout();
        List<String> namespaces = new ArrayList<>();
        for (String line : netns.split("\n")) {
            String name = line.strip().split(" ")[0];
            Matcher m = NS.matcher(name);
            if (m.matches()) {
                namespaces.add(name);
                ids.add(m.group(1));
            }
        }
        List<String> links = new ArrayList<>();
        for (String line : Sh.run("ip", "-o", "link", "show").stdout().split("\n")) {
            String[] f = line.split(":\\s+");
            if (f.length < 2) {
                continue;
            }
            String name = f[1].split("@")[0].strip();
            Matcher m = LINK.matcher(name);
            if (m.matches()) {
                links.add(name);
                ids.add(m.group(1));
            }
        }
        try (Stream<Path> s = Files.isDirectory(directory()) ? Files.list(directory()) : Stream.empty()) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9a-f]{4}\\.owner"))
                    .forEach(n -> ids.add(n.substring(0, 4)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Path> dirs = new ArrayList<>();
        if (baseDir != null && Files.isDirectory(baseDir)) {
            try (Stream<Path> s = Files.list(baseDir)) {
                s.forEach(p -> {
                    Matcher m = DIR.matcher(p.getFileName().toString());
                    if (m.matches()) {
                        dirs.add(p);
                        ids.add(m.group(1));
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<RunId> cleaned = new ArrayList<>();
        for (String id : ids) {
            RunId run = new RunId(id);
            if (alive(run)) {
                continue;
            }
            LOG.warn("removing leftovers of dead LocalCloud run {}", id);
            List<String> reg = read(run);
            for (String l : reg) {
                if (l.startsWith("child ")) {
                    String[] p = l.split(" ");
                    long pid = Long.parseLong(p[1]);
                    if (matches(pid, Long.parseLong(p[2]))) {
                        ProcessHandle.of(pid).ifPresent(h -> {
                            List<ProcessHandle> tree = new ArrayList<>(h.descendants().toList());
                            tree.add(h);
                            tree.forEach(ProcessHandle::destroyForcibly);
                            awaitGone(tree);
                        });
                    }
                }
            }
            for (String ns : namespaces) {
                if (ns.startsWith(run.dirName() + "-")) {
                    List<ProcessHandle> killed = new ArrayList<>();
                    for (String pid : Sh.run("ip", "netns", "pids", ns).stdout().split("\\s+")) {
                        if (!pid.isBlank()) {
                            ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(h -> {
                                h.destroyForcibly();
                                killed.add(h);
                            });
                        }
                    }
                    awaitGone(killed);
                    Sh.run("ip", "netns", "del", ns);
                }
            }
            for (String link : links) {
                Matcher m = LINK.matcher(link);
                if (m.matches() && m.group(1).equals(id)) {
                    Sh.run("ip", "link", "del", link);
                }
            }
            for (String l : reg) {
                if (l.startsWith("dir ")) {
                    removeRunDir(Path.of(l.substring(4)), run);
                }
            }
            for (Path d : dirs) {
                if (d.getFileName().toString().equals(run.dirName())) {
                    removeRunDir(d, run);
                }
            }
            Sh.run("rm", "-rf", "--one-file-system", run.socketDir().toString());
            removeRunDir(runtimeDir(run), run);
            unregister(run);
            cleaned.add(run);
        }
        return cleaned;
    }

    /** SIGKILL is asynchronous: waits (at most 10 s) until the killed processes are really gone. */
    private static void awaitGone(List<ProcessHandle> killed) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        for (ProcessHandle h : killed) {
            while (h.isAlive() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void removeRunDir(Path d, RunId run) {
        if (d.getFileName() != null && d.getFileName().toString().equals(run.dirName())) {
            Sh.run("rm", "-rf", "--one-file-system", d.toString());
        }
    }

    private static String self() {
        ProcessHandle me = ProcessHandle.current();
        return me.pid() + " " + me.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    private static boolean matches(long pid, long startMs) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        return h.isPresent() && h.get().isAlive()
                && h.get().info().startInstant().map(Instant::toEpochMilli).orElse(0L) == startMs;
    }

    private static Path file(RunId runId) {
        return directory().resolve(runId.value() + ".owner");
    }

    private static List<String> read(RunId runId) {
        try {
            return Files.exists(file(runId)) ? Files.readAllLines(file(runId), StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void write(RunId runId, String text, boolean append) {
        try {
            Files.createDirectories(directory());
            Path f = file(runId);
            if (append) {
                Files.writeString(f, text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
            } else {
                Files.writeString(f, text, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the LocalCloud run registry " + directory(), e);
        }
    }
}
