package dev.sandprof.host.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandprof.host.StreamText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A program under {@code bin/sandprof run} behaves as under {@code java}, each case compared with
 * {@code java} running the same source in the same test: what it printed before {@code halt}, a
 * crash or {@code System.exit} arrives, out of memory is the program's to catch or die of, with
 * java's status. And, where sandprof does more than {@code java} on purpose, the processes a
 * program starts end with its sandbox, however it ends.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // each test starts several JVMs, on a busy machine
class ProgramFidelityIT {

    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    @TempDir
    Path dir;

    record Result(int status, String out, String err) {}

    private Path write(String name, String source) throws IOException {
        return Files.writeString(dir.resolve(name + ".java"), source);
    }

    private Result sandprof(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(RunCommandIT.ROOT.resolve("bin/sandprof").toString());
        cmd.addAll(List.of(args));
        return exec(cmd);
    }

    private Result java(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(JAVA.toString());
        cmd.addAll(List.of(args));
        return exec(cmd);
    }

    private Result exec(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
        p.getOutputStream().close();
        CompletableFuture<String> out = StreamText.read(p.getInputStream());
        CompletableFuture<String> err = StreamText.read(p.getErrorStream());
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("%s finished", cmd).isTrue();
        return new Result(p.exitValue(), out.get(), err.get());
    }


    @Test
    void whatWasPrintedOnBothStreamsBeforeHaltArrives() throws Exception {
        write("Halt", "public class Halt { public static void main(String[] a) {\n"
                + "  System.out.println(\"before halt\"); System.err.println(\"err before\");\n"
                + "  System.out.print(\"no newline\"); System.err.print(\"err no newline\");\n"
                + "  Runtime.getRuntime().halt(4); } }\n");
        Result java = java("Halt.java");
        Result sandprof = sandprof("run", "Halt.java");
        assertThat(java).isEqualTo(new Result(4, "before halt\nno newline", "err before\nerr no newline"));
        assertThat(sandprof).isEqualTo(java);
    }

    @Test
    void largeOutputThenSystemExitArrivesWhole() throws Exception {
        write("Big", "public class Big { public static void main(String[] a) {\n"
                + "  String line = \"x\".repeat(999);\n"
                + "  for (int i = 0; i < 4000; i++) System.out.println(line);\n"
                + "  System.out.write(new byte[3 << 20], 0, 3 << 20);\n"
                + "  System.err.println(\"last\"); System.exit(3); } }\n");
        Result java = java("Big.java");
        Result sandprof = sandprof("run", "Big.java");
        assertThat(java.status()).isEqualTo(3);
        assertThat(java.out()).hasSize(4000 * 1000 + (3 << 20));
        assertThat(sandprof.status()).isEqualTo(java.status());
        assertThat(sandprof.err()).isEqualTo(java.err()).isEqualTo("last\n");
        assertThat(sandprof.out()).isEqualTo(java.out());
    }

    @Test
    void whatWasPrintedBeforeACrashOfTheJvmArrives() throws Exception {
        write("Crash", "public class Crash { public static void main(String[] a) throws Exception {\n"
                + "  System.out.println(\"before crash\"); System.err.println(\"err before crash\");\n"
                + "  java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField(\"theUnsafe\");\n"
                + "  f.setAccessible(true);\n"
                + "  ((sun.misc.Unsafe) f.get(null)).putAddress(0, 0); } }\n");
        Result java = java("-XX:ErrorFile=" + dir.resolve("java-hs_err.log"), "Crash.java");
        Result sandprof = sandprof("run", "--jvm-arg=-XX:ErrorFile=" + dir.resolve("sandbox-hs_err.log"), "Crash.java");
        assertThat(java.status()).isEqualTo(134); // SIGABRT, after the JVM's fatal error report
        assertThat(sandprof.status()).isEqualTo(java.status());
        assertThat(java.out()).startsWith("before crash\n").contains("A fatal error has been detected");
        assertThat(java.err()).isEqualTo("err before crash\n");
        // The JVM's own report comes on stdout too, but not ordered with what the program printed.
        assertThat(sandprof.out()).contains("before crash\n", "A fatal error has been detected");
        assertThat(sandprof.err()).contains("err before crash\n", "killed by signal 6 (SIGABRT)");
    }

