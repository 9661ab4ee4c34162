package io.dsec2.internal.spec;

import io.dsec2.model.Secret;
import io.dsec2.model.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Collects violations in order. Not thread-safe; one per validation run. */
final class Report {
    /** The longest registry duration (session timeout, connect wait) accepted. */
    static final Duration MAX_DURATION = Duration.ofHours(24);
    private final List<Violation> violations = new ArrayList<>();

    void error(String path, String message) {
        violations.add(Violation.error(path, Grammar.hideOddValues(message)));
    }

    void warn(String path, String message) {
        violations.add(Violation.warning(path, Grammar.hideOddValues(message)));
    }

    /** Records an error at {@code path} when {@code problem} is not null. */
    void problem(String path, String problem) {
        if (problem != null) {
            error(path, problem);
        }
    }

    boolean required(String path, String value, String what) {
        if (value.isBlank()) {
            error(path, "is required: set " + what);
            return false;
        }
        return true;
    }

    void matches(String path, String value, Pattern pattern, String expected) {
        if (!value.isEmpty() && !pattern.matcher(value).matches()) {
            error(path, "'" + value + "' is not valid: expected " + expected);
        }
    }

    void range(String path, int value, int min, int max, String unit) {
        if (value < min || value > max) {
            error(path, "must be " + min + "-" + max + unit + ", got " + value);
        }
    }

    void positive(String path, Duration d) {
        if (d.isNegative() || d.isZero()) {
            error(path, "must be a positive duration, got " + d);
        } else if (d.compareTo(MAX_DURATION) > 0) {
            error(path, "must be at most 24 hours, got " + d);
        }
    }

    void cidrs(String path, List<String> cidrs) {
        for (int i = 0; i < cidrs.size(); i++) {
            cidr(path + "[" + i + "]", cidrs.get(i));
        }
    }

    void cidr(String path, String cidr) {
        String problem = Formats.cidrProblem(cidr);
        if (problem != null) {
            error(path, problem);
        } else if (cidr.contains(":")) {
            error(path, "'" + cidr + "' is an IPv6 CIDR: ds-ec2 writes IPv4 security-group rules only; give IPv4 CIDRs");
        }
    }

    /** Warns when {@code cidrs} open {@code what} to the whole internet. */
    void openToInternet(String path, List<String> cidrs, String what) {
        for (int i = 0; i < cidrs.size(); i++) {
            String c = cidrs.get(i).trim();
            if (c.equals("0.0.0.0/0") || c.equals("::/0")) {
                warn(cidrs.size() == 1 && !path.endsWith("s") ? path : path + "[" + i + "]", c + " opens " + what
                        + " to the whole internet: list only the networks that need it");
            }
        }
    }

    void absolutePath(String path, String value) {
        if (!value.startsWith("/") || value.contains(" ") || value.contains("..")) {
            error(path, "'" + value + "' must be an absolute path without spaces or '..', for example /opt/dolphinscheduler");
        }
    }

    void secret(String path, Secret secret) {
        if (secret.kind() == Secret.Kind.LITERAL) {
            warn(path, "is a literal secret: it sits in your source; use {secrets_manager: ...}, {ssm: ...},"
                    + " {env: ...} or {file: ...}");
        }
    }

    List<Violation> violations() {
        return List.copyOf(violations);
    }
}
