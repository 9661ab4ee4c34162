package io.dsec2.internal.ds;

import io.dsec2.model.NodeRole;
import io.dsec2.spi.ConfigRenderer;
import io.dsec2.spi.RenderRequest;
import io.dsec2.spi.RenderedFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the files ds-ec2 writes on a DolphinScheduler 3.2.0 node:
 * <ul>
 *   <li>{@code bin/env/dolphinscheduler_env.sh}: JAVA_HOME, DATABASE, SPRING_PROFILES_ACTIVE, datasource URL and
 *       user, registry settings and per-role application.yaml overrides as environment variables (Spring relaxed
 *       binding), ending with a line that sources the secrets file. The daemon copies this file into every
 *       server's conf/, so it holds no secret itself.</li>
 *   <li>{@code .ds-ec2/secrets.env} (mode 0600): the database password, S3 secret key and python gateway token.
 *       Workers, which have no datasource in 3.2.0, get no database password.</li>
 *   <li>{@code <server>/bin/jvm_args_env.sh}: the 3.2.0 default lines with the role's heap, a real time zone
 *       instead of the literal {@code ${SPRING_JACKSON_TIME_ZONE}}, and on Java 9+ the
 *       {@code --add-opens java.base/java.lang=ALL-UNNAMED} that task kills need on JDK 17 (the worker reads a
 *       task's pid by reflection,
 *       https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-task-plugin/dolphinscheduler-task-api/src/main/java/org/apache/dolphinscheduler/plugin/task/api/AbstractCommandExecutor.java).</li>
 *   <li>{@code <server>/conf/common.properties}: the shipped file with the storage keys replaced.</li>
 * </ul>
 * Output is deterministic: the same input gives byte-identical files, so a digest tells whether a node is
 * up to date. Thread-safe: stateless.
 */
public final class Ds320ConfigRenderer implements ConfigRenderer {
    /** Below this much free RAM a master or worker stops taking work (1 GiB); see {@link #reservedMemory}. */
    static final long OS_HEADROOM_MIB = 1024;
    private static final java.util.regex.Pattern ENV_NAME = java.util.regex.Pattern.compile("[A-Z_][A-Z0-9_]*");

    private Ds320ConfigRenderer() {
    }

    /** @return the renderer ({@link ConfigRenderer#dolphinScheduler320()}) */
    public static Ds320ConfigRenderer create() {
        return new Ds320ConfigRenderer();
    }

    /**
     * @param request the node, with the spec, facts and resolved secrets
     * @return the env file, the secrets file and the role's jvm_args_env.sh, in that order
     */
    @Override
    public List<RenderedFile> render(RenderRequest request) {
        return render(RenderInputs.of(request));
    }

    /**
     * @param in the node's resolved settings
     * @return the env file, the secrets file and the role's jvm_args_env.sh, in that order
     */
    public List<RenderedFile> render(NodeRenderInput in) {
        return List.of(envFile(in), secretsFile(in), jvmArgsFile(in));
    }

    RenderedFile envFile(NodeRenderInput in) {
        StringBuilder sb = new StringBuilder();
        sb.append("#!/bin/bash\n")
          .append("# Rendered by ds-ec2 for DolphinScheduler ").append(Ds320Profile.VERSION).append(": cluster ")
          .append(in.clusterName()).append(", node ").append(in.nodeId()).append(", role ").append(in.role().id())
          .append(".\n# Changes made here are overwritten; change the cluster spec and run `ds-ec2 config update`.\n");
        for (Map.Entry<String, String> e : environment(in).entrySet()) {
            sb.append("export ").append(e.getKey()).append('=').append(Shell.quote(e.getValue())).append('\n');
        }
        String secrets = in.installPath() + "/" + Ds320Profile.SECRETS_FILE;
        sb.append("if [ -r ").append(Shell.quote(secrets)).append(" ]; then . ").append(Shell.quote(secrets))
          .append("; fi\n");
        return file(Ds320Profile.ENV_FILE, sb.toString(), 0644, false);
    }

