package dev.sandprof.host;

import java.nio.file.Path;
import java.util.List;

/**
 * A host program for {@link HostDeathIT}, killed with SIGKILL at some point of its life: it prints
 * a line as it reaches each stage, and its sandboxes carry {@code -Dsandprof.test.marker=MARKER}
 * so that the test can find every JVM it started. Arguments: MARKER WORK_DIR.
 */
public final class DyingHost {

    public static void main(String[] args) throws Exception {
        CompiledProgram nap = Programs.compile(Path.of(args[1]), "Nap", Programs.mainOf("Nap", "Thread.sleep(300);"));
        say("starting");
        Interpreter sandbox = Interpreter.external(SandboxOptions.builder()
                .jvmArg("-Dsandprof.test.marker=" + args[0])
                // The training JVM makes its own socket directory: in the test's, too.
                .jvmArg("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"))
                .build());
        say("launching");
        sandbox.define(nap.classes());
        say("started"); // the first sandbox is up, and trains the archive of a fresh cache directory
        say("calling");
        sandbox.runMain("Nap", List.of());
        say("restarting");
        sandbox.restart(); // a spare starts
        say("restarted");
        sandbox.define(nap.classes());
        sandbox.runMain("Nap", List.of());
        say("done");
        Thread.sleep(600_000);
    }

    private static void say(String stage) {
        System.out.println(stage);
        System.out.flush();
    }
}
