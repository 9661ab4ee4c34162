package io.dsec2.examples.cli;

import io.dsec2.event.ClusterListener;
import io.dsec2.event.StageEvent;
import io.dsec2.event.TaskEvent;
import io.dsec2.event.TransferEvent;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows an operation's progress (create, scale, config updates, restarts, whose stages are named like
 * {@code worker-batch-1}): on a terminal a progress bar per stage (nodes done / total) and one per transfer
 * (bytes, rate, time left); plain stage lines otherwise (CI logs); every failure or retry as it happens.
 */
final class ConsoleProgress implements ClusterListener {
    private final PrintWriter out;
    private final boolean terminal = System.console() != null;
    private final Map<String, ProgressBar> bars = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> done = new ConcurrentHashMap<>();
    private final Map<String, ProgressBar> transfers = new ConcurrentHashMap<>();

    ConsoleProgress(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void stageStarted(StageEvent e) {
        done.put(e.stage(), new AtomicInteger());
        if (terminal) {
            bars.put(e.stage(), new ProgressBarBuilder().setTaskName(String.format("[%2d/%d] %-13s", e.stageIndex(),
                    e.stageCount(), e.stage())).setInitialMax(e.taskCount()).setStyle(ProgressBarStyle.ASCII)
                    .continuousUpdate().build());
        } else {
            line(String.format("[%2d/%d] %-13s %d task(s)", e.stageIndex(), e.stageCount(), e.stage(), e.taskCount()));
        }
    }

    @Override
    public void transferProgress(TransferEvent e) {
        if (!terminal) {
            return;
        }
        String key = e.nodeId() + " " + e.what();
        // bars redraw their own line: while bytes move, the stage bars wait, so the two do not overwrite each other
        ProgressBar bar = transfers.computeIfAbsent(key, k -> {
            bars.values().forEach(ProgressBar::pause);
            return newTransferBar(e);
        });
        bar.stepTo(e.bytesDone());
        if (e.done()) {
            transfers.remove(key);
            bar.close();
            if (transfers.isEmpty()) {
                bars.values().forEach(ProgressBar::resume);
            }
        }
    }

    private static ProgressBar newTransferBar(TransferEvent e) {
        return new ProgressBarBuilder()
                .setTaskName("  " + e.nodeId() + " <- " + e.what()).setInitialMax(e.bytesTotal())
                .setUnit(" MiB", 1L << 20).showSpeed().setStyle(ProgressBarStyle.ASCII).continuousUpdate().build();
    }

    @Override
    public void stageSucceeded(StageEvent e) {
        end(e, "done");
    }

    @Override
    public void stageFailed(StageEvent e) {
        end(e, "FAILED" + e.error().map(m -> ": " + m).orElse(""));
    }

    private void end(StageEvent e, String what) {
        ProgressBar bar = bars.remove(e.stage());
        if (bar != null) {
            bar.close();
        }
        line(String.format("[%2d/%d] %-13s %s in %.1f s", e.stageIndex(), e.stageCount(), e.stage(), what,
                e.duration().toMillis() / 1000.0));
    }

    @Override
    public void taskSucceeded(TaskEvent e) {
        step(e);
    }

    @Override
    public void taskSkipped(TaskEvent e) {
        step(e);
    }

    private void step(TaskEvent e) {
        ProgressBar bar = bars.get(e.stage());
        if (bar != null) {
            bar.step();
        }
        AtomicInteger n = done.get(e.stage());
        if (n != null) {
            n.incrementAndGet();
        }
    }

    @Override
    public void taskRetrying(TaskEvent e) {
        line("  retrying " + e.taskId() + " (attempt " + (e.attempt() + 1) + ")" + e.error().map(m -> ": " + m).orElse(""));
    }

    @Override
    public void taskFailed(TaskEvent e) {
        line("  FAILED " + e.taskId() + e.error().map(m -> ": " + m).orElse(""));
    }

    private synchronized void line(String s) {
        out.println(s);
        out.flush();
    }
}
