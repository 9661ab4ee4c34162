package io.dsec2.internal.engine;

import io.dsec2.event.ClusterListener;
import io.dsec2.event.StageEvent;
import io.dsec2.event.TaskEvent;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls a user's {@link ClusterListener}, catching and logging whatever it throws. Thread-safe. */
final class SafeListener implements ClusterListener {
    private static final Logger LOG = LoggerFactory.getLogger(SafeListener.class);
    private final ClusterListener delegate;

    SafeListener(ClusterListener delegate) {
        this.delegate = delegate;
    }

    private <E> void call(String method, Consumer<E> callback, E event) {
        try {
            callback.accept(event);
        } catch (RuntimeException e) {
            LOG.warn("Listener {} threw from {}; ignored (listeners must not throw)",
                    delegate.getClass().getName(), method, e);
        }
    }

    @Override
    public void transferProgress(io.dsec2.event.TransferEvent e) {
        call("transferProgress", delegate::transferProgress, e);
    }

    @Override
    public void stageStarted(StageEvent e) {
        call("stageStarted", delegate::stageStarted, e);
    }

    @Override
    public void stageSucceeded(StageEvent e) {
        call("stageSucceeded", delegate::stageSucceeded, e);
    }

    @Override
    public void stageFailed(StageEvent e) {
        call("stageFailed", delegate::stageFailed, e);
    }

    @Override
    public void taskStarted(TaskEvent e) {
        call("taskStarted", delegate::taskStarted, e);
    }

    @Override
    public void taskSkipped(TaskEvent e) {
        call("taskSkipped", delegate::taskSkipped, e);
    }

    @Override
    public void taskRetrying(TaskEvent e) {
        call("taskRetrying", delegate::taskRetrying, e);
    }

    @Override
    public void taskSucceeded(TaskEvent e) {
        call("taskSucceeded", delegate::taskSucceeded, e);
    }

    @Override
    public void taskFailed(TaskEvent e) {
        call("taskFailed", delegate::taskFailed, e);
    }
}
