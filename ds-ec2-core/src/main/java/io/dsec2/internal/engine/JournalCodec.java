package io.dsec2.internal.engine;

import io.dsec2.exception.DsEc2Exception;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Text form of a journal: a header line, {@code key<TAB>value} lines for the job, then one
 * {@code t<TAB>time<TAB>task<TAB>STATE<TAB>attempt<TAB>error} line per transition. Tabs, newlines and
 * backslashes inside values are escaped; an absent error is {@code -}, an error that is just {@code -} is {@code \-}.
 * Stateless.
 */
final class JournalCodec {
    static final String HEADER = "ds-ec2-journal 1";

    private JournalCodec() {
    }

    static byte[] encode(Map<String, String> header, List<JournalEntry> entries) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        header.forEach((k, v) -> out.append(k).append('\t').append(escape(v)).append('\n'));
        for (JournalEntry e : entries) {
            out.append("t\t").append(e.time()).append('\t').append(escape(e.taskId())).append('\t').append(e.state())
                    .append('\t').append(e.attempt()).append('\t').append(error(e.error()))
                    .append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Map<String, String> decodeHeader(byte[] bytes, List<JournalEntry> entriesOut) {
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
        if (lines.length == 0 || !lines[0].equals(HEADER)) {
            throw new DsEc2Exception("Not a ds-ec2 journal (first line is not '" + HEADER + "')");
        }
        Map<String, String> header = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split("\t", -1);
            if (f[0].equals("t") && f.length == 6) {
                entriesOut.add(new JournalEntry(Instant.parse(f[1]), unescape(f[2]), TaskState.valueOf(f[3]),
                        Integer.parseInt(f[4]), f[5].equals("-") ? null : unescape(f[5])));
            } else if (f.length == 2) {
                header.put(f[0], unescape(f[1]));
            } else if (!lines[i].isEmpty()) {
                throw new DsEc2Exception("Corrupt journal line " + (i + 1));
            }
        }
        return header;
    }

    /** @return {@code -} for no error; an error that is just {@code -} is written {@code \-} so it reads back as itself */
    private static String error(String error) {
        return error == null ? "-" : error.equals("-") ? "\\-" : escape(error);
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\': b.append("\\\\"); break;
                case '\t': b.append("\\t"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                default: b.append(c);
            }
        }
        return b.toString();
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
