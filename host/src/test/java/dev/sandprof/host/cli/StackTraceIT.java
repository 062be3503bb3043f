package dev.sandprof.host.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sandprof.host.StreamText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack traces a program prints or reads itself are {@code java}'s, byte for byte, compared
 * with {@code javac} + {@code java -cp} run in the same test: no loader name before the program's
 * frames, nothing of sandprof's below {@code main}, a thread's trace ending at {@code Thread.run},
 * and {@code ... N more} counted as {@code java} counts it; the host's own report of the uncaught
 * exception, {@code java.base/} before the JDK's frames included. A source file given to {@code run}
 * is compiled by sandprof and runs as a class does under {@code java -cp} (README, Usage).
 *
 * <p>Another thread's stack ({@code Thread.getStackTrace} of another thread on 17,
 * {@code Thread.getAllStackTraces}) is printed field by field: the JVM's raw elements print the
 * program's class-path frames as {@code app//Traces.main} under {@code java}, where sandprof's
 * loaders print no name (README, Usage); the frames themselves must be java's.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // several JVMs per test, on a busy machine
class StackTraceIT {

    private static final Path JDK = Path.of(System.getProperty("java.home"), "bin");

    @TempDir
    Path dir;

    record Result(int status, String out, String err) {}

    /** Each kind of trace a program sees, on stderr in an order fixed by the program itself. */
    private static final String TRACES = "import java.util.Arrays;\n"
            + "public class Traces {\n"
            + "    public static void main(String[] args) throws Exception {\n"
            + "        new Throwable(\"from main\").printStackTrace();\n"
            + "        nested();\n"
            + "        Thread other = new Thread(() -> new Throwable(\"from another thread\").printStackTrace(), \"other\");\n"
            + "        other.start();\n"
            + "        other.join();\n"
            + "        try {\n"
            + "            parse(\"x\");\n"
            + "        } catch (IllegalStateException e) {\n"
            + "            e.printStackTrace();\n"
            + "            System.err.println(e.getStackTrace().length + \" \" + e.getCause().getStackTrace().length);\n"
            + "        }\n"
            + "        System.err.println(Arrays.toString(Thread.currentThread().getStackTrace()));\n"
            + "        Thread main = Thread.currentThread();\n"
            + "        Thread watcher = new Thread(() -> {\n"
            + "            while (main.getState() != Thread.State.WAITING) {\n"
            + "                Thread.onSpinWait();\n"
            + "            }\n"
            + "            System.err.println(\"main, seen from another thread: \" + frames(main.getStackTrace()));\n"
            + "            System.err.println(\"main, in all stacks: \" + frames(Thread.getAllStackTraces().get(main)));\n"
            + "        }, \"watcher\");\n"
            + "        watcher.start();\n"
            + "        watcher.join();\n"
            + "        Thread failing = new Thread(() -> { throw new IllegalStateException(\"uncaught in a thread\"); }, \"worker\");\n"
            + "        failing.start();\n"
            + "        failing.join();\n"
            + "        parse(\"y\");\n"
            + "    }\n"
            + "    static String frames(StackTraceElement[] trace) {\n"
            + "        StringBuilder s = new StringBuilder();\n"
            + "        for (StackTraceElement e : trace) {\n"
            + "            s.append(' ').append(e.getClassName()).append('.').append(e.getMethodName()).append(':').append(e.getLineNumber());\n"
            + "        }\n"
            + "        return s.toString();\n"
            + "    }\n"
            + "    static void nested() {\n"
            + "        new Throwable(\"from a nested call\").printStackTrace();\n"
            + "    }\n"
            + "    static int parse(String s) {\n"
            + "        try {\n"
            + "            return Integer.parseInt(s);\n"
            + "        } catch (NumberFormatException e) {\n"
            + "            throw new IllegalStateException(\"cannot parse \" + s, e);\n"
            + "        }\n"
            + "    }\n"
            + "}\n";

