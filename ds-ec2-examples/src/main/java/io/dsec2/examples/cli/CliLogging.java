package io.dsec2.examples.cli;

import java.util.List;

/**
 * Where library log lines go when the CLI runs as a program ({@link DsEc2Cli#main}): the console is for the
 * CLI's own messages, so by default every logger (ds-ec2's, sshj's, ZooKeeper's, Curator's, the AWS SDK's) is off;
 * {@code --verbose} sends INFO and above to stderr, {@code --log-file FILE} sends DEBUG (ds-ec2) and INFO (libraries)
 * with time and thread to FILE. Configures slf4j-simple through its system properties, which it reads once, when
 * the first logger is created; a property the user set ({@code -Dorg.slf4j.simpleLogger...}) wins.
 */
final class CliLogging {
    static final String PREFIX = "org.slf4j.simpleLogger.";

    private CliLogging() {
    }

    /** Configures logging from the raw arguments, before picocli (or anything that logs) runs. */
    static void configure(List<String> args) {
        String file = null;
        boolean verbose = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                break;
            }
            if (a.equals("--verbose") || a.equals("-v")) {
                verbose = true;
            } else if (a.equals("--log-file") && i + 1 < args.size()) {
                file = args.get(i + 1);
            } else if (a.startsWith("--log-file=")) {
                file = a.substring("--log-file=".length());
            }
        }
        if (file != null) {
            set("logFile", file);
            set("defaultLogLevel", "info");
            set("log.io.dsec2", "debug");
            set("showDateTime", "true");
            set("dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        } else if (verbose) {
            set("logFile", "System.err");
            set("defaultLogLevel", "info");
        } else {
            set("defaultLogLevel", "off");
        }
    }

    private static void set(String key, String value) {
        if (System.getProperty(PREFIX + key) == null) {
            System.setProperty(PREFIX + key, value);
        }
    }
}
