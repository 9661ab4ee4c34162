package io.dsec2.examples.cli;

import io.dsec2.exception.ClusterOperationException;
import io.dsec2.exception.DsEc2Exception;
import io.dsec2.exception.InvalidClusterSpecException;
import io.dsec2.exception.RolloutException;
import io.dsec2.exception.StateLockedException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Turns failures into a message on stderr and the documented exit code; stack traces only with --verbose. */
final class ErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        int code = handle(ex, cmd);
        ParseResult leaf = cmd.getParseResult();
        if (leaf != null && leaf.hasMatchedOption("--json")) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("error", ex.getMessage() == null ? ex.toString() : ex.getMessage());
            m.put("exitCode", code);
            if (ex instanceof ClusterOperationException c) {
                java.util.Map<String, String> failed = new java.util.TreeMap<>();
                c.failedNodes().forEach((node, cause) -> failed.put(node, cause.getMessage()));
                m.put("failedNodes", failed);
                m.put("rollback", c.rollback().map(Object::toString));
            }
            if (ex instanceof RolloutException r) {
                m.put("result", JsonViews.rollout(r.result()));
            }
            JsonOption.print(cmd.getOut(), m);
        }
        return code;
    }

    private static int handle(Exception ex, CommandLine cmd) {
        var err = cmd.getErr();
        if (ex instanceof InvalidClusterSpecException) {
            err.println(ex.getMessage());
            return DsEc2Cli.BAD_INPUT;
        }
        if (ex instanceof StateLockedException) {
            err.println("error: " + ex.getMessage());
            return DsEc2Cli.LOCKED;
        }
        if (ex instanceof ClusterOperationException c) {
            err.println("error: " + c.getMessage());
            c.failedNodes().forEach((node, cause) -> err.println("  " + node + ": " + cause.getMessage()));
            c.rollback().ifPresent(r -> err.println("rollback: " + r));
            return DsEc2Cli.FAILED;
        }
        if (ex instanceof RolloutException r) {
            err.println("error: " + r.getMessage());
            err.print(RolloutReport.render(r.result()));
            err.flush();
            return DsEc2Cli.FAILED;
        }
        if (ex instanceof DsEc2Exception) {
            err.println("error: " + ex.getMessage());
            return DsEc2Cli.FAILED;
        }
        if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException) {
            err.println("error: " + ex.getMessage());
            return DsEc2Cli.BAD_INPUT;
        }
        err.println("error: " + ex);
        return DsEc2Cli.FAILED;
    }
}
