package dev.sandprof.host;

import java.nio.file.Path;
import java.util.List;

/**
 * A host program for {@link HostLifecycleIT}: starts a sandbox, runs a tiny program in it, prints
 * the sandbox's pid, then exits without closing the interpreter ({@code exit}), waits to be
 * killed ({@code wait}), or runs a program that naps until the test wakes it and says whether it ended well ({@code nap}).
 */
public final class HostProcess {

    /** The nap's liveness bound. */
    static final java.time.Duration NAP_LIVENESS = java.time.Duration.ofSeconds(5);
    /** The file, in the directory given, whose creation ends the nap. */
    static final String WAKE = "wake";

    public static void main(String[] args) throws Exception {
        boolean napping = args[0].equals("nap");
        // nap: a short liveness bound, which a host stopped together with its sandbox must not take for
        // a silent sandbox; long enough for a sandbox on a busy machine to answer once it goes on
        Interpreter sandbox = Interpreter.external(napping
                ? SandboxOptions.builder().livenessTimeout(NAP_LIVENESS).build() : SandboxOptions.defaults());
        sandbox.define(Programs.compile(Path.of(args[1]), "Tiny", Programs.mainOf("Tiny", "int x = 1 + 1;")).classes());
        sandbox.runMain("Tiny", List.of());
        System.out.println(sandbox.info().pid());
        System.out.flush();
        if (args[0].equals("wait")) {
            Thread.sleep(600_000);
        }
        if (napping) {
            // "napping" comes after a second, by when the sandbox has answered probes: the short bound is in force.
            // It naps until the test wakes it (a file), so that the stops fall inside the call however late they come.
            String wake = Path.of(args[1]).resolve(WAKE).toString().replace("\\", "\\\\").replace("\"", "\\\"");
            sandbox.define(Programs.compile(Path.of(args[1]), "Nap", Programs.mainOf("Nap",
                    "Thread.sleep(1000);", "System.out.println(\"napping\");",
                    "java.nio.file.Path wake = java.nio.file.Path.of(\"" + wake + "\");",
                    "long end = System.nanoTime() + 300_000_000_000L;",
                    "while (!java.nio.file.Files.exists(wake) && System.nanoTime() < end) { Thread.sleep(10); }")).classes());
            try {
                sandbox.runMain("Nap", List.of());
                System.out.println("ok");
            } catch (SandboxException e) {
                System.out.println("failed: " + e.getMessage());
            }
            System.out.flush();
        }
        System.exit(0);
    }
}
