package dev.sandprof.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sandprof.host.internal.ForeignRefs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link Interpreter} contract, run against both implementations: the external one starts one
 * real sandbox JVM (with the agent) that all its tests share.
 */
class InterpreterContractIT {

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class External extends Contract {
        @Override
        Interpreter create(SandboxOptions options) {
            return Interpreter.external(options);
        }

        @Test
        void theSandboxIsAnotherProcessWithTheAgent() {
            SandboxInfo info = sandbox.info();
            assertThat(info.pid()).isNotEqualTo(ProcessHandle.current().pid());
            assertThat(info.capabilities()).contains("agent");
            assertThat(info.javaFeature()).isEqualTo(Runtime.version().feature());
        }

        @Test
        void aCallInFlightDuringRestartIsToldTheRestartCutItShort() throws Exception {
            try (Interpreter own = create(SandboxOptions.builder().stdout(out).stderr(err).build())) {
                SandboxException e = cutShortBy(own, own::restart);
                assertThat(e).isInstanceOf(SandboxDiedException.class)
                        .hasMessageContaining("the call was cut short: this interpreter was restarted")
                        .hasMessageNotContaining("exited with status 0");
                assertThat(own.eval("1 + 1").display()).isEqualTo("2");
            }
        }

        @Test
        void aCallInFlightDuringCloseIsToldTheCloseCutItShort() throws Exception {
            Interpreter own = create(SandboxOptions.builder().stdout(out).stderr(err).build());
            SandboxException e = cutShortBy(own, own::close);
            assertThat(e).isInstanceOf(SandboxDiedException.class)
                    .hasMessageContaining("the call was cut short: this interpreter was closed")
                    .hasMessageNotContaining("exited with status 0");
        }

        /** Runs a program that waits, does {@code action} while it runs, and returns how the run failed. */
        private SandboxException cutShortBy(Interpreter own, Runnable action) throws Exception {
            own.define(Programs.compile(dir, "Waits", Programs.mainOf("Waits",
                    "System.out.println(\"waiting\");", "Thread.sleep(600_000);")).classes());
            java.util.concurrent.CompletableFuture<Throwable> run = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> org.assertj.core.api.Assertions.catchThrowable(() -> own.runMain("Waits", List.of())));
            while (!out.text().contains("waiting")) {
                Thread.onSpinWait(); // bounded by the test's timeout
            }
            action.run();
            Throwable failure = run.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(failure).isInstanceOf(SandboxException.class);
            return (SandboxException) failure;
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class InProcess extends Contract {
        @Override
        Interpreter create(SandboxOptions options) {
            return Interpreter.inProcess(options);
        }

        @Test
        void runsInThisJvmAndRefusesWhatNeedsAProcess() {
            assertThat(sandbox.info().pid()).isEqualTo(ProcessHandle.current().pid());
            assertThatThrownBy(() -> Interpreter.inProcess(SandboxOptions.builder().jvmArg("-Xmx64m").build()))
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("external sandbox");
            assertThatThrownBy(() -> Interpreter.inProcess(SandboxOptions.builder()
                    .timeout(java.time.Duration.ofSeconds(1)).build()))
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("timeout");
        }
    }

    abstract static class Contract {
        final SynchronizedBuffer out = new SynchronizedBuffer();
        final SynchronizedBuffer err = new SynchronizedBuffer();
        Interpreter sandbox;
        @TempDir
        Path dir;

        abstract Interpreter create(SandboxOptions options);

        @BeforeAll
        void start() {
            sandbox = create(SandboxOptions.builder().stdout(out).stderr(err).build());
        }

        @AfterAll
        void stop() {
            sandbox.close();
        }

        @BeforeEach
        void clearOutput() {
            out.clear();
            err.clear();
        }

        @Test
        void runsMainWithItsArgumentsAndDeliversItsOutputBeforeReturning() {
            CompiledProgram p = Programs.compile(dir, "Greeter", Programs.mainOf("Greeter",
                    "System.out.println(\"hello \" + String.join(\",\", args));",
                    "System.err.println(\"to stderr\");",
                    "System.out.print(\"no newline\");"));
            sandbox.define(p.classes());
            sandbox.runMain("Greeter", List.of("a", "b c"));
            assertThat(out.text()).isEqualTo("hello a,b c\nno newline");
            assertThat(err.text()).isEqualTo("to stderr\n");
        }

        @Test
        void anInterruptReachesTheRunningProgramAndNothingElse() throws Exception {
            CompiledProgram p = Programs.compile(dir, "Sleeper", Programs.mainOf("Sleeper",
                    "System.out.println(\"waiting\");",
                    "try { Thread.sleep(60_000); System.out.println(\"slept\"); }",
                    "catch (InterruptedException e) { System.out.println(\"interrupted\"); }"));
            sandbox.define(p.classes());
            java.util.concurrent.ExecutorService caller = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                java.util.concurrent.Future<Boolean> running = caller.submit(() -> {
                    sandbox.runMain("Sleeper", List.of());
                    return Thread.currentThread().isInterrupted();
                });
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
                while (!out.text().contains("waiting")) {
                    assertThat(System.nanoTime()).as("the program started within 30 s").isLessThan(deadline);
                    Thread.onSpinWait();
                }
                sandbox.interrupt();
                assertThat(running.get(30, java.util.concurrent.TimeUnit.SECONDS))
                        .as("the caller's interrupt status after the request").isFalse();
                assertThat(out.text()).isEqualTo("waiting\ninterrupted\n");
                sandbox.ping();
            } finally {
                caller.shutdownNow();
            }
        }

        @Test
        void aBugInSandprofsOwnCodeSaysSoWithItsStackAndTheSandboxGoesOn() {
            // No class name at all: sandprof's runtime fails on it, which is its bug, not a refusal.
            SandprofBugException bug = catchThrowableOfType(() -> sandbox.runMain(null, List.of()), SandprofBugException.class);
            assertThat(bug).isNotNull();
            assertThat(bug.getMessage()).startsWith("sandprof bug").contains("java.lang.NullPointerException")
                    // As printStackTrace prints it: in the sandbox the runtime is a named module.
                    .containsPattern("\tat (dev\\.sandprof\\.sandbox@[^/]*/)?dev\\.sandprof\\.sandbox\\.SandboxRuntime\\.invokeMain\\(");
            assertThat(bug.exception().className()).isEqualTo("java.lang.NullPointerException");
            sandbox.ping();
        }

        @Test
        void anExceptionComesBackAsDataWithTheUsersFramesOnly() {
            CompiledProgram p = Programs.compile(dir, "Thrower",
                    "public class Thrower {\n"
                    + "    public static void main(String[] args) {\n"
                    + "        outer();\n"
                    + "    }\n"
                    + "    static void outer() {\n"
                    + "        try {\n"
                    + "            Integer.parseInt(\"x\");\n"
                    + "        } catch (NumberFormatException e) {\n"
                    + "            IllegalStateException ise = new IllegalStateException(\"bad input\", e);\n"
                    + "            ise.addSuppressed(new RuntimeException(\"also\"));\n"
                    + "            throw ise;\n"
                    + "        }\n"
                    + "    }\n"
                    + "}\n");
            sandbox.define(p.classes());
            UserCodeException thrown = catchThrowableOfType(UserCodeException.class, () -> sandbox.runMain("Thrower", List.of()));
            ExceptionInfo e = thrown.exception();
            assertThat(e.className()).isEqualTo("java.lang.IllegalStateException");
            assertThat(e.message()).isEqualTo("bad input");
            assertThat(e.frames()).containsExactly(
                    new StackFrame("Thrower", "outer", "Thrower.java", 9),
                    new StackFrame("Thrower", "main", "Thrower.java", 3));
            assertThat(e.cause().className()).isEqualTo("java.lang.NumberFormatException");
            assertThat(e.cause().frames()).last().isEqualTo(new StackFrame("Thrower", "main", "Thrower.java", 3));
            assertThat(e.suppressed()).extracting(ExceptionInfo::message).containsExactly("also");
            assertThat(thrown.sandboxStackTrace()).startsWith(
                    "java.lang.IllegalStateException: bad input\n\tat Thrower.outer(Thrower.java:9)\n\tat Thrower.main(Thrower.java:3)\n");
        }

        @Test
        void invokeStaticReturnsTheValueAsARef() {
            CompiledProgram p = Programs.compile(dir, "Values",
                    "public class Values {\n"
                    + "    public static Object list() { return new java.util.ArrayList<>(java.util.List.of(3, 1, 2)); }\n"
                    + "    public static int answer() { return 42; }\n"
                    + "    public static void nothing() {}\n"
                    + "    public static String none() { return null; }\n"
                    + "    public static Object badToString() { return new Object() { public String toString() { throw new IllegalStateException(\"no\"); } }; }\n"
                    + "    public static String huge() { return \"x\".repeat(1_000_000); }\n"
                    + "}\n");
            sandbox.define(p.classes());
            ForeignRef<?> list = sandbox.invokeStatic("Values", "list");
            assertThat(list.typeName()).isEqualTo("java.util.ArrayList");
            assertThat(list.display()).isEqualTo("[3, 1, 2]");
            assertThat(ForeignRefs.remote(list)).isPresent();
            assertThat(ForeignRefs.remote(list).get().epoch()).isEqualTo(sandbox.info().epoch());
            ForeignRef<?> answer = sandbox.invokeStatic("Values", "answer");
            assertThat(answer.typeName()).isEqualTo("java.lang.Integer");
            assertThat(answer.display()).isEqualTo("42");
            assertThat(sandbox.invokeStatic("Values", "nothing").typeName()).isEqualTo("void");
            assertThat(ForeignRefs.remote(sandbox.invokeStatic("Values", "none"))).isEmpty();
            assertThat(sandbox.invokeStatic("Values", "badToString").display())
                    .startsWith("<toString() of Values$").contains("threw java.lang.IllegalStateException: no");
            assertThat(sandbox.invokeStatic("Values", "huge").display()).hasSizeLessThan(3000).endsWith("(1000000 chars)");
        }

        @Test
        void aClassDefinedAgainGoesIntoANewGenerationAndShadowsTheOldOne() {
            sandbox.define(Programs.compile(dir, "Version", "public class Version { public static int v() { return 1; } }").classes());
            assertThat(sandbox.invokeStatic("Version", "v").display()).isEqualTo("1");
            sandbox.define(Programs.compile(dir, "Version", "public class Version { public static int v() { return 2; } }").classes());
            assertThat(sandbox.invokeStatic("Version", "v").display()).isEqualTo("2");
        }

        @Test
        void classesCanComeFromAJarOnTheClassPath() throws Exception {
            CompiledProgram lib = Programs.compile(dir, "Lib", "package lib; public class Lib { public static String hi() { return \"from the jar\"; } }"
                    .replace("package lib; ", ""));
            Path jar = dir.resolve("lib.jar");
            try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(jar))) {
                for (Map.Entry<String, byte[]> c : lib.classes().entrySet()) {
                    j.putNextEntry(new JarEntry(c.getKey().replace('.', '/') + ".class"));
                    j.write(c.getValue());
                }
            }
            sandbox.addClassPath(List.of(jar));
            assertThat(sandbox.invokeStatic("Lib", "hi").display()).isEqualTo("from the jar");
        }

        @Test
        void unknownClassesAndMethodsAreRefusedClearlyAndTheSandboxGoesOn() {
            assertThatThrownBy(() -> sandbox.runMain("NoSuchClass", List.of()))
                    .isInstanceOf(RequestRefusedException.class).hasMessageContaining("no class named NoSuchClass");
            sandbox.define(Programs.compile(dir, "NoMain", "public class NoMain {}").classes());
            assertThatThrownBy(() -> sandbox.runMain("NoMain", List.of()))
                    .isInstanceOf(RequestRefusedException.class).hasMessageContaining("NoMain has no method main(String[])");
            sandbox.ping();
        }

        @Test
        void mainWaitsForTheThreadsTheProgramLeftRunning() {
            CompiledProgram p = Programs.compile(dir, "Threads", Programs.mainOf("Threads",
                    "Thread t = new Thread(() -> { for (int i = 0; i < 3; i++) System.out.println(\"worker \" + i); });",
                    "t.start();",
                    "System.out.println(\"main done\");"));
            sandbox.define(p.classes());
            sandbox.runMain("Threads", List.of());
            assertThat(out.text()).contains("main done", "worker 0", "worker 1", "worker 2");
        }

        @Test
        void anExceptionInAStaticInitialiserIsTheUsers() {
            sandbox.define(Programs.compile(dir, "BadInit", "public class BadInit {\n"
                    + "    static int x = Integer.parseInt(\"nope\");\n"
                    + "    public static void main(String[] args) {}\n}\n").classes());
            UserCodeException e = catchThrowableOfType(UserCodeException.class, () -> sandbox.runMain("BadInit", List.of()));
            assertThat(e.exception().className()).isEqualTo("java.lang.ExceptionInInitializerError");
            assertThat(e.exception().cause().className()).isEqualTo("java.lang.NumberFormatException");
            assertThat(e.exception().cause().frames().stream().map(StackFrame::describe).collect(Collectors.toList()))
                    .contains("BadInit.<clinit>(BadInit.java:2)");
        }

        @Test
        void evalReturnsValuesAsRefsThatCanBeBoundAndCalled() {
            ForeignRef<?> list = sandbox.eval("new java.util.ArrayList<>(java.util.List.of(3, 1, 2))");
            assertThat(list.typeName()).isEqualTo("java.util.ArrayList");
            ForeignRef<?> sorted = sandbox.eval("java.util.Collections.sort(xs)", Map.of("xs", list));
            assertThat(sorted.typeName()).isEqualTo("void");
            assertThat(ForeignRefs.remote(sorted)).isEmpty();
            ForeignRef<?> size = sandbox.eval("xs.size()", Map.of("xs", list));
            assertThat(size.display() + " : " + size.typeName()).isEqualTo("3 : java.lang.Integer");
            sandbox.call(list, "add", sandbox.eval("4"));
            assertThat(sandbox.eval("xs.toString()", Map.of("xs", list)).display()).isEqualTo("[1, 2, 3, 4]");
            assertThat(sandbox.eval("int a = 20;\nint b = 22;\na + b").display()).isEqualTo("42");
            assertThat(sandbox.eval("String s = null; s").typeName()).isEqualTo("null");
            assertThat(sandbox.eval("int unused = 1;").typeName()).isEqualTo("void");
            assertThat(sandbox.eval("if (true) return \"early\"; return \"late\";").display()).isEqualTo("early");
        }

        @Test
        void bindingsOfUnnameableClassesAreTypedByTheirMostUsefulPublicSupertype() {
            ForeignRef<?> immutable = sandbox.eval("java.util.List.of(1, 2, 3)");
            assertThat(immutable.staticType()).isEqualTo("java.util.List");
            assertThat(sandbox.eval("xs.get(1)", Map.of("xs", immutable)).display()).isEqualTo("2");
            assertThat(sandbox.call(immutable, "size").display()).isEqualTo("3");
            ForeignRef<?> anonymous = sandbox.eval("new Runnable() { public void run() { } }");
            assertThat(anonymous.staticType()).isEqualTo("java.lang.Runnable");
        }

        @Test
        void aToStringThatDoesNotReturnIsReportedAndTheSandboxGoesOn() {
            ForeignRef<?> stuck = sandbox.eval("new Object() { public String toString() {"
                    + " while (!Thread.currentThread().isInterrupted()) { } return \"late\"; } }");
            assertThat(stuck.display()).contains("did not return within 1000 ms");
            assertThat(sandbox.eval("6 * 7").display()).isEqualTo("42");
        }

        @Test
        void snippetsSeeDefinedClasses() {
            sandbox.define(Programs.compile(dir, "Fib", "public class Fib { public static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); } }").classes());
            assertThat(sandbox.eval("Fib.fib(20)").display()).isEqualTo("6765");
        }

        @Test
        void afterARestartSnippetsNoLongerSeeTheOldSandboxsClasses() {
            try (Interpreter own = create(SandboxOptions.builder().stdout(out).stderr(err).build())) {
                own.define(Programs.compile(dir, "Gone", "public class Gone { public static int v() { return 1; } }").classes());
                assertThat(own.eval("Gone.v()").display()).isEqualTo("1");
                own.restart();
                assertThatThrownBy(() -> own.eval("Gone.v()"))
                        .isInstanceOf(CompilationException.class).hasMessageContaining("cannot find symbol");
            }
        }

        @Test
        void snippetErrorsAndExceptionsAreReportedAndTheSandboxGoesOn() {
            assertThatThrownBy(() -> sandbox.eval("int a = 1;\nint b = undefinedThing + a;"))
                    .isInstanceOf(CompilationException.class)
                    .hasMessageStartingWith("snippet:2:9: error: cannot find symbol\nint b = undefinedThing + a;\n        ^");
            assertThatThrownBy(() -> sandbox.eval("Integer.parseInt(\"x\")"))
                    .isInstanceOf(UserCodeException.class).hasMessageContaining("NumberFormatException");
            ForeignRef<?> list = sandbox.eval("new java.util.ArrayList<String>()");
            assertThatThrownBy(() -> sandbox.call(list, "noSuchMethod"))
                    .isInstanceOf(RequestRefusedException.class).hasMessageContaining("no public method noSuchMethod");
            sandbox.ping();
        }

        @Test
        void closedAndDroppedRefsAreFreedWithTheNextRequest() {
            // An interpreter of its own: in the shared one, refs other tests dropped are freed
            // whenever the GC finds them, which moved the count under this test (9, then 2 for 11).
            try (Interpreter own = create(SandboxOptions.builder().build())) {
                ForeignRef<?> a = own.eval("new Object()");
                ForeignRef<?> b = own.eval("new Object()");
                assertThat(own.liveRefs()).isEqualTo(2);
                a.close();
                a.close();
                assertThat(own.liveRefs()).isEqualTo(1);
                b.close();
                assertThat(own.liveRefs()).isEqualTo(0);
            }
        }

        @Test
        void concurrentCallersEachGetTheirOwnReply() throws Exception {
            StringBuilder src = new StringBuilder("public class Many {\n");
            for (int t = 0; t < 8; t++) {
                src.append("    public static String v").append(t).append("() { return Thread.currentThread().getName() + \"/").append(t).append("\"; }\n");
            }
            sandbox.define(Programs.compile(dir, "Many", src.append("}\n").toString()).classes());
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int mine = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        assertThat(sandbox.invokeStatic("Many", "v" + mine).display()).endsWith("/" + mine);
                        if (i % 50 == 0) {
                            sandbox.ping();
                        }
                    }
                    return mine;
                }));
            }
            for (java.util.concurrent.Future<Integer> r : results) {
                r.get();
            }
            pool.shutdown();
        }

    }
}