    /** @return the non-secret environment, in a stable order */
    Map<String, String> environment(NodeRenderInput in) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JAVA_HOME", in.javaHome());
        env.put("DATABASE", in.database());
        env.put("SPRING_PROFILES_ACTIVE", in.database());
        env.put("SPRING_JACKSON_TIME_ZONE", in.timeZone());
        if (Ds320Profile.usesDatabase(in.role())) {
            env.put("SPRING_DATASOURCE_URL", in.jdbcUrl());
            env.put("SPRING_DATASOURCE_USERNAME", in.dbUser());
        }
        env.put("REGISTRY_TYPE", "zookeeper");
        env.put("REGISTRY_ZOOKEEPER_NAMESPACE", in.zkNamespace());
        env.put("REGISTRY_ZOOKEEPER_CONNECT_STRING", in.zkConnectString());
        env.put("REGISTRY_ZOOKEEPER_BLOCK_UNTIL_CONNECTED", in.zkBlockUntilConnected().toMillis() + "ms");
        if (in.role() == NodeRole.MASTER || in.role() == NodeRole.WORKER) {
            env.put(in.role().id().toUpperCase(Locale.ROOT) + "_RESERVED_MEMORY", reservedMemory(in.instanceMemoryMib()));
        }
        if (in.role() == NodeRole.API) {
            env.put("API_PYTHON_GATEWAY_ENABLED", Boolean.toString(in.pythonGatewayToken() != null));
        }
        if (in.storage() != null) {
            NodeRenderInput.Storage s = in.storage();
            env.put("RESOURCE_STORAGE_TYPE", "S3");
            env.put("RESOURCE_STORAGE_UPLOAD_BASE_PATH", s.uploadBasePath());
            env.put("RESOURCE_AWS_REGION", s.region());
            env.put("RESOURCE_AWS_S3_BUCKET_NAME", s.bucket());
            env.put("RESOURCE_AWS_S3_ENDPOINT", s.endpoint() == null ? "" : s.endpoint());
            if (s.accessKeyId() != null) {
                env.put("RESOURCE_AWS_ACCESS_KEY_ID", s.accessKeyId());
            }
        }
        in.serviceConfig().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String name = envName(e.getKey());
            if (!ENV_NAME.matcher(name).matches()) {
                // the spec validator refuses such keys; this guards the shell file against any other caller
                throw new IllegalArgumentException("'" + e.getKey() + "' is not a property name");
            }
            env.put(name, e.getValue());
        });
        return env;
    }

    RenderedFile secretsFile(NodeRenderInput in) {
        StringBuilder sb = new StringBuilder("# ds-ec2 secrets for ").append(in.nodeId()).append(" (mode 0600)\n");
        if (Ds320Profile.usesDatabase(in.role()) && in.dbPassword() != null) {
            sb.append("export SPRING_DATASOURCE_PASSWORD=").append(Shell.quote(in.dbPassword())).append('\n');
        }
        if (in.storage() != null && in.storage().secretAccessKey() != null) {
            sb.append("export RESOURCE_AWS_SECRET_ACCESS_KEY=").append(Shell.quote(in.storage().secretAccessKey()))
              .append('\n');
        }
        if (in.role() == NodeRole.API && in.pythonGatewayToken() != null) {
            sb.append("export API_PYTHON_GATEWAY_AUTH_TOKEN=").append(Shell.quote(in.pythonGatewayToken())).append('\n');
        }
        return file(Ds320Profile.SECRETS_FILE, sb.toString(), 0600, true);
    }

    RenderedFile jvmArgsFile(NodeRenderInput in) {
        NodeRenderInput.Heap h = in.heap();
        List<String> lines = new ArrayList<>();
        lines.add("# Rendered by ds-ec2 (" + in.role().serverDir() + " of " + in.nodeId() + "): DS 3.2.0 defaults with"
                + " this node's heap.");
        lines.add("-Xms" + h.xmsMib() + "m");
        lines.add("-Xmx" + h.xmxMib() + "m");
        lines.add("-Xmn" + h.xmnMib() + "m");
        lines.add("");
        lines.add("-XX:+IgnoreUnrecognizedVMOptions");
        lines.add("-XX:+PrintGCDateStamps");
        lines.add("-XX:+PrintGCDetails");
        lines.add("-Xloggc:gc.log");
        lines.add("");
        lines.add("-XX:+HeapDumpOnOutOfMemoryError");
        lines.add("-XX:HeapDumpPath=dump.hprof");
        lines.add("");
        lines.add("-Duser.timezone=" + in.timeZone());
        if (in.javaMajor() >= 9) {
            lines.add("--add-opens java.base/java.lang=ALL-UNNAMED");
        }
        lines.addAll(in.extraJvmOptions());
        return file(Ds320Profile.jvmArgsFile(in.role()), String.join("\n", lines) + "\n", 0644, false);
    }

    private static RenderedFile file(String path, String content, int mode, boolean secret) {
        return RenderedFile.builder().path(path).content(content).mode(mode).secret(secret).build();
    }

    @Override
    public String toString() {
        return "ConfigRenderer.dolphinScheduler320()";
    }

    /**
     * Patches a shipped {@code common.properties}: replaces the value of each given key where it appears and
     * appends keys that do not, under a ds-ec2 comment. Comments and order are kept.
     *
     * @param original the file as shipped
     * @param values keys and values to set
     * @return the patched text
     */
    public static String patchProperties(String original, Map<String, String> values) {
        Map<String, String> pending = new LinkedHashMap<>(values);
        StringBuilder out = new StringBuilder();
        for (String line : original.split("\n", -1)) {
            String t = line.strip();
            int eq = t.indexOf('=');
            if (!t.startsWith("#") && eq > 0 && pending.containsKey(t.substring(0, eq).strip())) {
                String key = t.substring(0, eq).strip();
                out.append(key).append('=').append(pending.remove(key)).append('\n');
            } else {
                out.append(line).append('\n');
            }
        }
        String text = out.substring(0, out.length() - 1);
        if (!pending.isEmpty()) {
            StringBuilder tail = new StringBuilder(text.endsWith("\n") ? "" : "\n").append("# set by ds-ec2\n");
            pending.forEach((k, v) -> tail.append(k).append('=').append(v).append('\n'));
            text += tail;
        }
        return text;
    }

    /**
     * Sizes {@code reserved-memory}, the free-RAM fraction below which DS 3.2.0 masters stop fetching commands
     * and workers report ABNORMAL ({@code reserved-memory} in each server's {@code application.yaml}, for example
     * https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-master/src/main/resources/application.yaml).
     * The shipped 0.3 stalls small instances; ds-ec2 keeps 1 GiB free
     * for the OS instead, within [0.01, 0.3].
     *
     * @param instanceMemoryMib the instance's RAM in MiB; 0 or less means unknown (DS default 0.3 is kept)
     * @return the fraction as DS expects it, for example {@code 0.06}
     */
    static String reservedMemory(long instanceMemoryMib) {
        if (instanceMemoryMib <= 0) {
            return "0.3";
        }
        double f = Math.max(0.01, Math.min(0.3, (double) OS_HEADROOM_MIB / instanceMemoryMib));
        return String.format(Locale.ROOT, "%.2f", f);
    }

    /** @return the relaxed-binding environment name of an application.yaml key, e.g. WORKER_EXEC_THREADS */
    static String envName(String key) {
        return key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }
}
