package dev.sandprof.host.cli;

import static dev.sandprof.host.cli.RunCommandIT.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sandprof.host.StreamText;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code bin/sandprof repl} with a script piped in, as a user runs a {@code .jsh} file. */
class ReplCommandIT {

    /** How a REPL session ended, what it printed, and the pid of sandprof's JVM ({@code bin/sandprof} execs java). */
    record Session(int status, String out, String err, long pid, java.nio.file.Path dir) {}

    static Session repl(String script, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/sandprof").toString(), "repl"));
        command.addAll(List.of(options));
        // In a directory of its own: :profile writes prof/ where the REPL runs.
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("sandprof-repl-");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).start();
        CompletableFuture<String> out = StreamText.read(p.getInputStream());
        CompletableFuture<String> err = StreamText.read(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            in.write(script.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the REPL ended").isTrue();
        return new Session(p.exitValue(), out.get(), err.get(), p.pid(), dir);
    }


    /** A snippet that interrupts its own thread and returns: the sandbox's channel stays open, the session goes on. */
    @Test
    void aSnippetThatInterruptsItsThreadDoesNotEndTheSandbox() throws Exception {
        Session s = repl("long pid = ProcessHandle.current().pid()\n"
                + "Thread.currentThread().interrupt()\n"
                + "ProcessHandle.current().pid() == pid\n");
        assertThat(s.status()).as(s.out() + s.err()).isZero();
        assertThat(s.out()).doesNotContain("The sandbox ended").containsPattern("\\$[0-9]+ ==> true\n");
    }

    @Test
    void snippetsRunInTheSandboxWithJShellsFeedback() throws Exception {
        Session s = repl("int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }\n"
                + "fib(25)\n"
                + "var xs = new java.util.ArrayList<String>()\n"
                + "xs.add(\"a\")\n"
                + "\"quote\\\"d\"\n"
                + "new int[] {1, 2, 3}\n"
                + "List.of(1, 2).stream().map(i -> i * 10).collect(Collectors.toList())\n"
                + "System.out.println(\"printed in \" + ProcessHandle.current().pid())\n"
                + "class Point { int x = 3; }\n"
                + "new Point().x\n"
                + "int total =\n"
                + "    1 +\n"
                + "    2;\n"
                + "int fib(int n) { return -n; }\n"
                + "fib(25)\n"
                + ":vars\n"
                + "/list\n"
                + "/exit\n"
                + "1 + 1\n");
        assertThat(s.status()).as(s.out() + s.err()).isZero();
        // A value is named by its snippet's id, as in jshell: fib(25) is snippet 2.
        assertThat(s.out()).contains("|  created method fib(int)\n$2 ==> 75025\n")
                .contains("xs ==> []\n").contains("$4 ==> true\n")
                .contains("$5 ==> \"quote\\\"d\"\n").contains("$6 ==> int[3] { 1, 2, 3 }\n")
                // jshell's start-up imports: java.util.*, java.util.stream.* and the others.
                .contains("$7 ==> [10, 20]\n")
                .contains("|  created class Point\n$10 ==> 3\n").contains("total ==> 3\n")
                // A redefinition takes effect in place, for code that calls it already compiled.
                .contains("|  modified method fib(int)\n$13 ==> -25\n")
                .contains("ArrayList<String> xs = [a]")
                // jshell's /list, by snippet id, those in force: fib's redefinition, not the fib it replaced; /exit leaves.
                .containsPattern("\n +[0-9]+ : class Point \\{ int x = 3; \\}\n")
                .containsPattern("\n +[0-9]+ : int fib\\(int n\\) \\{ return -n; \\}\n")
                .doesNotContain(" : int fib(int n) { return n < 2")
                .endsWith("|  Goodbye\n");
        // The snippet ran in another JVM than sandprof's.
        String printed = s.out().lines().filter(l -> l.startsWith("printed in ")).findFirst().orElseThrow();
        assertThat(Long.parseLong(printed.substring("printed in ".length()))).isNotEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void aFailingSnippetIsShownWithSnippetFramesAndTheScriptExitsNonZero() throws Exception {
        Session s = repl("int boom(int x) { return 10 / x; }\n"
                + "boom(0)\n"
                + "undefinedThing + 1\n"
                + "boom(5)\n");
        assertThat(s.status()).isEqualTo(1);
        assertThat(s.out()).contains("|  Exception java.lang.ArithmeticException: / by zero\n|        at boom (#1:1)\n|        at (#2:1)\n")
                .contains("|  Error:\n|  cannot find symbol").contains("$3 ==> 2\n");
    }

    @Test
    void aSnippetThatExitsEndsItsSandboxAndTheSessionGoesOnWithItsDeclarations() throws Exception {
        Session s = repl("int keep = 41;\n"
                + "int twice(int x) { return 2 * x; }\n"
                + "System.exit(3)\n"
                + "keep + 1\n"
                + "twice(keep)\n");
        assertThat(s.out()).contains("|  The sandbox ended: the sandbox (pid ").contains("exited with status 3.")
                .contains("|  A fresh sandbox is up; replayed 2 of 2 declarations: keep, twice(int).\n$4 ==> 42\n$5 ==> 82\n");
        assertThat(s.status()).isEqualTo(1);
    }

    @Test
    void traceProfileRefsAndWayCommands() throws Exception {
        List<String> script = new ArrayList<>(List.of(
                ":trace Integer.parseInt(\"x\")",
                "int parse(String s) { try { return Integer.parseInt(s); } catch (NumberFormatException e) { return -1; } }",
                ":trace parse(\"y\") + parse(\"1\")",
                "int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }",
                ":profile --engine agent fib(20)",
                ":refs"));
        boolean with25 = java.nio.file.Files.isExecutable(RunCommandIT.JAVA_25);
        if (with25) {
            script.add(":way --java " + RunCommandIT.JAVA_25);
            script.add("Runtime.version().feature() + fib(10)");
        }
        Session s = repl(String.join("\n", script) + "\n");
        assertThat(s.out()).contains("|  The agent instruments the snippets declared from now on.")
                .contains("|  sandprof trace: 1 exception raised in instrumented code:")
                .contains("|  [1] java.lang.NumberFormatException: For input string: \"y\"")
                // Snippet frames by snippet and line, as in exceptions: parse is snippet 2, the :trace's expression 3.
                .contains("|  [1] java.lang.NumberFormatException: For input string: \"y\"\n|        at parse (#2:1)\n|        at (#3:1)\n"
                        + "|      caught in parse (#2:1)")
                .contains("|  sandprof profile: sandprof agent, cpu").contains("|  wrote prof")
                .contains("int $3 = 0");
        // The agent's exact counts, its snippet methods named by snippet: fib is snippet 4.
        assertThat(java.nio.file.Files.readString(s.dir().resolve("prof/profile.prof"))).containsPattern("\nfib \\(#4\\) +[0-9.]+ +21891\n")
                // ... and the profiled expression's own snippet, 5, entered once.
                .containsPattern("\n\\(#5\\) +[0-9.]+ +1\n");
        // The exception that escaped the first :trace makes the script's status 1.
        assertThat(s.status()).isEqualTo(1);
        if (with25) {
            assertThat(s.out()).contains("(Java 25").contains("replayed 2 declarations: parse(String), fib(int).").contains(" ==> 80\n");
        }
    }

    /**
     * An OutOfMemoryError is the snippet's, as in jshell: reported as its exception, and the same
     * sandbox goes on with its declarations (the sandbox no longer exits on out of memory).
     */
    @Test
    void aSnippetOutOfMemoryIsItsExceptionAndTheSessionGoesOn() throws Exception {
        Session s = repl("String greet(String who) { return \"hello \" + who; }\n"
                + "var hoard = new ArrayList<long[]>()\n"
                + "while (true) hoard.add(new long[1 << 20]);\n"
                + "hoard = null\n"
                + "greet(\"again\")\n"
                + ":help\n", "--jvm-arg=-Xmx64m");
        assertThat(s.out()).as(s.out() + s.err())
                .contains("|  Exception java.lang.OutOfMemoryError: Java heap space\n|        at (#3:1)\n")
                .contains("hoard ==> null\n")
                .contains("$5 ==> \"hello again\"\n")
                .contains("|    :bench [-wi N -i N -w T -r T -bm MODE -tu UNIT -t N] EXPR")
                .doesNotContain("The sandbox ended").doesNotContain("A fresh sandbox");
        assertThat(s.status()).isEqualTo(1);
    }

    @Test
    void aStockJshellRunsItsSnippetsInASandprofSandbox() throws Exception {
        // The README's command line, with a script piped in.
        java.nio.file.Path hostJar;
        try (java.util.stream.Stream<java.nio.file.Path> jars = java.nio.file.Files.list(ROOT.resolve("host/target"))) {
            hostJar = jars.filter(j -> j.getFileName().toString().matches("sandprof-host-.*\\.jar")).findFirst().orElseThrow();
        }
        List<String> command = List.of(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jshell").toString(),
                "-J--add-modules=jdk.unsupported,jdk.net", "-J--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                "-J--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "-J--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
                "-J-Dsandprof.sandbox.lib=" + ROOT.resolve("sandbox-runtime/target/sandbox-lib"),
                "-J-cp", "-J" + hostJar + ":" + ROOT.resolve("host/target/lib") + "/*", "--execution", "sandprof");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> out = StreamText.read(p.getInputStream());
        try (OutputStream in = p.getOutputStream()) {
            in.write(("int twice(int x) { return 2 * x; }\n"
                    + "twice(21)\n"
                    + "System.out.println(\"in \" + ProcessHandle.current().pid() + \" under \" + ProcessHandle.current().parent().get().pid())\n"
                    + "/exit\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("jshell ended").isTrue();
        String shown = out.get();
        assertThat(shown).contains("$2 ==> 42");
        // The snippets ran in a child of jshell started by sandprof's engine: its command names SandboxMain.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("in ([0-9]+) under ([0-9]+)").matcher(shown);
        assertThat(m.find()).as(shown).isTrue();
        assertThat(Long.parseLong(m.group(2))).isEqualTo(p.pid());
    }

    @Test
    void benchTimesAnExpressionJmhStyleAmongTheSnippets() throws Exception {
        Session s = repl("int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }\n"
                + "var xs = new ArrayList<Integer>(List.of(3, 1, 2))\n"
                + ":bench -wi 1 -i 3 -w 100ms -r 100ms fib(12)\n"
                + ":bench -bm thrpt -tu ms -wi 0 -i 2 -r 100ms xs.size()\n"
                + ":bench -wi 0 -i 1 -r 100ms xs.clear()\n"
                + "xs.size()\n"
                + "fib(10)\n");
        assertThat(s.out()).as(s.out() + s.err())
                .contains("|  # JMH-style, in this REPL's sandbox (Java ").contains("no fork: 1 warmup iteration of 100 ms, 3 measured of 100 ms, Average time")
                // The unit is chosen from the first iteration, which a busy machine can make take a millisecond.
                .containsPattern("\\|  # Warmup Iteration   1: [0-9.]+ (ns|us|ms|s)/op")
                .containsPattern("\\|  Iteration   3: [0-9.]+ (ns|us|ms|s)/op")
                .containsPattern("\\|  fib\\(12\\) +avgt +3 +[0-9.]+ +± +[0-9.]+ +(ns|us|ms|s)/op")
                .containsPattern("\\|  xs\\.size\\(\\) +thrpt +2 +[0-9.]+ +± +[0-9.]+ +ops/ms")
                // A void expression runs as a statement; what it does is done in the session's own objects.
                .containsPattern("\\|  xs\\.clear\\(\\) +avgt +1 +[0-9.]+ +(ns|us|ms|s)/op")
                .contains("$3 ==> 0\n").contains("$4 ==> 55\n");
        assertThat(s.status()).as(s.out() + s.err()).isZero();

        Session wrong = repl(":bench nope(1)\n:bench -x 3 1 + 1\n:bench\n:bench -wi 0 -i 1 -r 100ms 1 / (1 - 1)\n1 + 1\n");
        assertThat(wrong.out()).contains("|  Error: cannot find method nope(int)")
                .contains("|  :bench: no option -x (it takes -wi N, -i N, -w TIME, -r TIME, -bm MODE, -tu UNIT, -t THREADS")
                .contains("|  :bench: it needs an expression, e.g. :bench fib(20)")
                .contains("|  :bench 1 / (1 - 1) threw:\n|  java.lang.ArithmeticException: / by zero")
                .contains("$1 ==> 2\n");
        assertThat(wrong.status()).isEqualTo(1);
    }

    @Test
    void inProcessTheSnippetsRunInSandprofsOwnJvm() throws Exception {
        Session s = repl("System.out.println(\"pid \" + ProcessHandle.current().pid())\n"
                + "int twice(int x) { return 2 * x; }\n"
                + "twice(21)\n"
                + ":trace twice(1)\n", "--in-process");
        assertThat(s.out()).as(s.out() + s.err()).contains("$3 ==> 42\n")
                .contains("|  :trace: this needs the sandprof agent, which only a sandbox has: start sandprof repl without --in-process");
        String printed = s.out().lines().filter(l -> l.startsWith("pid ")).findFirst().orElseThrow();
        assertThat(Long.parseLong(printed.substring(4))).isEqualTo(s.pid());
    }

    @Test
    void ctrlCInterruptsASnippetAndASnippetThatIgnoresItHasItsSandboxRestarted() throws Exception {
        Process p = new ProcessBuilder(ROOT.resolve("bin/sandprof").toString(), "repl")
                .directory(java.nio.file.Files.createTempDirectory("sandprof-repl-").toFile()).redirectErrorStream(true).start();
        java.util.concurrent.BlockingQueue<String> out = new java.util.concurrent.LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.add(line);
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        StringBuilder seen = new StringBuilder();
        try (OutputStream in = p.getOutputStream()) {
            // Each a single snippet (a block): the interrupt must find it running, not between two.
            in.write(("int keep = 7;\n"
                    + "{ System.out.println(\"sleeping\"); Thread.sleep(600_000); }\n"
                    + "keep + 1\n"
                    + "{ System.out.println(\"spinning\"); while (true) { } }\n"
                    + "keep + 2\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            awaitLine(out, "sleeping", seen);
            signal(p, "INT");
            awaitLine(out, "spinning", seen);
            signal(p, "INT"); // ignored by the loop: after the grace period its sandbox is ended
            awaitLine(out, "==> 9", seen);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the REPL did not end after its input did:\n" + seen);
        }
        assertThat(seen.toString()).contains("|  Exception java.lang.InterruptedException: sleep interrupted")
                .contains("$3 ==> 8").contains("|  The sandbox ended: the snippet did not stop within 2 s of its interrupt")
                .contains("|  A fresh sandbox is up; replayed 1 of 1 declarations: keep.");
    }

    /** Takes output lines until one holds {@code text}; fails after a minute without it. */
    private static void awaitLine(java.util.concurrent.BlockingQueue<String> out, String text, StringBuilder seen) throws Exception {
        String line;
        while ((line = out.poll(60, TimeUnit.SECONDS)) != null) {
            seen.append(line).append('\n');
            if (line.contains(text)) {
                return;
            }
        }
        throw new AssertionError("no line with " + text + " within a minute; the REPL printed:\n" + seen);
    }

    private static void signal(Process p, String name) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).start().waitFor()).isZero();
    }
}
