package io.dsec2.examples.cli;

import picocli.CommandLine.Option;

/** Options of the commands that change a running cluster: a note, confirmation and the progress display. */
final class ApplyOptions {
    @Option(names = "--note", paramLabel = "TEXT", description = "A note recorded with the new configuration version"
            + " (one line, at most 500 characters).")
    String note = "";

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation. Without a terminal (scripts, CI) the"
            + " command never asks.")
    boolean yes;

    @Option(names = "--quiet", description = "No progress display.")
    boolean quiet;

    @picocli.CommandLine.Mixin
    JsonOption json = new JsonOption();
}
