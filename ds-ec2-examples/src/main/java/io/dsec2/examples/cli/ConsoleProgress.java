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
 * {@code worker-batch-1}): on a terminal a progress bar per stage (nodes done / total, and the slowest node's
 * running step: the one that started first and has not finished) and one per transfer (bytes, rate, time left);
 * plain stage lines otherwise (CI logs), with a "waiting for" line at most every {@link #PLAIN_EVERY} while a
 * multi-node stage has nodes done and others still running; every failure or retry as it happens.
 */
final class ConsoleProgress implements ClusterListener {
    private final PrintWriter out;
    private final boolean terminal = System.console() != null;
    private final Map<String, ProgressBar> bars = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> done = new ConcurrentHashMap<>();
    private final Map<String, ProgressBar> transfers = new ConcurrentHashMap<>();
    /** Per stage: running task id → when it started. */
    private final Map<String, Map<String, Long>> running = new ConcurrentHashMap<>();
    private final Map<String, Integer> totals = new ConcurrentHashMap<>();
    private final Map<String, Long> lastPlain = new ConcurrentHashMap<>();
    /** How often at most a plain "waiting for" line is printed for one stage. */
    static final java.time.Duration PLAIN_EVERY = java.time.Duration.ofSeconds(15);

    ConsoleProgress(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void stageStarted(StageEvent e) {
        done.put(e.stage(), new AtomicInteger());
        running.put(e.stage(), new ConcurrentHashMap<>());
        totals.put(e.stage(), e.taskCount());
        lastPlain.put(e.stage(), System.nanoTime());
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
                .setTaskName(transferName(e)).setInitialMax(e.bytesTotal())
                .setUnit(" MiB", 1L << 20).showSpeed().setStyle(ProgressBarStyle.ASCII).continuousUpdate().build();
    }

    /**
     * The transfer bar's name, {@code "  master-1 <- package"}: short, because the bar library cuts the line at the
     * terminal's width (80 columns where it cannot tell), and the bytes, rate and time left must stay visible.
     */
    static String transferName(TransferEvent e) {
        String what = e.what();
        int space = what.indexOf(' ');
        return "  " + e.nodeId() + " <- " + (space > 0 ? what.substring(0, space) : what);
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
        running.remove(e.stage());
        totals.remove(e.stage());
        lastPlain.remove(e.stage());
        ProgressBar bar = bars.remove(e.stage());
        if (bar != null) {
            bar.close();
        }
        line(String.format("[%2d/%d] %-13s %s in %.1f s", e.stageIndex(), e.stageCount(), e.stage(), what,
                e.duration().toMillis() / 1000.0));
    }

    @Override
    public void taskStarted(TaskEvent e) {
        Map<String, Long> r = running.get(e.stage());
        if (r != null) {
            r.putIfAbsent(e.taskId(), System.nanoTime());
        }
        showSlowest(e.stage());
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
        Map<String, Long> r = running.get(e.stage());
        if (r != null) {
            r.remove(e.taskId());
        }
        ProgressBar bar = bars.get(e.stage());
        if (bar != null) {
            bar.step();
        }
        AtomicInteger n = done.get(e.stage());
        if (n != null) {
            n.incrementAndGet();
        }
        showSlowest(e.stage());
    }

    /**
     * The slowest node of a stage: the running task that started first, as {@code waiting for <task> (<s> s)};
     * empty when nothing runs.
     */
    static String slowest(Map<String, Long> runningSince, long now) {
        return runningSince.entrySet().stream().min(Map.Entry.comparingByValue())
                .map(en -> String.format("waiting for %s (%d s)", en.getKey(),
                        java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(now - en.getValue())))
                .orElse("");
    }

    private void showSlowest(String stage) {
        Map<String, Long> r = running.get(stage);
        Integer total = totals.get(stage);
        AtomicInteger n = done.get(stage);
        if (r == null || total == null || n == null || total < 2) {
            return;
        }
        long now = System.nanoTime();
        String msg = slowest(r, now);
        ProgressBar bar = bars.get(stage);
        if (bar != null) {
            bar.setExtraMessage(msg.isEmpty() ? "" : " " + msg);
            return;
        }
        Long last = lastPlain.get(stage);
        if (!terminal && !msg.isEmpty() && n.get() > 0 && last != null && now - last >= PLAIN_EVERY.toNanos()) {
            lastPlain.put(stage, now);
            line(String.format("        %-13s %d/%d done, %s", stage, n.get(), total, msg));
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
