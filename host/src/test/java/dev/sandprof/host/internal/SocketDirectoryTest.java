package dev.sandprof.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Socket directories are named by their host's pid, and those of hosts that are gone are swept. */
class SocketDirectoryTest {

    @TempDir
    Path tmp;

    @Test
    void theDirectoriesOfDeadHostsAreSweptAndOthersKept() throws Exception {
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Path stale = Files.createDirectories(tmp.resolve("sandprof-" + dead.pid() + "-123"));
        Files.writeString(stale.resolve("channel"), "");
        Path staleTraining = Files.createDirectories(tmp.resolve("sandprof-" + dead.pid() + "-training-456"));
        Path live = Files.createDirectories(tmp.resolve("sandprof-" + ProcessHandle.current().pid() + "-789"));
        Path notOurs = Files.createDirectories(tmp.resolve("sandprof-notes"));
        Path unrelated = Files.createDirectories(tmp.resolve("other-" + dead.pid() + "-1"));

        SocketDirectory.sweep(tmp, live);

        assertThat(stale).doesNotExist();
        assertThat(staleTraining).doesNotExist();
        assertThat(live).exists();
        assertThat(notOurs).exists();
        assertThat(unrelated).exists();
    }

    @Test
    void aDirectoryIsNamedByThisHostsPidAndGoesWhenClosed() {
        SocketDirectory dir = SocketDirectory.create();
        assertThat(dir.path().getFileName().toString()).startsWith("sandprof-" + ProcessHandle.current().pid() + "-");
        assertThat(dir.socket().getParent()).isEqualTo(dir.path());
        dir.close();
        assertThat(dir.path()).doesNotExist();
    }
}
