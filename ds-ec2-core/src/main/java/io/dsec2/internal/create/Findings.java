package io.dsec2.internal.create;

import io.dsec2.validate.Finding;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A thread-safe sink for the findings of one validate run. Messages must never contain secret values. */
final class Findings {
    private final List<Finding> all = new CopyOnWriteArrayList<>();

    void error(String id, String path, String message) {
        all.add(Finding.of(id, Finding.Level.ERROR, path, message));
    }

    void warn(String id, String path, String message) {
        all.add(Finding.of(id, Finding.Level.WARNING, path, message));
    }

    void info(String id, String path, String message) {
        all.add(Finding.of(id, Finding.Level.INFO, path, message));
    }

    void notChecked(String id, String path, String why) {
        info(id, path, "not checked: " + why);
    }

    List<Finding> all() {
        return List.copyOf(all);
    }
}
