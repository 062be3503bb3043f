package dev.sandprof.host.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sandprof.host.StreamText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/sandprof run} as a user runs it: a real process, its output and its exit status. */
class RunCommandIT {

    static final Path ROOT = Path.of(System.getProperty("sandprof.home")).toAbsolutePath().normalize();
    static final Path JAVA_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    @TempDir
    Path dir;

    record Result(int status, String out, String err) {}

    static Result sandprof(Path cwd, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ROOT.resolve("bin/sandprof").toString());
        cmd.addAll(List.of(args));
        return exec(cwd, Map.of(), cmd);
    }

    private static Result exec(Path cwd, Map<String, String> env, List<String> cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = StreamText.read(p.getInputStream());
        CompletableFuture<String> err = StreamText.read(p.getErrorStream());
        // A bound against hangs: a whole command (a bench's several forks) takes minutes on a busy machine.
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("sandprof " + String.join(" ", cmd.subList(1, cmd.size())) + " did not finish within 5 minutes");
        }
        return new Result(p.exitValue(), out.get(), err.get());
    }


    private Path write(String name, String source) throws IOException {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, source);
        return f;
    }

    @Test
    void theReadmeExampleRuns() throws Exception {
        Result r = sandprof(ROOT, "run", "examples/Hello.java", "a", "b");
        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("Hello from the sandbox").contains("arguments: a b");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void severalSourceFilesAndArgumentsThatLookLikeOptions() throws Exception {
        write("app/Main.java", "package app;\npublic class Main {\n    public static void main(String[] args) {\n"
                + "        System.out.println(Helper.greet(String.join(\"|\", args)));\n    }\n}\n");
        write("app/Helper.java", "package app;\nclass Helper {\n    static String greet(String s) { return \"got \" + s; }\n}\n");
        Result r = sandprof(dir, "run", "app/Main.java", "app/Helper.java", "-v", "--timeout", "x y");
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("got -v|--timeout|x y\n");
    }

    @Test
    void aSandboxStoppedBySigstopEndsTheRunWithItsOwnStatus() throws Exception {
        // The program stops its own JVM with SIGSTOP, as kill -STOP from outside would.
        write("Stop.java", "public class Stop { public static void main(String[] a) throws Exception {\n"
                + "  long pid = ProcessHandle.current().pid();\n"
                + "  System.out.println(pid);\n"
                + "  new ProcessBuilder(\"kill\", \"-STOP\", Long.toString(pid)).start().waitFor();\n"
                + "  System.out.println(\"not reached while stopped\");\n"
                + "  Thread.sleep(600_000);\n} }\n");
        // 3 s: before it stops itself, a sandbox on a busy machine answers every check within it
        Result r = sandprof(dir, "run", "--liveness-timeout", "3s", "Stop.java");
        long pid = Long.parseLong(r.out().lines().findFirst().orElseThrow().trim());
        try {
            assertThat(r.status()).isEqualTo(123);
            assertThat(r.err()).contains("sandprof: the sandbox (pid " + pid + ") answered no liveness check for 3 s")
                    .contains("stopped by a signal");
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
        } finally {
            // Cleanup only: a failed test must not leave a stopped JVM behind.
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                new ProcessBuilder("kill", "-CONT", Long.toString(pid)).start().waitFor(30, TimeUnit.SECONDS);
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void exitsWithTheProgramsExitStatus() throws Exception {
        write("Seven.java", "public class Seven { public static void main(String[] a) { System.out.println(\"bye\"); System.exit(7); } }");
        Result r = sandprof(dir, "run", "Seven.java");
        assertThat(r.status()).isEqualTo(7);
        assertThat(r.out()).isEqualTo("bye\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void aStatusAbove128GivenToSystemExitIsNotASignal() throws Exception {
        // java prints nothing for System.exit(130); neither does sandprof, though a signal would give the same status.
        write("Exit130.java", "public class Exit130 { public static void main(String[] a) { System.out.println(\"bye\"); System.exit(130); } }");
        Result r = sandprof(dir, "run", "Exit130.java");
        assertThat(r.status()).isEqualTo(130);
        assertThat(r.out()).isEqualTo("bye\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void anUncaughtExceptionExitsOneWithATraceIntoTheUsersFile() throws Exception {
        write("Deep.java", "public class Deep {\n"
                + "    public static void main(String[] args) {\n"
                + "        a();\n"
                + "    }\n"
                + "    static void a() {\n"
                + "        throw new IllegalStateException(\"deep\");\n"
                + "    }\n"
                + "}\n");
        Result r = sandprof(dir, "run", "Deep.java");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Exception in thread \"main\" java.lang.IllegalStateException: deep\n"
                + "\tat Deep.a(Deep.java:6)\n"
                + "\tat Deep.main(Deep.java:3)\n");
    }

    /**
     * Text beyond Latin-1 in an exception and its causes comes back as {@code java} prints it, also
     * with dozens of frames named so (such a stack once made the codec run out of memory and refuse
     * the reply): the same standard error and status as {@code javac} + {@code java}, in a UTF-8 locale.
     */
    @Test
    void anExceptionWithTextBeyondLatin1PrintsAsJavaPrintsIt() throws Exception {
        write("Nested.java", "public class Nested {\n"
                + "    public static void main(String[] args) {\n"
                + "        try {\n"
                + "            tiefer日本(40);\n"
                + "        } catch (IllegalStateException e) {\n"
                + "            throw new RuntimeException(\"naïve ☃ 日本\", e);\n"
                + "        }\n"
                + "    }\n"
                + "    static void tiefer日本(int n) {\n"
                + "        if (n == 0) {\n"
                + "            throw new IllegalStateException(\"ü\");\n"
                + "        }\n"
                + "        tiefer日本(n - 1);\n"
                + "    }\n"
                + "}\n");
        Map<String, String> utf8 = Map.of("LC_ALL", "C.UTF-8");
        Path bin = Path.of(System.getProperty("java.home"), "bin");
        Path classes = Files.createDirectory(dir.resolve("classes"));
        Result javac = exec(dir, utf8, List.of(bin.resolve("javac").toString(), "-d", classes.toString(), "Nested.java"));
        assertThat(javac.status()).as(javac.err()).isZero();
        Result java = exec(dir, utf8, List.of(bin.resolve("java").toString(), "-cp", classes.toString(), "Nested"));
        assertThat(java.err()).startsWith("Exception in thread \"main\" java.lang.RuntimeException: naïve ☃ 日本\n")
                .contains("Caused by: java.lang.IllegalStateException: ü\n").contains("\tat Nested.tiefer日本(Nested.java:11)\n");

        Result r = exec(dir, utf8, List.of(ROOT.resolve("bin/sandprof").toString(), "run", "Nested.java"));
        assertThat(r.err()).isEqualTo(java.err());
        assertThat(r.status()).isEqualTo(java.status()).isEqualTo(1);
    }

    /**
     * Interrupts are the program's: workers that {@code shutdownNow()} interrupts while they print,
     * and a main thread that interrupts itself and returns, run as under {@code java}; the channel
     * that carries their output (written on their threads) stays open.
     */
    @Test
    void theProgramsInterruptsDoNotReachTheChannel() throws Exception {
        write("Interrupts.java", "import java.util.concurrent.*;\n"
                + "public class Interrupts {\n"
                + "    public static void main(String[] args) throws Exception {\n"
                + "        ExecutorService pool = Executors.newFixedThreadPool(4);\n"
                + "        CountDownLatch started = new CountDownLatch(4);\n"
                + "        String pad = \"x\".repeat(100);\n"
                + "        for (int w = 0; w < 4; w++) {\n"
                + "            int id = w;\n"
                + "            pool.execute(() -> {\n"
                + "                for (int i = 0; i < 2_000; i++) {\n"
                + "                    System.out.println(\"worker \" + id + \" line \" + i + \" \" + pad);\n"
                + "                    if (i == 10) started.countDown();\n"
                + "                }\n"
                + "            });\n"
                + "        }\n"
                + "        started.await();\n"
                + "        pool.shutdownNow();\n"
                + "        System.out.println(\"terminated \" + pool.awaitTermination(1, TimeUnit.MINUTES));\n"
                + "        Thread.currentThread().interrupt();\n"
                + "        System.out.println(\"interrupted \" + Thread.currentThread().isInterrupted());\n"
                + "    }\n"
                + "}\n");
        Result r = sandprof(dir, "run", "Interrupts.java");
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        assertThat(r.out().lines().filter(l -> l.startsWith("worker "))).hasSize(8_000);
        assertThat(r.out()).endsWith("terminated true\ninterrupted true\n");
    }

    @Test
    void aCompileErrorShowsFileLineAndColumnAndExitsTwo() throws Exception {
        write("Broken.java", "public class Broken {\n    public static void main(String[] args) {\n        int x = y;\n    }\n}\n");
        Result r = sandprof(dir, "run", "Broken.java");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("Broken.java:3:17: error: cannot find symbol\n        int x = y;\n                ^\n")
                .endsWith("1 error\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aTimeoutEndsTheRunWith124() throws Exception {
        write("Forever.java", "public class Forever { public static void main(String[] a) { while (true) { } } }");
        Result r = sandprof(dir, "run", "--timeout", "1s", "Forever.java");
        assertThat(r.status()).isEqualTo(124);
        assertThat(r.err()).contains("ran past its 1 s timeout");
    }

    @Test
    void jvmFlagsReachTheSandbox() throws Exception {
        write("Heap.java", "public class Heap { public static void main(String[] a) {"
                + " System.out.println(Runtime.getRuntime().maxMemory() / (1024 * 1024) <= 64); } }");
        Result r = sandprof(dir, "run", "--jvm-arg=-Xmx64m", "Heap.java");
        assertThat(r.out()).isEqualTo("true\n");
    }

    @Test
    void inProcessRunsTheSameProgramInSandprofsJvm() throws Exception {
        write("Where.java", "public class Where { public static void main(String[] a) {"
                + " System.out.println(ProcessHandle.current().parent().isPresent() ? \"ran\" : \"?\"); } }");
        Result r = sandprof(dir, "run", "--in-process", "Where.java");
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("ran\n");
        Result refused = sandprof(dir, "run", "--in-process", "--jvm-arg=-Xmx64m", "Where.java");
        assertThat(refused.status()).isEqualTo(2);
        assertThat(refused.err()).contains("needs an external sandbox");
    }

    @Test
    void theHelpExplainsWhatInProcessCosts() throws Exception {
        Result r = sandprof(dir, "run", "--help");
        assertThat(r.out()).contains("System.exit ends sandprof itself").contains("--in-process");
    }

    @Test
    void runsOnJava25() throws Exception {
        assumeTrue(Files.isExecutable(JAVA_25), "no JDK 25 at " + JAVA_25 + ": skipping the Java 25 sandbox test");
        write("Version.java", "public class Version { public static void main(String[] a) {"
                + " System.out.println(Runtime.version().feature()); } }");
        Result r = sandprof(dir, "run", "--java", JAVA_25.toString(), "Version.java");
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("25\n");
    }

    @Test
    void aMissingJavaIsReportedWith125() throws Exception {
        Result r = sandprof(dir, "run", "--java", "/no/such/java", ROOT.resolve("examples/Hello.java").toString());
        assertThat(r.status()).isEqualTo(125);
        assertThat(r.err()).contains("/no/such/java").contains("not an executable java launcher");
    }
}
