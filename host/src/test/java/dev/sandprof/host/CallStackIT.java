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
    void theHostSeesTheStacksOfAllThreadsWhileTheProgramRuns() throws Exception {
        SynchronizedBuffer out = new SynchronizedBuffer();
        try (Interpreter sandbox = Interpreter.external(SandboxOptions.builder().spare(false).stdout(out).build())) {
            sandbox.instrument();
            sandbox.define(Programs.compileWith(dir, sandbox, "Stuck", "public class Stuck {\n"
                    + "    public static void main(String[] args) throws Exception {\n"
                    + "        Thread worker = new Thread(Stuck::work, \"worker\");\n"
                    + "        worker.setDaemon(true);\n"
                    + "        worker.start();\n"
                    + "        outer();\n"
                    + "    }\n"
                    + "    static void work() { deeper(); }\n"
                    + "    static void deeper() { hold(); }\n"
                    + "    static void outer() { hold(); }\n"
                    + "    static void hold() {\n"
                    + "        System.out.println(Thread.currentThread().getName() + \" holding\");\n"
                    + "        try { Thread.sleep(600_000); } catch (InterruptedException e) { }\n"
                    + "    }\n"
                    + "}\n").classes());
            java.util.concurrent.CompletableFuture<Void> run = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    sandbox.runMain("Stuck", java.util.List.of());
                } catch (SandboxException expected) {
                    // the sandbox is ended with the interpreter
                }
            });
            // Wait, without sleeping, until both threads print that they hold (the test's timeout bounds it).
            while (!out.text().contains("main holding") || !out.text().contains("worker holding")) {
                Thread.onSpinWait();
            }
            java.util.Map<String, java.util.List<String>> byThread = new java.util.HashMap<>();
            for (dev.sandprof.host.ThreadStack s : sandbox.threadStacks()) {
                byThread.put(s.threadName(), s.frames());
            }
            assertThat(byThread.get("main")).containsExactly("Stuck.hold", "Stuck.outer", "Stuck.main");
            assertThat(byThread.get("worker")).containsExactly("Stuck.hold", "Stuck.deeper", "Stuck.work");
            assertThat(run).isNotDone();
        }
    }

    @Test
    void inProcessThereIsNoAgentToInstrumentWith() {
        try (Interpreter sandbox = Interpreter.inProcess(SandboxOptions.defaults())) {
            assertThatThrownBy(sandbox::instrument)
                    .isInstanceOf(RequestRefusedException.class).hasMessageContaining("external sandbox");
            assertThatThrownBy(sandbox::threadStacks)
                    .isInstanceOf(RequestRefusedException.class).hasMessageContaining("external sandbox");
        }
    }
}
