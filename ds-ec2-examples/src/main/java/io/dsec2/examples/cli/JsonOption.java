package io.dsec2.examples.cli;

import java.io.PrintWriter;
import java.io.Writer;
import picocli.CommandLine.Option;

/**
 * {@code --json}: the command prints one JSON object with its result on stdout (and nothing else there), shows no
 * progress and asks no question. Errors still go to stderr, and the exit code is the same as without it.
 */
final class JsonOption {
    @Option(names = "--json", description = "Print the result as one JSON object on stdout (no progress, no"
            + " questions; errors also as {\"error\": ...}).")
    boolean json;

    /** @return where prose goes: {@code out}, or nowhere with {@code --json} */
    PrintWriter prose(PrintWriter out) {
        return json ? new PrintWriter(Writer.nullWriter()) : out;
    }

    /** Prints {@code result} as one line of JSON. */
    static void print(PrintWriter out, Object result) {
        out.println(Json.write(result));
        out.flush();
    }
}