    @Test
    void whatWasPrintedJustBeforeTheProgramWasKilledWithSigkillArrives() throws Exception {
        // The lines are written, then SIGKILL comes at once: under java they are in the pipe already,
        // under sandprof in the output ring, which the host reads once the sandbox is dead.
        write("Killed", "public class Killed { public static void main(String[] a) throws Exception {\n"
                + "  for (int i = 0; i < 20000; i++) { System.out.println(\"line \" + i); }\n"
                + "  System.err.println(\"err last\"); System.out.print(\"out last\");\n"
                + "  new ProcessBuilder(\"kill\", \"-9\", Long.toString(ProcessHandle.current().pid())).start().waitFor();\n"
                + "  Thread.sleep(60_000); } }\n");
        Result java = java("Killed.java");
        Result sandprof = sandprof("run", "Killed.java");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 20000; i++) {
            lines.append("line ").append(i).append('\n');
        }
        assertThat(java).isEqualTo(new Result(137, lines + "out last", "err last\n"));
        assertThat(sandprof.status()).isEqualTo(java.status());
        assertThat(sandprof.out()).isEqualTo(java.out());
        assertThat(sandprof.err()).startsWith("err last\n");
    }

    @Test
    void anOutOfMemoryErrorCaughtByTheProgramLetsItGoOn() throws Exception {
        write("Caught", "import java.util.*;\npublic class Caught { public static void main(String[] a) {\n"
                + "  List<long[]> all = new ArrayList<>();\n"
                + "  try { while (true) all.add(new long[1 << 18]); }\n"
                + "  catch (OutOfMemoryError e) { all = null; System.out.println(\"caught: \" + e.getMessage()); }\n"
                + "  System.out.println(\"going on\"); } }\n");
        Result java = java("-Xmx64m", "Caught.java");
        Result sandprof = sandprof("run", "--jvm-arg=-Xmx64m", "Caught.java");
        assertThat(java).isEqualTo(new Result(0, "caught: Java heap space\ngoing on\n", ""));
        assertThat(sandprof).isEqualTo(java);
    }

    @Test
    void anUncaughtOutOfMemoryErrorEndsTheProgramAsUnderJava() throws Exception {
        write("Hog", "import java.util.*;\npublic class Hog { public static void main(String[] a) {\n"
                + "  System.out.println(\"filling\"); List<long[]> all = new ArrayList<>();\n"
                + "  while (true) all.add(new long[1 << 18]); } }\n");
        Result java = java("-Xmx64m", "Hog.java");
        Result sandprof = sandprof("run", "--jvm-arg=-Xmx64m", "Hog.java");
        assertThat(java.status()).isEqualTo(1);
        assertThat(java.err()).startsWith("Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space\n");
        assertThat(sandprof).isEqualTo(java);
    }

    @Test
    void aProgramThatDiesOfMemoryItStillHoldsIsReportedAsUnderJava() throws Exception {
        // Everything stays reachable from a static field: the report is built with the heap full.
        write("Held", "import java.util.*;\npublic class Held { static List<Object> all = new ArrayList<>();\n"
                + "  public static void main(String[] a) { System.out.println(\"filling\");\n"
                + "    while (true) all.add(new long[64]); } }\n");
        Result java = java("-Xmx64m", "Held.java");
        Result sandprof = sandprof("run", "--jvm-arg=-Xmx64m", "Held.java");
        assertThat(java.status()).isEqualTo(1);
        // java itself may find no room to print the trace: "Exception: java.lang.OutOfMemoryError thrown
        // from the UncaughtExceptionHandler in thread "main"" (seen here). sandprof has its reserve.
        assertThat(java.err()).contains("java.lang.OutOfMemoryError");
        assertThat(sandprof.status()).isEqualTo(java.status());
        assertThat(sandprof.out()).isEqualTo(java.out()).isEqualTo("filling\n");
        assertThat(sandprof.err()).startsWith("Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space");
    }

    /** A program that starts a child and an orphan (a grandchild whose parent has exited), then ends as {@code how} says. */
    private void writeParent() throws IOException {
        write("Parent", "public class Parent { public static void main(String[] a) throws Exception {\n"
                + "  Process child = new ProcessBuilder(\"sleep\", \"1000\").start();\n"
                + "  Process sh = new ProcessBuilder(\"sh\", \"-c\", \"sleep 1001 > /dev/null & echo $!\").start();\n"
                + "  String orphan = new String(sh.getInputStream().readAllBytes()).trim(); sh.waitFor();\n"
                + "  Process io = new ProcessBuilder(\"sleep\", \"1002\").inheritIO().start();\n"
                + "  System.out.println(\"pids \" + child.pid() + \" \" + orphan + \" \" + io.pid());\n"
                + "  switch (a[0]) {\n"
                + "    case \"exit\": System.exit(5);\n"
                + "    case \"halt\": Runtime.getRuntime().halt(6);\n"
                + "    case \"throw\": throw new IllegalStateException(\"thrown\");\n"
                + "    case \"spin\": while (true) { }\n"
                + "  } } }\n");
    }

    private static List<Long> pids(String out) {
        Matcher m = Pattern.compile("pids (\\d+) (\\d+) (\\d+)").matcher(out);
        assertThat(m.find()).as("the program said its children's pids in %s", out).isTrue();
        return List.of(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
    }

    /** Whether a process has ended: gone, or a zombie that its new parent has yet to collect. */
    static boolean ended(long pid) throws IOException {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (NoSuchFileException e) {
            return true;
        }
    }

    /**
     * Every child (also the orphan, and the one that inherited the output) has ended by the time
     * sandprof has exited: sandprof ends them before it waits for the sandbox's output streams, so a
     * child that holds them adds no wait.
     */
    private void assertEndedAtExit(List<Long> pids) throws IOException {
        for (long pid : pids) {
            if (!ended(pid)) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly); // cleanup only
                throw new AssertionError("process " + pid + " outlived sandprof");
            }
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void childrenEndWithTheSandboxHoweverTheProgramEnds() throws Exception {
        writeParent();
        for (String how : List.of("return", "exit", "halt", "throw")) {
            Result r = sandprof("run", "Parent.java", how);
            assertThat(r.status()).as(how).isEqualTo(how.equals("exit") ? 5 : how.equals("halt") ? 6 : how.equals("throw") ? 1 : 0);
            assertEndedAtExit(pids(r.out()));
        }
        Result r = sandprof("run", "--timeout", "3s", "Parent.java", "spin");
        assertThat(r.status()).isEqualTo(124);
        assertEndedAtExit(pids(r.out()));
    }

    @Test
    void childrenEndWhenTheHostIsKilled() throws Exception {
        writeParent();
        // bin/sandprof execs the host JVM: this process is the host.
        Process host = new ProcessBuilder(RunCommandIT.ROOT.resolve("bin/sandprof").toString(), "run", "Parent.java", "spin")
                .directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        host.getOutputStream().close();
        java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(host.getInputStream(),
                StandardCharsets.UTF_8));
        List<Long> pids = pids(lines.readLine());
        host.destroyForcibly();
        assertThat(host.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // The sandbox finds its channel closed, ends its program's processes and itself: wait for that, bounded.
        for (long pid : pids) {
            CompletableFuture<ProcessHandle> gone = ProcessHandle.of(pid).map(ProcessHandle::onExit)
                    .orElse(CompletableFuture.completedFuture(null));
            try {
                gone.get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly); // cleanup only
                throw new AssertionError("process " + pid + " outlived its killed host by 60 s", e);
            }
        }
    }
}
