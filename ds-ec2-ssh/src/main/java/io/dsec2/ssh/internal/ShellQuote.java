package io.dsec2.ssh.internal;

/** POSIX shell quoting. */
public final class ShellQuote {
    private ShellQuote() {
    }

    /**
     * @param s any text
     * @return the text as one single-quoted shell word, e.g. {@code it's} becomes {@code 'it'\''s'}
     */
    public static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
