package dev.sandprof.host.repl;

import dev.sandprof.host.Interpreter;
import dev.sandprof.host.SandboxOptions;
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
    private volatile SandprofExecutionControl last;

    /** For JShell's service loader: options from the parameters. */
    public SandprofExecutionProvider() {
        this(null);
    }

    /** With these sandbox options (their output streams are replaced by JShell's). */
    public SandprofExecutionProvider(SandboxOptions options) {
        this.options = options;
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
        b.stdout(env.userOut()).stderr(env.userErr()).spare(true);
        SandprofExecutionControl made = new SandprofExecutionControl(Interpreter.external(b.build()));
        last = made;
        return made;
    }

    /** The engine made last: the REPL asks it how its sandbox ended. */
    public SandprofExecutionControl last() {
        return last;
    }
}
