package io.dsec2.testkit.standin.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The stand-in servers' log, in DolphinScheduler's logback layout
 * ({@code [LEVEL] yyyy-MM-dd HH:mm:ss.SSS Z logger:[line] - message}), written both to
 * {@code logs/dolphinscheduler-<name>.log} relative to the working directory (as real DS) and to standard output
 * (which the daemon script captures in {@code logs/<server>-<hostname>.out}). Thread-safe.
 *
 * <p>The stand-in servers are separate process mains; they do not carry an SLF4J binding of their own, so this
 * class plays the part of DS's logback configuration.
 */
public final class Log {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS Z");
    private static Path file;

    private Log() {
    }

    /** Directs the log to {@code logs/dolphinscheduler-<name>.log} (created if missing). */
    public static synchronized void init(String name) {
        try {
            Files.createDirectories(Path.of("logs"));
            file = Path.of("logs", "dolphinscheduler-" + name + ".log");
        } catch (IOException e) {
            file = null;
        }
    }

    public static void info(String logger, String msg) {
        write("INFO", logger, msg, null);
    }

    public static void warn(String logger, String msg) {
        write("WARN", logger, msg, null);
    }

    public static void error(String logger, String msg, Throwable t) {
        write("ERROR", logger, msg, t);
    }

    private static synchronized void write(String level, String logger, String msg, Throwable t) {
        StringBuilder sb = new StringBuilder();
        sb.append('[').append(level).append("] ").append(ZonedDateTime.now().format(TS)).append(' ')
                .append(logger).append(":[0] - ").append(msg).append('\n');
        if (t != null) {
            StringWriter sw = new StringWriter();
            t.printStackTrace(new PrintWriter(sw));
            sb.append(sw);
        }
        String line = sb.toString();
        System.out.print(line);
        System.out.flush();
        if (file != null) {
            try {
                Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException ignored) {
                // the console copy remains
            }
        }
    }
}
