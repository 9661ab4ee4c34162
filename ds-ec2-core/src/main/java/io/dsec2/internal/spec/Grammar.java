package io.dsec2.internal.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The grammars that spec text must pass before it reaches a shell, a JVM command line or a remote path: property
 * names, property values, JVM options and paths. Each check returns null when the text is acceptable, else what
 * is wrong (never echoing a value, which may be a secret). Stateless and thread-safe.
 */
public final class Grammar {
    /** A DolphinScheduler property name: lower-case segments of letters, digits, '-', '_', joined by '.'. */
    static final Pattern PROPERTY = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z0-9_-]+)*");
    /** A {@code common.properties} name: as {@link #PROPERTY}, upper-case allowed (DS ships {@code appId.collect}). */
    static final Pattern COMMON_PROPERTY = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)*");
    /** A JVM option token: no white space, quotes, '$', '\', globs or other characters a shell interprets. */
    static final Pattern JVM_TOKEN = Pattern.compile("-[A-Za-z0-9][A-Za-z0-9:+._=/,@%-]*");
    /** A remote path: absolute, of letters, digits, '.', '_', '-' and '/'. */
    static final Pattern REMOTE_PATH = Pattern.compile("/[A-Za-z0-9._/-]*");
    private static final Pattern QUOTED = Pattern.compile("(?<=^|[\\s(\\[])'(.*?)'(?=$|[\\s,.;:)\\]])", Pattern.DOTALL);
    private static final Pattern PLAIN_VALUE = Pattern.compile("[A-Za-z0-9 ._:/@,+=-]*");
    private static final Pattern SECRET_WORD = Pattern.compile(
            "(?i)password|passwd|secret|token|credential|access[._-]?key|private[._-]?key");
    private static final Pattern PLAIN_KEY_CHAR = Pattern.compile("[A-Za-z0-9_.-]");
    /** Longest property name or value ds-ec2 renders, in characters. */
    public static final int MAX_PROPERTY_LENGTH = 8192;

    private static final List<String> JVM_PREFIXES = List.of("-X", "-D", "-verbose", "-ea", "-da", "-esa", "-dsa",
            "-enableassertions", "-disableassertions", "-javaagent:", "-agentlib:", "-agentpath:", "-server",
            "--add-opens=", "--add-exports=", "--add-reads=", "--enable-preview", "--enable-native-access=",
            "--illegal-access=");
    private static final Set<String> SYSTEM_DIRS = Set.of("/", "/bin", "/boot", "/dev", "/etc", "/home", "/lib",
            "/lib32", "/lib64", "/libx32", "/media", "/mnt", "/opt", "/proc", "/root", "/run", "/sbin", "/srv", "/sys",
            "/tmp", "/usr", "/usr/bin", "/usr/lib", "/usr/lib64", "/usr/local", "/usr/local/bin", "/usr/sbin",
            "/usr/share", "/var", "/var/lib", "/var/log", "/var/tmp");
    /** Environment names a shell, the dynamic loader or the JVM interprets, or that DS's start scripts rely on. */
    private static final Pattern RESERVED_ENV = Pattern.compile("LD_.*|BASH_.*|BASH|ENV|PATH|IFS|CDPATH|HOME|SHELL"
            + "|SHELLOPTS|BASHOPTS|GLOBIGNORE|PS[0-4]|PROMPT_COMMAND|TMPDIR|CLASSPATH|JAVA_HOME|JAVA_OPTS"
            + "|JAVA_TOOL_OPTIONS|JDK_JAVA_OPTIONS|DOLPHINSCHEDULER_HOME|DOCKER");

    private Grammar() {
    }

    /**
     * @param key a role's property name, as it reaches {@code dolphinscheduler_env.sh}
     * @param common true for {@code service_config.common} (upper-case letters allowed)
     * @return null if acceptable, else what is wrong
     */
    public static String propertyKeyProblem(String key, boolean common) {
        if (key.length() > MAX_PROPERTY_LENGTH || !(common ? COMMON_PROPERTY : PROPERTY).matcher(key).matches()) {
            return "'" + shownKey(key) + "' is not a DolphinScheduler property name: use "
                    + (common ? "" : "lower-case ") + "segments of letters, digits, '-' and '_' joined by '.'"
                    + " (for example worker.exec-threads)";
        }
        String env = envName(key);
        if (RESERVED_ENV.matcher(env).matches()) {
            return "'" + key + "' becomes the environment variable " + env + ", which a shell, the loader, the JVM or"
                    + " DolphinScheduler's start script interprets; it cannot be set through service_config";
        }
        return null;
    }

    /**
     * @param value a property value
     * @return null if it can be written to every file it lands in, else what is wrong (without the value)
     */
    public static String propertyValueProblem(String value) {
        if (value.length() > MAX_PROPERTY_LENGTH) {
            return "is longer than " + MAX_PROPERTY_LENGTH + " characters";
        }
        if (value.indexOf('\0') >= 0) {
            return "contains a NUL character, which no environment variable can hold";
        }
        return unpairedSurrogate(value) ? "contains an unpaired UTF-16 surrogate, which is no Unicode character" : null;
    }

    /**
     * @param text any text
     * @return true if it holds a UTF-16 surrogate that is not part of a pair (no Unicode character)
     */
    public static boolean unpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param key a property name
     * @return its relaxed-binding environment name, for example {@code WORKER_EXEC_THREADS}
     */
    public static String envName(String key) {
        return key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /**
     * @param token one JVM option, as it becomes one line of {@code jvm_args_env.sh}
     * @return null if acceptable, else what is wrong
     */
    public static String jvmOptionProblem(String token) {
        if (!JVM_TOKEN.matcher(token).matches()) {
            return "'" + printable(token) + "' is not one JVM option: an option starts with '-' and has no spaces,"
                    + " quotes, '$', '\\', '*', '?', '[' or other shell characters";
        }
        if (JVM_PREFIXES.stream().noneMatch(token::startsWith)) {
            return "'" + token + "' is not a JVM option ds-ec2 passes on: use -X..., -XX:..., -D..., -javaagent:...,"
                    + " -verbose:..., -ea/-da or --add-opens=/--add-exports=/--add-reads= (options that take a separate"
                    + " argument, such as -cp or -jar, would change what the server runs)";
        }
        return null;
    }

    /**
     * @param value a path on the nodes (install path, java home)
     * @param refuseSystemDirs true to refuse {@code /}, {@code /usr}, {@code /etc} and other system directories
     * @return null if acceptable, else what is wrong
     */
    public static String remotePathProblem(String value, boolean refuseSystemDirs) {
        String p = printable(value);
        if (!REMOTE_PATH.matcher(value).matches()) {
            return "'" + p + "' must be an absolute path of letters, digits, '.', '_', '-' and '/', for example"
                    + " /opt/dolphinscheduler";
        }
        if (!normalized(value)) {
            return "'" + p + "' is not normalized: no '.' or '..' segments, no '//' and no trailing '/'";
        }
        if (refuseSystemDirs && SYSTEM_DIRS.contains(value)) {
            return "'" + value + "' is a system directory, which ds-ec2 would empty and re-own: give a directory of its"
                    + " own, for example /opt/dolphinscheduler";
        }
        return null;
    }

    /**
     * @param file a path on the operator's machine (an SSH key, a package file)
     * @return null if absolute, normalized and free of control characters, else what is wrong
     */
    public static String localPathProblem(Path file) {
        String s = file.toString();
        if (hasControl(s)) {
            return "'" + printable(s) + "' contains control characters";
        }
        if (!file.isAbsolute()) {
            return "'" + s + "' must be an absolute path";
        }
        if (!file.normalize().toString().equals(s)) {
            return "'" + s + "' is not normalized: no '.' or '..' segments";
        }
        return null;
    }

    private static boolean normalized(String value) {
        if (value.equals("/")) {
            return true;
        }
        if (value.endsWith("/") || value.contains("//")) {
            return false;
        }
        for (String segment : value.substring(1).split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /**
     * A key as messages and paths show it: whole when it is a plain name (letters, digits, '_', '.', '-'; at most 80
     * characters), else cut before the first other character and marked with '…'. A mistyped
     * {@code password:hunter2} (no space after the colon) is one key, and must not print the password.
     *
     * @param key a mapping key from the spec
     * @return the key or its shown prefix
     */
    public static String shownKey(String key) {
        int i = 0;
        while (i < key.length() && i < 80 && PLAIN_KEY_CHAR.matcher(key.substring(i, i + 1)).matches()) {
            i++;
        }
        return i == key.length() ? key : key.substring(0, i) + "\u2026";
    }

    /**
     * Hides quoted values in a message that could be a secret: a value is shown only when it is plain (ASCII
     * letters, digits, space and {@code . _ : / @ , + = -}, at most 100 characters) and names no secret-looking key.
     * A spec whose structure is broken (a missing {@code ]} swallows the lines after it) can put a password into
     * any field's value, and messages quote field values.
     *
     * @param message a violation message
     * @return the message with such values shown as {@code '…'}
     */
    public static String hideOddValues(String message) {
        Matcher m = QUOTED.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = m.group(1);
            boolean plain = v.length() <= 100 && PLAIN_VALUE.matcher(v).matches() && !SECRET_WORD.matcher(v).find();
            m.appendReplacement(out, Matcher.quoteReplacement(plain ? m.group() : "'\u2026'"));
        }
        m.appendTail(out);
        return out.toString();
    }

    static boolean hasControl(String s) {
        return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    /** @return {@code s} with control characters shown as {@code \\uXXXX}, cut at 80 characters */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 80; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return s.length() > 80 ? sb + "..." : sb.toString();
    }
}
