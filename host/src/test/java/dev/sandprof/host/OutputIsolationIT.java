package dev.sandprof.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever a program does to its stdout and stderr, the channel is not disturbed: it is not
 * stdout. One sandbox serves all the tests, each of which must leave it answering.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutputIsolationIT {

    private final SynchronizedBuffer out = new SynchronizedBuffer();
    private final SynchronizedBuffer err = new SynchronizedBuffer();
    private Interpreter sandbox;
    @TempDir
    Path dir;

    @BeforeAll
    void start() {
        sandbox = Interpreter.external(SandboxOptions.builder().stdout(out).stderr(err).build());
    }

    @AfterAll
    void stop() {
        sandbox.close();
    }

    @BeforeEach
    void clear() {
        out.clear();
        err.clear();
    }

    private void run(String name, String... statements) {
        run(sandbox, name, statements);
    }

    private void run(Interpreter in, String name, String... statements) {
        in.define(Programs.compile(dir, name, Programs.mainOf(name, statements)).classes());
        in.runMain(name, List.of());
        in.ping();
    }

    /** For programs that change System.out or System.err for good: they get a sandbox of their own. */
    private Interpreter ownSandbox() {
        return Interpreter.external(SandboxOptions.builder().stdout(out).stderr(err).build());
    }

    @Test
    void binaryGarbageOnSystemOutArrivesIntactAndHarmless() {
        run("Garbage",
                "byte[] b = new byte[256];",
                "for (int i = 0; i < 256; i++) b[i] = (byte) i;",
                // A forged frame header and a forged handshake magic among the bytes.
                "System.out.write(new byte[] {0, 0, 0, 8, 'S', 'P', 'R', 'F'});",
                "System.out.write(b);",
                "System.out.flush();");
        byte[] got = out.bytes();
        assertThat(got).hasSize(8 + 256);
        for (int i = 0; i < 256; i++) {
            assertThat(got[8 + i]).isEqualTo((byte) i);
        }
    }

    @Test
    void writesToTheRawFileDescriptorsReachTheHost() throws Exception {
        run("RawFd",
                "java.io.FileOutputStream fd1 = new java.io.FileOutputStream(java.io.FileDescriptor.out);",
                "fd1.write(new byte[] {0, 0, 0, 4, 1, 2, 3, 4});",
                "fd1.write(\"raw out\\n\".getBytes());",
                "fd1.flush();",
                "new java.io.FileOutputStream(java.io.FileDescriptor.err).write(\"raw err\\n\".getBytes());");
        // fd 1 and 2 are pumped by their own threads: wait for the bytes without sleeping.
        while (!out.text().contains("raw out") || !err.text().contains("raw err")) {
            Thread.onSpinWait();
        }
        assertThat(out.bytes()).startsWith(0, 0, 0, 4, 1, 2, 3, 4);
    }

    @Test
    void settingSystemOutToNullDoesNotStopTheSandbox() {
        try (Interpreter own = ownSandbox()) {
            run(own, "NullOut", "System.setOut(null);", "System.err.println(\"still here\");");
            assertThat(err.text()).isEqualTo("still here\n");
            run(own, "AfterNullOut", "System.err.println(\"next request\");");
            assertThat(err.text()).isEqualTo("still here\nnext request\n");
        }
    }

    @Test
    void closingSystemErrDoesNotCloseTheChannel() {
        try (Interpreter own = ownSandbox()) {
            run(own, "CloseErr", "System.err.println(\"bye\");", "System.err.close();", "System.out.close();");
            assertThat(err.text()).isEqualTo("bye\n");
            run(own, "AfterClose", "System.out.println(\"lost: the program closed it\");");
            own.ping();
        }
    }

    @Test
    void aFloodOfOutputArrivesWholeAndInOrder() {
        run("Flood", "for (int i = 0; i < 200_000; i++) System.out.println(i);");
        String[] lines = out.text().split("\n");
        assertThat(lines).hasSize(200_000);
        assertThat(lines[0]).isEqualTo("0");
        assertThat(lines[199_999]).isEqualTo("199999");
        for (int i = 0; i < lines.length; i += 9973) {
            assertThat(lines[i]).isEqualTo(Integer.toString(i));
        }
    }

    @Test
    void stdoutAndStderrKeepTheirOrderAcrossTheTwoStreams() {
        SynchronizedBuffer both = new SynchronizedBuffer();
        try (Interpreter merged = Interpreter.external(SandboxOptions.builder().stdout(both).stderr(both).build())) {
            merged.define(Programs.compile(dir, "Interleave", Programs.mainOf("Interleave",
                    "for (int i = 0; i < 50; i++) { System.out.println(\"out \" + i); System.err.println(\"err \" + i); }")).classes());
            merged.runMain("Interleave", List.of());
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                expected.append("out ").append(i).append('\n').append("err ").append(i).append('\n');
            }
            assertThat(both.text()).isEqualTo(expected.toString());
        }
    }
}
