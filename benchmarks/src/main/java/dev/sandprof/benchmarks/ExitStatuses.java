package dev.sandprof.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * k. How programs end, under {@code java X.java} and under {@code bin/sandprof run X.java}, side by
 * side in one run: for each small program, both exit statuses, whether they are equal, whether
 * stdout is the same, and stderr's first line. The cases are issue 14's: a normal end,
 * {@code System.exit}, uncaught exceptions (in main, in another thread), {@code Runtime.halt} after
 * a {@code println}, {@code OutOfMemoryError} caught and uncaught, a stack overflow, SIGINT and
 * SIGTERM with a shutdown hook, a crash of the JVM, and sandprof's own {@code --timeout}.
 */
final class ExitStatuses {

    private static final long PATIENCE_SECONDS = 180;
    /** Where a program says it runs, for the cases that signal it. */
    private static final String READY = "looping";

    /** One program and how to run it; {@code signal} is sent once it has printed {@value #READY}. */
    private record Case(String title, String className, String source, List<String> javaFlags, String signal,
                        List<String> sandprofOptions, boolean javaToo) {
    }

    /** How one run ended. */
    private record Ended(int status, String out, String err) {
        String firstErrLine() {
            int nl = err.indexOf('\n');
            return nl < 0 ? err : err.substring(0, nl);
        }
    }

    private static Case plain(String title, String className, String body) {
        return new Case(title, className, program(className, body), List.of(), null, List.of(), true);
    }

    private static String program(String className, String body) {
        return "import java.util.*;\npublic class " + className + " {\n"
                + "    public static void main(String[] args) throws Exception {\n" + body + "\n    }\n}\n";
    }

    private static List<Case> cases(Path dir) {
        List<String> smallHeap = List.of("-Xmx64m");
        String hooked = "        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println(\"hook ran\")));\n"
                + "        System.out.println(\"" + READY + "\");\n"
                + "        while (true) Thread.sleep(10);";
        return List.of(
                plain("normal end", "Normal", "        System.out.println(\"done\");"),
                plain("System.exit(3)", "Exit3", "        System.out.println(\"bye\");\n        System.exit(3);"),
                plain("uncaught exception in main", "Uncaught",
                        "        throw new IllegalStateException(\"boom\");"),
                plain("uncaught in another thread, main ends", "OtherThread",
                        "        Thread t = new Thread(() -> { throw new IllegalStateException(\"in worker\"); }, \"worker\");\n"
                                + "        t.start();\n        t.join();\n        System.out.println(\"main ends\");"),
                plain("Runtime.halt(5) after a println", "Halt",
                        "        System.out.println(\"before halt\");\n        Runtime.getRuntime().halt(5);"),
                new Case("OutOfMemoryError caught, goes on (-Xmx64m)", "OomCaught", program("OomCaught",
                        "        List<long[]> all = new ArrayList<>();\n"
                                + "        try { while (true) all.add(new long[1 << 18]); }\n"
                                + "        catch (OutOfMemoryError e) { all = null; System.out.println(\"caught: \" + e.getMessage()); }\n"
                                + "        System.out.println(\"going on\");"), smallHeap, null, List.of(), true),
                new Case("OutOfMemoryError uncaught (-Xmx64m)", "OomUncaught", program("OomUncaught",
                        "        List<long[]> all = new ArrayList<>();\n"
                                + "        while (true) all.add(new long[1 << 18]);"), smallHeap, null, List.of(), true),
                plain("StackOverflowError uncaught", "Overflow",
                        "        down(0);\n    }\n    static int down(int n) {\n        return down(n + 1) + 1;"),
                new Case("SIGINT (Ctrl-C), shutdown hook prints", "Interrupted", program("Interrupted", hooked),
                        List.of(), "INT", List.of(), true),
                new Case("SIGTERM, shutdown hook prints", "Terminated", program("Terminated", hooked),
                        List.of(), "TERM", List.of(), true),
                new Case("JVM crash (Unsafe.putAddress(0, 0))", "Crash", program("Crash",
                        "        System.out.println(\"before crash\");\n"
                                + "        java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField(\"theUnsafe\");\n"
                                + "        f.setAccessible(true);\n"
                                + "        ((sun.misc.Unsafe) f.get(null)).putAddress(0, 0);"),
                        List.of("-XX:ErrorFile=" + dir.resolve("hs_err_%p.log")), null, List.of(), true),
                new Case("--timeout 2s (sandprof only)", "Forever", program("Forever", "        while (true) { }"),
                        List.of(), null, List.of("--timeout", "2s"), false));
    }

