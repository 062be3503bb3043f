package dev.sandprof.host;

import java.nio.file.Path;
import java.util.List;

/**
 * A host program for {@link HostLifecycleIT}: starts a sandbox, runs a tiny program in it, prints
 * the sandbox's pid, then exits without closing the interpreter ({@code exit}) or waits to be
 * killed ({@code wait}).
 */
public final class HostProcess {

    public static void main(String[] args) throws Exception {
        Interpreter sandbox = Interpreter.external(SandboxOptions.defaults());
        sandbox.define(Programs.compile(Path.of(args[1]), "Tiny", Programs.mainOf("Tiny", "int x = 1 + 1;")).classes());
        sandbox.runMain("Tiny", List.of());
        System.out.println(sandbox.info().pid());
        System.out.flush();
        if (args[0].equals("wait")) {
            Thread.sleep(600_000);
        }
        System.exit(0);
    }
}
