package io.dsec2.internal.state;

import io.dsec2.spi.StateStore;
import java.nio.file.Path;
import java.time.Duration;

/** Test launcher: takes a cluster lock in a separate JVM, says so, then waits (at most 60 s) to be killed. */
public final class LockHolderMain {
    private LockHolderMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        StateStore.directory(Path.of(args[0])).lock(args[1], "holder-process", Duration.ZERO);
        System.out.println("LOCKED");
        System.out.flush();
        Thread.sleep(60_000);
    }
}
