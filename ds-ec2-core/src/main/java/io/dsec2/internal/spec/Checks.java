package io.dsec2.internal.spec;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Argument checks and redaction helpers shared by the model builders. Stateless. */
public final class Checks {
    private static final Pattern SENSITIVE = Pattern.compile(
            "(?i).*(password|passwd|secret|token|credential|access[._-]?key|private[._-]?key).*");

    private Checks() {
    }

    /**
     * @param value an argument
     * @param name its name, for the message
     * @param <T> its type
     * @return the value
     * @throws NullPointerException {@code "<name> must not be null"}
     */
    public static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new NullPointerException(name + " must not be null");
        }
        return value;
    }

    /**
     * @param values a collection argument
     * @param name its name
     * @param <T> element type
     * @return an immutable copy
     * @throws NullPointerException if the collection or an element is null
     */
    public static <T> List<T> copy(Collection<? extends T> values, String name) {
        notNull(values, name);
        for (T v : values) {
            notNull(v, name + " element");
        }
        return List.copyOf(values);
    }

    /**
     * @param map a string map argument
     * @param name its name
     * @return an immutable insertion-ordered copy
     */
    public static Map<String, String> copy(Map<String, String> map, String name) {
        notNull(map, name);
        Map<String, String> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(notNull(k, name + " key"), notNull(v, name + " value for " + k)));
        return java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * @param key a configuration key
     * @return true if its name suggests a secret (password, token, secret, access key, credential)
     */
    public static boolean sensitiveKey(String key) {
        return SENSITIVE.matcher(key.toLowerCase(Locale.ROOT)).matches();
    }

    /**
     * @param map configuration keys and values
     * @return the map as text, with values of {@linkplain #sensitiveKey sensitive keys} shown as {@code ****}
     */
    public static String redacted(Map<String, String> map) {
        StringBuilder sb = new StringBuilder("{");
        map.forEach((k, v) -> {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(k).append('=').append(sensitiveKey(k) ? "****" : v);
        });
        return sb.append('}').toString();
    }
}
