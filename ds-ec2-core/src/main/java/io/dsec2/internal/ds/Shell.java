package io.dsec2.internal.ds;

/** POSIX shell quoting. */
public final class Shell {
    private Shell() {
    }

    /**
     * @param s any string
     * @return {@code s} in single quotes, safe to paste into a POSIX shell command line
     */
    public static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