    private Result exec(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
        p.getOutputStream().close();
        CompletableFuture<String> out = StreamText.read(p.getInputStream());
        CompletableFuture<String> err = StreamText.read(p.getErrorStream());
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("%s finished", cmd).isTrue();
        return new Result(p.exitValue(), out.get(), err.get());
    }

    private Result sandprof(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(RunCommandIT.ROOT.resolve("bin/sandprof").toString());
        cmd.addAll(List.of(args));
        return exec(cmd);
    }

    /** {@code java -cp classes Traces} on the JDK of {@code java}, after {@code javac} of this JDK. */
    private Result javaCp(Path java) throws Exception {
        Files.writeString(dir.resolve("Traces.java"), TRACES);
        Path classes = dir.resolve("classes");
        Result javac = exec(List.of(JDK.resolve("javac").toString(), "-d", classes.toString(), "Traces.java"));
        assertThat(javac.status()).as(javac.err()).isZero();
        return exec(List.of(java.toString(), "-cp", classes.toString(), "Traces"));
    }

    /** What the test relies on, checked on java's own output: the comparisons below are then worth something. */
    private static void assertIsJavasOwn(Result java) {
        assertThat(java.status()).isEqualTo(1);
        assertThat(java.err())
                .startsWith("java.lang.Throwable: from main\n\tat Traces.main(Traces.java:4)\n"
                        + "java.lang.Throwable: from a nested call\n\tat Traces.nested(Traces.java:39)\n\tat Traces.main(Traces.java:5)\n"
                        + "java.lang.Throwable: from another thread\n\tat Traces.lambda$main$0(Traces.java:6)\n"
                        + "\tat java.base/java.lang.Thread.run(Thread.java:")
                .contains("\tat Traces.parse(Traces.java:43)\n\t... 1 more\n2 5\n")
                .contains(", Traces.main(Traces.java:15)]\n")
                .contains(" Traces.main:25\nmain, in all stacks: ")
                .contains("Exception in thread \"worker\" java.lang.IllegalStateException: uncaught in a thread\n")
                .contains("Exception in thread \"main\" java.lang.IllegalStateException: cannot parse y\n"
                        + "\tat Traces.parse(Traces.java:45)\n\tat Traces.main(Traces.java:29)\n"
                        + "Caused by: java.lang.NumberFormatException: For input string: \"y\"\n"
                        + "\tat java.base/java.lang.NumberFormatException.forInputString(NumberFormatException.java:67)\n")
                .endsWith("\tat Traces.parse(Traces.java:43)\n\t... 1 more\n");
    }

    @Test
    void theTracesAProgramPrintsAreJavasForASourceAndForClasses() throws Exception {
        Result java = javaCp(JDK.resolve("java"));
        assertIsJavasOwn(java);
        assertThat(sandprof("run", "Traces.java")).isEqualTo(java);
        assertThat(sandprof("run", "--class-path", "classes", "--main", "Traces")).isEqualTo(java);
    }

    @Test
    void onJdk25Too() throws Exception {
        assumeTrue(Files.isExecutable(RunCommandIT.JAVA_25), "no JDK 25 at " + RunCommandIT.JAVA_25);
        Result java = javaCp(RunCommandIT.JAVA_25);
        assertIsJavasOwn(java);
        assertThat(sandprof("run", "--java", RunCommandIT.JAVA_25.toString(), "Traces.java")).isEqualTo(java);
    }

    /** trace and profile run the program the same way: what it prints of its own traces is the same. */
    @Test
    void underTraceAndProfileTheProgramsOwnTracesAreJavas() throws Exception {
        Result java = javaCp(JDK.resolve("java"));
        Result traced = sandprof("trace", "Traces.java");
        assertThat(traced.status()).isEqualTo(java.status());
        assertThat(traced.err()).startsWith(java.err());
        Result profiled = sandprof("profile", "--out", dir.resolve("prof").toString(), "Traces.java");
        assertThat(profiled.status()).isEqualTo(java.status());
        assertThat(profiled.err()).startsWith(java.err());
    }
}
