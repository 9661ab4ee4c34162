package io.dsec2.examples.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code --verbose} and {@code --log-file}, accepted by every command. They are read from the raw arguments by
 * {@link CliLogging} before parsing (logging is configured before anything logs); here they are declared so that
 * picocli accepts and documents them.
 */
final class LogOptions {
    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Also show library log lines (INFO and above) on stderr.")
    boolean verbose;

    @Option(names = "--log-file", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Write a detailed log (ds-ec2 DEBUG, libraries INFO, with time and thread) to FILE.")
    Path logFile;
}
