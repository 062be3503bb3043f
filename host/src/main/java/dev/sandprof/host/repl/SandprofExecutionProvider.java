package dev.sandprof.host.repl;

import dev.sandprof.host.Interpreter;
import dev.sandprof.host.SandboxOptions;
import dev.sandprof.sandbox.SandboxMain;
import java.nio.file.Path;
import java.util.Map;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's way to find the sandprof engine, by the name {@code sandprof}: {@code sandprof repl}
 * passes one with its options; a stock {@code jshell} finds it on its class path and takes
 * {@code java} (the sandbox's launcher) as a parameter: {@code --execution "sandprof(java:/path/bin/java)"}.
 */
public final class SandprofExecutionProvider implements ExecutionControlProvider {

    private final SandboxOptions options;
    private final boolean inProcess;
    private volatile SandprofExecutionControl last;

    /** For JShell's service loader: options from the parameters. */
    public SandprofExecutionProvider() {
        this(null, false);
    }

    /**
     * With these sandbox options (their output streams are replaced by JShell's).
     *
     * @param inProcess run the snippets in this JVM ({@link Interpreter#inProcess}) rather than in a sandbox
     */
    public SandprofExecutionProvider(SandboxOptions options, boolean inProcess) {
        this.options = options;
        this.inProcess = inProcess;
    }

    @Override
    public String name() {
        return "sandprof";
    }

    @Override
    public Map<String, String> defaultParameters() {
        return Map.of("java", "");
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
        SandboxOptions.Builder b = options != null ? options.toBuilder() : SandboxOptions.builder();
        String java = parameters == null ? null : parameters.get("java");
        if (java != null && !java.isEmpty()) {
            b.java(Path.of(java));
        }
        b.stdout(env.userOut()).stderr(env.userErr());
        Interpreter sandbox;
        if (inProcess) {
            sandbox = Interpreter.inProcess(b.build());
        } else {
            // Ctrl-C at a terminal reaches the sandbox too (same process group): it must not end it, the
            // engine's stop() interrupts the snippet instead.
            // jdk.jshell as in JShell's own remote VM: a method that waits for a declaration throws its
            // SPIResolutionException (without the module, the snippet calling it fails to link instead).
            sandbox = Interpreter.external(b.spare(true).jvmArg("-D" + SandboxMain.SIGINT_PROPERTY + "=ignore")
                    .jvmArg("--add-modules=jdk.jshell").build());
        }
        SandprofExecutionControl made = new SandprofExecutionControl(sandbox);
        last = made;
        return made;
    }

    /** The engine made last: the REPL asks it how its sandbox ended. */
    public SandprofExecutionControl last() {
        return last;
    }
}
