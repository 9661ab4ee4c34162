package io.dsec2.internal.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.exception.StateLockedException;
import io.dsec2.spi.StateStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock of a process that dies is released by the operating system. Uses a second JVM. */
class FileStateLockProcessTest {
    @TempDir
    Path root;

    @Test
    void lockOfAKilledProcessIsReleased() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LockHolderMain.class.getName(), root.toString(), "prod")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(out.readLine()).as("holder JVM reports the lock taken").isEqualTo("LOCKED");
            StateStore store = StateStore.directory(root);
            assertThatThrownBy(() -> store.lock("prod", "me", Duration.ZERO))
                    .isInstanceOfSatisfying(StateLockedException.class, e -> assertThat(e.owner())
                            .isEqualTo("holder-process (pid " + holder.pid() + ")"));

            holder.destroyForcibly(); // SIGKILL: no chance to release anything itself
            assertThat(holder.waitFor(20, TimeUnit.SECONDS)).isTrue();

            store.lock("prod", "me", Duration.ZERO).close();
        } finally {
            if (holder.isAlive()) {
                holder.destroyForcibly();
                holder.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }
}