    /** Runs every case under both and adds the table, as notes, to the comparison's output. */
    void run(ResultTable table) throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty("sandprof.home", "."));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path dir = Files.createTempDirectory("sandprof-compare-exits");
        List<String> lines = new ArrayList<>();
        int same = 0;
        int compared = 0;
        try {
            String format = "%-44s %5s %9s  %-6s %-7s %s";
            lines.add(String.format(format, "k. how a program ends", "java", "sandprof", "status", "stdout",
                    "stderr's first line (java's; sandprof's below where it differs)"));
            for (Case c : cases(dir)) {
                if (c.signal() != null && ignoredHere(c.signal())) {
                    // Its children would ignore it too, java as much as sandprof: nothing to compare.
                    lines.add(String.format(format, c.title(), "-", "-", "-", "-",
                            "not run: this JVM was started ignoring SIG" + c.signal() + " (a background job?)"));
                    continue;
                }
                Path source = Files.writeString(dir.resolve(c.className() + ".java"), c.source());
                List<String> sandprofCommand = new ArrayList<>(List.of(home.resolve("bin/sandprof").toString(), "run"));
                sandprofCommand.addAll(c.sandprofOptions());
                c.javaFlags().forEach(f -> sandprofCommand.add("--jvm-arg=" + f));
                sandprofCommand.add(source.toString());
                Ended underSandprof = run(sandprofCommand, dir, c.signal());
                if (!c.javaToo()) {
                    lines.add(String.format(format, c.title(), "-", underSandprof.status(), "-", "-", ""));
                    lines.add(String.format(format, "", "", "", "", "", "sandprof's: " + shorten(underSandprof.firstErrLine())));
                    continue;
                }
                List<String> javaCommand = new ArrayList<>(List.of(java));
                javaCommand.addAll(c.javaFlags());
                javaCommand.add(source.toString());
                Ended underJava = run(javaCommand, dir, c.signal());
                compared++;
                boolean statusSame = underJava.status() == underSandprof.status();
                if (statusSame) {
                    same++;
                }
                lines.add(String.format(format, c.title(), underJava.status(), underSandprof.status(),
                        statusSame ? "equal" : "DIFFER", programsOwn(underJava.out()).equals(programsOwn(underSandprof.out())) ? "same" : "differs",
                        shorten(underJava.firstErrLine())));
                if (!underJava.firstErrLine().equals(underSandprof.firstErrLine())) {
                    lines.add(String.format(format, "", "", "", "", "", "sandprof's: " + shorten(underSandprof.firstErrLine())));
                }
            }
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(f);
                }
            }
        }
        lines.add(String.format("k. %d of %d exit statuses equal to java's; `java X.java` and `bin/sandprof run X.java`"
                + " (heap and crash flags to both, as --jvm-arg for sandprof), each case once; signals sent to the"
                + " process once it printed \"%s\"; stdout compared without a crash report's '#' lines; pids in"
                + " messages shown as N.", same, compared, READY));
        lines.forEach(table::note);
    }

    /** Whether this JVM ignores the signal ({@code SigIgn} in {@code /proc/self/status}), as its children then do. */
    private static boolean ignoredHere(String signal) throws IOException {
        int number = signal.equals("INT") ? 2 : signal.equals("TERM") ? 15 : signal.equals("HUP") ? 1 : -1;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseLong(line.substring("SigIgn:".length()).strip(), 16) & (1L << (number - 1))) != 0;
            }
        }
        return false;
    }

    private static final Pattern PID = Pattern.compile("pid \\d+");

    /**
     * Stdout without the lines of a crashed JVM's own report ({@code # A fatal error ...}, each
     * with pids and times of its own run), which under sandprof come on the sandbox's stdout, not
     * ordered with the program's lines.
     */
    private static String programsOwn(String out) {
        return out.lines().filter(l -> !l.startsWith("#")).collect(java.util.stream.Collectors.joining("\n"));
    }

    private static String shorten(String line) {
        String s = PID.matcher(line).replaceAll("pid N");
        return s.length() <= 110 ? s : s.substring(0, 107) + "...";
    }

    /** Runs the command, its stdin empty; sends {@code signal} (if any) once it has said it runs. */
    private static Ended run(List<String> command, Path dir, String signal) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            Text out = new Text(p.getInputStream());
            CompletableFuture<String> err = StreamText.read(p.getErrorStream());
            if (signal != null) {
                if (!out.awaitLine(READY, PATIENCE_SECONDS)) {
                    throw new IllegalStateException(String.join(" ", command) + " did not print " + READY + ": " + out.text());
                }
                Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(p.pid())).inheritIO().start();
                if (!kill.waitFor(60, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                    throw new IllegalStateException("kill -s " + signal + " " + p.pid() + " failed");
                }
            }
            if (!p.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException(String.join(" ", command) + " did not end within " + PATIENCE_SECONDS + " s");
            }
            return new Ended(p.exitValue(), out.all().join(), err.join());
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    /** A stream read whole on a thread of its own, which can be waited on for a line. */
    private static final class Text {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<String> all = new CompletableFuture<>();

        Text(InputStream in) {
            Thread t = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try (in) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        synchronized (bytes) {
                            bytes.write(buffer, 0, n);
                            bytes.notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // the process is gone
                }
                synchronized (bytes) {
                    all.complete(bytes.toString(StandardCharsets.UTF_8));
                    bytes.notifyAll();
                }
            }, "compare-exits-stdout");
            t.setDaemon(true);
            t.start();
        }

        boolean awaitLine(String line, long seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            synchronized (bytes) {
                while (!bytes.toString(StandardCharsets.UTF_8).contains(line + "\n")) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || all.isDone()) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(bytes, left);
                }
                return true;
            }
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }

        CompletableFuture<String> all() {
            return all;
        }
    }

}
