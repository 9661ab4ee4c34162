package io.dsec2.examples.cli;

import io.dsec2.DsCluster;
import io.dsec2.validate.Finding;
import io.dsec2.validate.ValidateOptions;
import java.io.PrintWriter;
import java.util.List;

/** The spec's own warnings (offline rules, no network call), each printed once as a plain line on stderr. */
final class SpecWarnings {
    private SpecWarnings() {
    }

    /** @return the spec's warnings and infos, from the offline validation rules */
    static List<Finding> of(DsCluster cluster) {
        return cluster.validate(ValidateOptions.builder().online(false).build()).findings().stream()
                .filter(f -> f.level() == Finding.Level.WARNING).toList();
    }

    static void print(PrintWriter err, List<Finding> warnings) {
        for (Finding f : warnings) {
            err.println("warning: " + f.path() + ": " + f.message() + " [" + f.id() + "]");
        }
        err.flush();
    }
}
