package dev.sandprof.host;

import java.nio.file.Path;
import java.util.List;

/**
 * A host program for {@link HostLifecycleIT}: starts a sandbox, runs a tiny program in it, prints
 * the sandbox's pid, then exits without closing the interpreter ({@code exit}), waits to be
 * killed ({@code wait}), or runs a program that naps 4 s and says whether it ended well ({@code nap}).
 */
public final class HostProcess {

    public static void main(String[] args) throws Exception {
        boolean napping = args[0].equals("nap");
        // nap: a short liveness bound, which a host stopped together with its sandbox must not take for a silent sandbox
        Interpreter sandbox = Interpreter.external(napping
                ? SandboxOptions.builder().livenessTimeout(java.time.Duration.ofSeconds(2)).build() : SandboxOptions.defaults());
        sandbox.define(Programs.compile(Path.of(args[1]), "Tiny", Programs.mainOf("Tiny", "int x = 1 + 1;")).classes());
        sandbox.runMain("Tiny", List.of());
        System.out.println(sandbox.info().pid());
        System.out.flush();
        if (args[0].equals("wait")) {
            Thread.sleep(600_000);
        }
        if (napping) {
            // "napping" comes after a second, by when the sandbox has answered probes: the short bound is in force.
            sandbox.define(Programs.compile(Path.of(args[1]), "Nap", Programs.mainOf("Nap",
                    "Thread.sleep(1000);", "System.out.println(\"napping\");", "Thread.sleep(3000);")).classes());
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
