package io.dsec2.testkit.standin;

import io.dsec2.testkit.internal.Processes;
import io.dsec2.testkit.standin.server.MasterNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the DolphinScheduler 3.2.0 stand-in distribution {@code apache-dolphinscheduler-3.2.0-bin.tar.gz} with the
 * real layout (as assembled by
 * https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-dist/src/main/assembly/dolphinscheduler-bin.xml:
 * {@code bin/} scripts and {@code bin/env/}, {@code master-server/},
 * {@code worker-server/}, {@code api-server/} with {@code ui/}, {@code alert-server/}, {@code tools/} with
 * {@code sql/sql/}, a {@code standalone-server/} skeleton, {@code LICENSE}, {@code NOTICE}, {@code licenses/}),
 * and {@code <tarball>.sha512} in {@code sha512sum} format. Server {@code libs/} hold the stand-in jar (main classes
 * with the real names, see STANDIN.md) and the third-party jars it needs (ZooKeeper, snakeyaml-engine, SLF4J, and the
 * PostgreSQL JDBC driver, which 3.2.0 also ships in every server's libs) but not the MySQL driver, as in 3.2.0.
 *
 * <p>Builds are cached by content: a build whose inputs (resources, classes, padding) match an existing tarball in
 * {@code outDir} returns it without rebuilding. Thread-safe (builds of one output directory are serialised).
 */
public final class StandInDistribution {
    /** The tarball's file name. */
    public static final String TARBALL = "apache-dolphinscheduler-3.2.0-bin.tar.gz";
    /** The top-level folder inside the tarball. */
    public static final String TOP = "apache-dolphinscheduler-3.2.0-bin";

    private static final Logger LOG = LoggerFactory.getLogger(StandInDistribution.class);
    private static final String RES = "/io/dsec2/testkit/standin/dist/";
    private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();
    private static final String[] BIN = {"dolphinscheduler-daemon.sh", "install.sh", "scp-hosts.sh", "start-all.sh",
        "stop-all.sh", "status-all.sh", "remove-zk-node.sh"};

    private StandInDistribution() {
    }

    private record Server(String dir, String yaml, String jvm, String mainClass, String jar, String log) {
    }

    private static final List<Server> SERVERS = List.of(
            new Server("master-server", "master", "big", "org.apache.dolphinscheduler.server.master.MasterServer",
                    "dolphinscheduler-master-3.2.0.jar", "master"),
            new Server("worker-server", "worker", "big", "org.apache.dolphinscheduler.server.worker.WorkerServer",
                    "dolphinscheduler-worker-3.2.0.jar", "worker"),
            new Server("api-server", "api", "small", "org.apache.dolphinscheduler.api.ApiApplicationServer",
                    "dolphinscheduler-api-3.2.0.jar", "api"),
            new Server("alert-server", "alert", "small", "org.apache.dolphinscheduler.alert.AlertServer",
                    "dolphinscheduler-alert-server-3.2.0.jar", "alert"));

    /**
     * Builds (or reuses) the distribution.
     *
     * @param outDir directory for the tarball and its {@code .sha512} (created if missing)
     * @param paddingBytes incompressible bytes added as {@code licenses/standin-padding.bin} so the tarball is
     *     about this much bigger (the unpadded tarball is a few MB); 0 for none. For the real 3.2.0 size, pass
     *     about 860 MB.
     * @return the tarball's path
     * @throws IllegalStateException if the stand-in classes or third-party jars cannot be found, or tar fails
     */
    public static Path build(Path outDir, long paddingBytes) {
        if (paddingBytes < 0) {
            throw new IllegalArgumentException("paddingBytes must be >= 0");
        }
        Path out = outDir.toAbsolutePath().normalize();
        synchronized (LOCKS.computeIfAbsent(out, k -> new Object())) {
            try {
                return doBuild(out, paddingBytes);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot build the stand-in distribution in " + out, e);
            }
        }
    }

    private static Path doBuild(Path out, long paddingBytes) throws IOException {
        Files.createDirectories(out);
        Map<String, byte[]> files = new LinkedHashMap<>();
        Map<String, Boolean> exec = new LinkedHashMap<>();
        layout(files, exec);
        byte[] serverJar = standInJar(false);
        byte[] toolsJar = standInJar(true);
        Map<String, Path> thirdParty = thirdPartyJars();
        MessageDigest key = sha("SHA-256");
        files.forEach((k, v) -> {
            key.update(k.getBytes(StandardCharsets.UTF_8));
            key.update(v);
        });
        key.update(serverJar);
        key.update(toolsJar);
        for (Map.Entry<String, Path> e : thirdParty.entrySet()) {
            key.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            key.update(Long.toString(Files.size(e.getValue())).getBytes(StandardCharsets.UTF_8));
        }
        key.update(Long.toString(paddingBytes).getBytes(StandardCharsets.UTF_8));
        String keyHex = HexFormat.of().formatHex(key.digest());
        Path tarball = out.resolve(TARBALL);
        Path sha = out.resolve(TARBALL + ".sha512");
        Path keyFile = out.resolve("." + TARBALL + ".key");
        if (Files.exists(tarball) && Files.exists(sha) && Files.exists(keyFile)
                && Files.readString(keyFile).equals(keyHex)) {
            return tarball;
        }
        long t0 = System.nanoTime();
        Path stage = Files.createTempDirectory(out, ".standin-stage-");
        try {
            Path top = stage.resolve(TOP);
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                Path f = top.resolve(e.getKey());
                Files.createDirectories(f.getParent());
                Files.write(f, e.getValue());
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(
                        exec.getOrDefault(e.getKey(), false) ? "rwxr-xr-x" : "rw-r--r--"));
            }
            for (Server s : SERVERS) {
                Path libs = top.resolve(s.dir() + "/libs");
                Files.createDirectories(libs);
                Files.write(libs.resolve(s.jar()), serverJar);
                for (Map.Entry<String, Path> e : thirdParty.entrySet()) {
                    Files.copy(e.getValue(), libs.resolve(e.getKey()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.createDirectories(top.resolve("tools/libs"));
            Files.write(top.resolve("tools/libs/dolphinscheduler-tools-3.2.0.jar"), toolsJar);
            Files.createDirectories(top.resolve("standalone-server/libs/standalone-server"));
            if (paddingBytes > 0) {
                writePadding(top.resolve("licenses/standin-padding.bin"), paddingBytes);
            }
            Path tmp = Files.createTempFile(out, "." + TARBALL + "-", ".tmp");
            Processes.run(List.of("tar", "-C", stage.toString(), "--owner=0", "--group=0", "--numeric-owner",
                    "--sort=name", "--mtime=@1696982400", "-I", "gzip -1 -n", "-cf", tmp.toString(), TOP), Map.of(),
                    Duration.ofMinutes(20)).orThrow();
            String sum = sha512Hex(tmp);
            Files.deleteIfExists(keyFile);
            Files.move(tmp, tarball, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(sha, sum + "  " + TARBALL + "\n");
            Files.writeString(keyFile, keyHex);
            LOG.info("built {} ({} bytes) in {} ms", tarball, Files.size(tarball), (System.nanoTime() - t0) / 1_000_000);
            return tarball;
        } finally {
            deleteTree(stage);
        }
    }

    private static void layout(Map<String, byte[]> f, Map<String, Boolean> exec) throws IOException {
        for (String b : BIN) {
            f.put("bin/" + b, res("bin/" + b));
            exec.put("bin/" + b, true);
        }
        byte[] env = res("bin/env/dolphinscheduler_env.sh");
        f.put("bin/env/install_env.sh", res("bin/env/install_env.sh"));
        f.put("bin/env/dolphinscheduler_env.sh", env);
        String start = new String(res("server/start.sh"), StandardCharsets.UTF_8);
        String logback = new String(res("conf/logback-spring.xml"), StandardCharsets.UTF_8);
        byte[] common = res("conf/common.properties");
        for (Server s : SERVERS) {
            String d = s.dir() + "/";
            f.put(d + "bin/start.sh", start.replace("@MAIN_CLASS@", s.mainClass()).getBytes(StandardCharsets.UTF_8));
            exec.put(d + "bin/start.sh", true);
            f.put(d + "bin/jvm_args_env.sh", res("server/jvm_args_env_" + s.jvm() + ".sh"));
            f.put(d + "conf/application.yaml", res("conf/" + s.yaml() + ".yaml"));
            f.put(d + "conf/bootstrap.yaml", res("conf/bootstrap.yaml"));
            f.put(d + "conf/logback-spring.xml", logback.replace("SERVER", s.log()).getBytes(StandardCharsets.UTF_8));
            f.put(d + "conf/common.properties", common);
            f.put(d + "conf/dolphinscheduler_env.sh", env);
        }
        for (String c : List.of("task-type-config.yaml", "dynamic-task-type-config.yaml", "swagger.properties")) {
            f.put("api-server/conf/" + c, res("conf/" + c));
        }
        f.put("api-server/ui/index.html", res("conf/index.html"));
        for (String t : List.of("upgrade-schema.sh", "create-demo-processes.sh", "migrate-resource.sh")) {
            f.put("tools/bin/" + t, res("tools/bin/" + t));
            exec.put("tools/bin/" + t, true);
        }
        f.put("tools/conf/application.yaml", res("conf/tools.yaml"));
        f.put("tools/conf/common.properties", common);
        byte[] mysql = res("sql/dolphinscheduler_mysql.sql");
        byte[] pg = res("sql/dolphinscheduler_postgresql.sql");
        byte[] ddl = res("sql/upgrade_ddl.sql");
        for (String base : List.of("tools/sql/sql/", "standalone-server/conf/sql/")) {
            f.put(base + "dolphinscheduler_mysql.sql", mysql);
            f.put(base + "dolphinscheduler_postgresql.sql", pg);
            for (String db : List.of("mysql", "postgresql")) {
                f.put(base + "upgrade/3.2.0_schema/" + db + "/dolphinscheduler_ddl.sql", ddl);
            }
        }
        f.put("standalone-server/bin/start.sh", ("#!/bin/bash\n# ds-ec2-testkit stand-in: the standalone server"
                + " (H2 + embedded ZooKeeper) is not simulated.\necho 'standalone-server is not simulated by the"
                + " ds-ec2 stand-in' >&2\nexit 1\n").getBytes(StandardCharsets.UTF_8));
        exec.put("standalone-server/bin/start.sh", true);
        f.put("standalone-server/conf/application.yaml", res("conf/master.yaml"));
        f.put("standalone-server/conf/common.properties", common);
        f.put("standalone-server/conf/dolphinscheduler_env.sh", env);
        f.put("standalone-server/conf/logback-spring.xml",
                logback.replace("SERVER", "standalone").getBytes(StandardCharsets.UTF_8));
        f.put("standalone-server/ui/index.html", res("conf/index.html"));
        byte[] notice = ("ds-ec2-testkit stand-in of Apache DolphinScheduler 3.2.0 (binary layout only; the code is"
                + " ds-ec2's own, not Apache DolphinScheduler's).\n").getBytes(StandardCharsets.UTF_8);
        f.put("LICENSE", ("Apache License, Version 2.0: https://www.apache.org/licenses/LICENSE-2.0\n\n"
                + new String(notice, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        f.put("NOTICE", notice);
        f.put("licenses/README", ("Licenses of bundled third-party jars: ZooKeeper and Yetus audience annotations"
                + " (Apache-2.0), snakeyaml-engine (Apache-2.0), SLF4J (MIT), PostgreSQL JDBC (BSD-2-Clause).\n").getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] res(String name) throws IOException {
        try (InputStream in = StandInDistribution.class.getResourceAsStream(RES + name)) {
            if (in == null) {
                throw new IllegalStateException("stand-in resource missing: " + RES + name);
            }
            return in.readAllBytes();
        }
    }

    /** Jars the stand-in classes (server runtime + real-named mains) from the testkit's own classes. */
    private static byte[] standInJar(boolean tools) throws IOException {
        Path src = codeSource(MasterNode.class);
        Map<String, byte[]> entries = new java.util.TreeMap<>();
        List<String> prefixes = List.of("io/dsec2/testkit/standin/server/", "org/apache/dolphinscheduler/");
        if (Files.isDirectory(src)) {
            try (Stream<Path> s = Files.walk(src)) {
                for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                    String name = src.relativize(p).toString().replace('\\', '/');
                    if (prefixes.stream().anyMatch(name::startsWith)) {
                        entries.put(name, Files.readAllBytes(p));
                    }
                }
            }
        } else {
            try (JarFile jar = new JarFile(src.toFile())) {
                for (JarEntry e : java.util.Collections.list(jar.entries())) {
                    if (!e.isDirectory() && prefixes.stream().anyMatch(e.getName()::startsWith)) {
                        try (InputStream in = jar.getInputStream(e)) {
                            entries.put(e.getName(), in.readAllBytes());
                        }
                    }
                }
            }
        }
        if (entries.isEmpty()) {
            throw new IllegalStateException("no stand-in classes found in " + src);
        }
        Manifest mf = new Manifest();
        mf.getMainAttributes().putValue("Manifest-Version", "1.0");
        mf.getMainAttributes().putValue("Implementation-Title", tools ? "dolphinscheduler-tools (ds-ec2 stand-in)"
                : "dolphinscheduler server (ds-ec2 stand-in)");
        mf.getMainAttributes().putValue("Implementation-Version", "3.2.0");
        java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
        try (JarOutputStream jos = new JarOutputStream(bos)) {
            JarEntry me = new JarEntry(JarFile.MANIFEST_NAME);
            me.setTime(1696982400000L);
            jos.putNextEntry(me);
            mf.write(jos);
            jos.closeEntry();
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                JarEntry je = new JarEntry(e.getKey());
                je.setTime(1696982400000L);
                jos.putNextEntry(je);
                jos.write(e.getValue());
                jos.closeEntry();
            }
        }
        return bos.toByteArray();
    }

    private static Map<String, Path> thirdPartyJars() {
        Map<String, Path> jars = new LinkedHashMap<>();
        List<String> required = List.of("org.apache.zookeeper.ZooKeeper", "org.apache.jute.Record",
                "org.snakeyaml.engine.v2.api.Load", "org.slf4j.Logger", "org.postgresql.Driver");
        List<String> optional = List.of("org.apache.yetus.audience.InterfaceAudience",
                "org.slf4j.simple.SimpleServiceProvider");
        List<String> all = new ArrayList<>(required);
        all.addAll(optional);
        for (String cls : all) {
            Path p;
            try {
                p = codeSource(Class.forName(cls, false, StandInDistribution.class.getClassLoader()));
            } catch (ClassNotFoundException | RuntimeException e) {
                if (required.contains(cls)) {
                    throw new IllegalStateException("stand-in needs " + cls + " on the classpath", e);
                }
                continue;
            }
            if (Files.isRegularFile(p)) {
                jars.put(p.getFileName().toString(), p);
            } else if (required.contains(cls)) {
                throw new IllegalStateException(cls + " is not in a jar (" + p + ")");
            }
        }
        return jars;
    }

    private static Path codeSource(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot locate the code source of " + c.getName(), e);
        }
    }

    private static void writePadding(Path f, long bytes) throws IOException {
        Files.createDirectories(f.getParent());
        SplittableRandom rnd = new SplittableRandom(bytes);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(f)) {
            long left = bytes;
            while (left > 0) {
                rnd.nextBytes(buf);
                int n = (int) Math.min(buf.length, left);
                out.write(buf, 0, n);
                left -= n;
            }
        }
    }

    /** @return the lowercase hex SHA-512 of a file */
    public static String sha512Hex(Path file) throws IOException {
        MessageDigest md = sha("SHA-512");
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha(String alg) {
        try {
            return MessageDigest.getInstance(alg);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
