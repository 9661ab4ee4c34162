package io.dsec2.testkit.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One HTTP/1.1 message head (request line or status line plus header fields), kept as the exact bytes that
 * were read so it can be forwarded unchanged, with the few fields the proxy needs parsed out.
 *
 * <p>Also holds the framing helpers that copy a message body (Content-Length, chunked) without buffering it.
 * Not thread-safe; package-private helper of {@link AwsFaultProxy}.
 */
final class HttpHead {
    /** Largest head accepted (request line plus headers), in bytes. */
    static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final int COPY_BUFFER = 64 * 1024;

    private final byte[] raw;
    private final String startLine;
    private final List<String[]> headers;

    private HttpHead(byte[] raw, String startLine, List<String[]> headers) {
        this.raw = raw;
        this.startLine = startLine;
        this.headers = headers;
    }

    /**
     * Reads one head up to and including the empty line.
     *
     * @return the head, or null if the stream ended before any byte of it
     * @throws IOException on a read error, a head larger than {@link #MAX_HEAD_BYTES} or a truncated head
     */
    static HttpHead read(InputStream in) throws IOException {
        byte[] buf = new byte[1024];
        int len = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (len == 0) {
                    return null;
                }
                throw new IOException("connection closed inside an HTTP head");
            }
            if (len == buf.length) {
                if (len >= MAX_HEAD_BYTES) {
                    throw new IOException("HTTP head larger than " + MAX_HEAD_BYTES + " bytes");
                }
                buf = java.util.Arrays.copyOf(buf, len * 2);
            }
            buf[len++] = (byte) b;
            if (len >= 4 && buf[len - 1] == '\n' && buf[len - 2] == '\r' && buf[len - 3] == '\n'
                    && buf[len - 4] == '\r') {
                break;
            }
            if (len == 2 && buf[0] == '\r' && buf[1] == '\n') {
                len = 0; // tolerate a stray CRLF between messages (RFC 9112 section 2.2)
            }
        }
        byte[] raw = java.util.Arrays.copyOf(buf, len);
        String text = new String(raw, 0, len - 4, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n");
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.add(new String[] {lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()});
            }
        }
        return new HttpHead(raw, lines[0], headers);
    }

    byte[] raw() {
        return raw;
    }

    String startLine() {
        return startLine;
    }

    /** @return the request method (first token of the request line) */
    String method() {
        int sp = startLine.indexOf(' ');
        return sp < 0 ? startLine : startLine.substring(0, sp);
    }

    /** @return the request target (second token of the request line), for example {@code /bucket/key?x=1} */
    String target() {
        String[] parts = startLine.split(" ");
        return parts.length > 1 ? parts[1] : "";
    }

    /** @return the status code of a status line, or -1 if it cannot be parsed */
    int status() {
        String[] parts = startLine.split(" ");
        try {
            return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** @return the first value of the header (case-insensitive name), or null */
    String header(String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                return h[1];
            }
        }
        return null;
    }

    boolean chunked() {
        String te = header("Transfer-Encoding");
        return te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
    }

    /** @return the Content-Length, or -1 if absent */
    long contentLength() throws IOException {
        String cl = header("Content-Length");
        if (cl == null) {
            return -1;
        }
        try {
            return Long.parseLong(cl.trim());
        } catch (NumberFormatException e) {
            throw new IOException("bad Content-Length: " + cl);
        }
    }

    boolean expectsContinue() {
        String e = header("Expect");
        return e != null && e.equalsIgnoreCase("100-continue");
    }

    boolean connectionClose() {
        String c = header("Connection");
        return c != null && c.toLowerCase(Locale.ROOT).contains("close");
    }

    /** @return true if this is an HTTP/1.0 message (whose connection closes unless kept alive explicitly) */
    boolean http10() {
        return startLine.startsWith("HTTP/1.0") || startLine.endsWith("HTTP/1.0");
    }

    /**
     * Copies a request body as framed by this (request) head: chunked, Content-Length, or none.
     *
     * @param out the destination, or null to discard
     */
    void copyRequestBody(InputStream in, OutputStream out) throws IOException {
        if (chunked()) {
            copyChunked(in, out);
        } else {
            long n = contentLength();
            if (n > 0) {
                copyExactly(in, out, n);
            }
        }
    }

    static void copyExactly(InputStream in, OutputStream out, long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(COPY_BUFFER, Math.max(n, 1))];
        long left = n;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw new IOException("connection closed with " + left + " body bytes outstanding");
            }
            if (out != null) {
                out.write(buf, 0, r);
            }
            left -= r;
        }
    }

    static void copyUntilEof(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[COPY_BUFFER];
        int r;
        while ((r = in.read(buf)) >= 0) {
            out.write(buf, 0, r);
        }
    }

    /** Copies a chunked body verbatim (chunk-size lines, data, last chunk, trailers, final CRLF). */
    static void copyChunked(InputStream in, OutputStream out) throws IOException {
        while (true) {
            String sizeLine = readLine(in, out);
            int semi = sizeLine.indexOf(';');
            String hex = (semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size line: " + sizeLine);
            }
            if (size == 0) {
                String trailer;
                do {
                    trailer = readLine(in, out);
                } while (!trailer.isEmpty());
                return;
            }
            copyExactly(in, out, size + 2); // data and its CRLF
        }
    }

    /** Reads one CRLF-terminated line, writing its bytes (with the CRLF) to out if not null. */
    private static String readLine(InputStream in, OutputStream out) throws IOException {
        StringBuilder sb = new StringBuilder();
        int prev = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside a chunked body");
            }
            if (out != null) {
                out.write(b);
            }
            if (b == '\n' && prev == '\r') {
                sb.setLength(sb.length() - 1);
                return sb.toString();
            }
            if (sb.length() > 8192) {
                throw new IOException("chunk line too long");
            }
            sb.append((char) b);
            prev = b;
        }
    }
}
