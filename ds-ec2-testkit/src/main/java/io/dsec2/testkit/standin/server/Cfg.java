package io.dsec2.testkit.standin.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Stand-in configuration resolution, modelled on Spring Boot's: {@code application.yaml} from the classpath
 * (the server's {@code conf/} comes first in {@code -cp}), profile documents
 * ({@code spring.config.activate.on-profile}) for the active profiles, then environment variables with relaxed
 * binding (case, dots, dashes and underscores ignored), then JVM system properties. {@code common.properties}
 * follows DolphinScheduler's priority: environment ({@code KEY_WITH_UNDERSCORES}) over {@code -D} over file.
 * Immutable after construction.
 */
public final class Cfg {
    private final Map<String, String> yaml = new LinkedHashMap<>();
    private final Map<String, String> env;
    private final Properties sys;
    private final Properties common = new Properties();
    private final List<String> profiles;

    private Cfg(Map<String, String> env, Properties sys, List<String> profiles) {
        this.env = env;
        this.sys = sys;
        this.profiles = profiles;
    }

    /**
     * Loads {@code application.yaml} and {@code common.properties} from the classpath.
     *
     * @throws IllegalStateException if application.yaml is missing
     */
    public static Cfg load() {
        String text = resource("application.yaml");
        if (text == null) {
            throw new IllegalStateException("application.yaml not found on the classpath (conf/ missing?)");
        }
        return of(text, resource("common.properties"), System.getenv(), System.getProperties());
    }

    /**
     * Resolves configuration from explicit inputs (what {@link #load()} reads from the classpath and process).
     *
     * @param text the application.yaml text (may hold several documents)
     * @param props the common.properties text, or null
     * @param env the environment
     * @param sys the JVM system properties
     * @return the configuration
     */
    public static Cfg of(String text, String props, Map<String, String> env, Properties sys) {
        String active = sys.getProperty("spring.profiles.active");
        if (active == null) {
            active = lookupEnv(env, "spring.profiles.active");
        }
        List<Map<String, String>> docs = new ArrayList<>();
        for (Object doc : new Load(LoadSettings.builder().build()).loadAllFromString(text)) {
            Map<String, String> flat = new LinkedHashMap<>();
            flatten("", doc, flat);
            docs.add(flat);
        }
        if (active == null && !docs.isEmpty()) {
            active = docs.get(0).get("spring.profiles.active");
        }
        List<String> profiles = new ArrayList<>();
        if (active != null) {
            Arrays.stream(active.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(profiles::add);
        }
        Cfg c = new Cfg(env, sys, List.copyOf(profiles));
        for (Map<String, String> d : docs) {
            String on = d.get("spring.config.activate.on-profile");
            if (on == null) {
                c.yaml.putAll(d);
            }
        }
        for (String p : profiles) {
            for (Map<String, String> d : docs) {
                if (p.equals(d.get("spring.config.activate.on-profile"))) {
                    c.yaml.putAll(d);
                }
            }
        }
        if (props != null) {
            try {
                c.common.load(new java.io.StringReader(props));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return c;
    }

    private static String resource(String name) {
        URL u = ClassLoader.getSystemResource(name);
        if (u == null) {
            return null;
        }
        try (InputStream in = u.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object v, Map<String, String> out) {
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                flatten(prefix.isEmpty() ? k : prefix + "." + k, e.getValue(), out);
            }
        } else if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                flatten(prefix + "[" + i + "]", l.get(i), out);
            }
        } else if (!prefix.isEmpty()) {
            out.put(prefix, v == null ? "" : String.valueOf(v));
        }
    }

    static String canonical(String key) {
        return key.toLowerCase(Locale.ROOT).replaceAll("[._\\-]", "");
    }

    private static String lookupEnv(Map<String, String> env, String key) {
        String want = canonical(key);
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (canonical(e.getKey()).equals(want)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** @return the active Spring profiles, in order */
    public List<String> profiles() {
        return profiles;
    }

    /** @return the resolved value of a Spring key, or {@code null} */
    public String get(String key) {
        String v = sys.getProperty(key);
        if (v == null) {
            v = lookupEnv(env, key);
        }
        if (v == null) {
            v = yaml.get(key);
        }
        return v;
    }

    /** @return the resolved value, or {@code def} */
    public String get(String key, String def) {
        String v = get(key);
        return v == null || v.isEmpty() ? def : v;
    }

    /** @return an int value */
    public int getInt(String key, int def) {
        String v = get(key);
        return v == null || v.isBlank() ? def : Integer.parseInt(v.trim());
    }

    /** @return a double value */
    public double getDouble(String key, double def) {
        String v = get(key);
        return v == null || v.isBlank() ? def : Double.parseDouble(v.trim());
    }

    /** @return a Duration value (Spring forms: {@code 600ms}, {@code 10s}, {@code 1m}, ISO-8601, bare = ms) */
    public Duration getDuration(String key, Duration def) {
        String v = get(key);
        return v == null || v.isBlank() ? def : parseDuration(v.trim());
    }

    static Duration parseDuration(String v) {
        String s = v.toLowerCase(Locale.ROOT);
        if (s.startsWith("p") || s.startsWith("-p")) {
            return Duration.parse(v.toUpperCase(Locale.ROOT));
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ns|us|ms|s|m|h|d)?").matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + v + "' is not a valid duration");
        }
        long n = Long.parseLong(m.group(1));
        String u = m.group(2) == null ? "ms" : m.group(2);
        return switch (u) {
            case "ns" -> Duration.ofNanos(n);
            case "us" -> Duration.ofNanos(n * 1000);
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /**
     * @return a {@code common.properties} value with DolphinScheduler's priority (env {@code A_B_C} > -D > file)
     */
    public String common(String key, String def) {
        String envName = key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
        String v = env.get(envName);
        if (v == null) {
            v = sys.getProperty(key);
        }
        if (v == null) {
            v = common.getProperty(key);
        }
        return v == null || v.isBlank() ? def : v.trim();
    }
}
