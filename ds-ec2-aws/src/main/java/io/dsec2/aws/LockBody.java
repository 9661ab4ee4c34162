package io.dsec2.aws;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON body of an {@link S3StateStore} lock object: {@code {"owner":..,"since":..,"expiresAt":..,"token":..}},
 * times in ISO-8601 UTC. Parsing is lenient: a missing or garbled field reads as {@code "unknown"},
 * {@link Instant#EPOCH} (so an unreadable lock counts as expired) or an empty token. Immutable.
 */
final class LockBody {
    private final String owner;
    private final Instant since;
    private final Instant expiresAt;
    private final String token;

    LockBody(String owner, Instant since, Instant expiresAt, String token) {
        this.owner = owner;
        this.since = since;
        this.expiresAt = expiresAt;
        this.token = token;
    }

    String owner() {
        return owner;
    }

    Instant since() {
        return since;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    String token() {
        return token;
    }

    byte[] toJson() {
        return ("{\"owner\":\"" + escape(owner) + "\",\"since\":\"" + since + "\",\"expiresAt\":\"" + expiresAt
                + "\",\"token\":\"" + escape(token) + "\"}\n").getBytes(StandardCharsets.UTF_8);
    }

    static LockBody parse(byte[] json) {
        String s = new String(json, StandardCharsets.UTF_8);
        return new LockBody(field(s, "owner", "unknown"), instant(field(s, "since", "")),
                instant(field(s, "expiresAt", "")), field(s, "token", ""));
    }

    private static String field(String json, String name, String fallback) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        return m.find() ? unescape(m.group(1)) : fallback;
    }

    private static Instant instant(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                b.append(c);
                continue;
            }
            char n = s.charAt(++i);
            if (n == 'u' && i + 4 < s.length()) {
                try {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                } catch (NumberFormatException e) {
                    b.append(n);
                }
            } else {
                b.append(n == 'n' ? '\n' : n == 't' ? '\t' : n == 'r' ? '\r' : n);
            }
        }
        return b.toString();
    }
}
