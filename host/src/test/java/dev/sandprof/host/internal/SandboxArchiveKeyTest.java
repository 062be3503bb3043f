package dev.sandprof.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What an archive is named by: a benchmark fork's compiler hints, in a temporary file of its own, are not part of it. */
class SandboxArchiveKeyTest {

    @Test
    void compileCommandsDoNotNameAnArchiveOtherFlagsDo() {
        List<String> one = List.of("java", "-XX:CompileCommandFile=/tmp/sandprof-compilecommand1", "-Dx=1", "-m", "main");
        List<String> two = List.of("java", "-XX:CompileCommandFile=/tmp/sandprof-compilecommand2",
                "-XX:CompileCommand=quiet", "-Dx=1", "-m", "main");
        assertThat(SandboxArchive.keyed(one)).isEqualTo(SandboxArchive.keyed(two)).containsExactly("java", "-Dx=1", "-m", "main");
        assertThat(SandboxArchive.keyed(List.of("java", "-Xmx1g", "-m", "main")))
                .isNotEqualTo(SandboxArchive.keyed(List.of("java", "-m", "main")));
    }
}
