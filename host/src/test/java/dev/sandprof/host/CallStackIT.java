package dev.sandprof.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's call stacks, asked for by code in a real sandbox. */
class CallStackIT {

    @TempDir
    Path dir;

    @Test
    void codeShippedAfterInstrumentSeesItsCallStack() {
        try (Interpreter sandbox = Interpreter.external(SandboxOptions.builder().spare(false).build())) {
            sandbox.instrument();
            sandbox.define(Programs.compileWith(dir, sandbox, "Deep", "public class Deep {\n"
                    + "    public static Object a() { return b(); }\n"
                    + "    static Object b() { return c(2); }\n"
                    + "    static Object c(int n) { return n == 0 ? dev.sandprof.agent.CallStack.current() : c(n - 1); }\n"
                    + "}\n").classes());
            assertThat(sandbox.invokeStatic("Deep", "a").display())
                    .isEqualTo("[Deep.c, Deep.c, Deep.c, Deep.b, Deep.a]");
            // Snippets are shipped code too.
            assertThat(sandbox.eval("Deep.a().toString()").display())
                    .startsWith("[Deep.c, Deep.c, Deep.c, Deep.b, Deep.a, SandprofSnippet").endsWith(".eval]");
        }
    }

    @Test
    void inProcessThereIsNoAgentToInstrumentWith() {
        try (Interpreter sandbox = Interpreter.inProcess(SandboxOptions.defaults())) {
            assertThatThrownBy(sandbox::instrument)
                    .isInstanceOf(RequestRefusedException.class).hasMessageContaining("external sandbox");
        }
    }
}
