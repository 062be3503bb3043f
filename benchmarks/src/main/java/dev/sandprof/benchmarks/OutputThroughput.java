package dev.sandprof.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * j. A program's output as the reader of its stdout sees it: 300,000 {@code System.out.println}
 * lines, one {@code System.out.write} of 100 MB, and 500,000 {@code System.out.print(char)}; {@code sandprof run X.java} against
 * {@code java -cp DIR X} (compiled beforehand, as in {@link StdinThroughput}), both started from
 * this JVM with their stdout a pipe that this JVM reads, rounds alternating which goes first. The
 * program says on its stderr when its output starts ({@code System.nanoTime()}, the same
 * monotonic clock in every JVM of the machine); the time is from then to the moment the last
 * byte reaches this reader. Start-up is left out, delivery through the host is in.
 */
final class OutputThroughput {

    static final int LINES = 300_000;
    static final int WRITE_BYTES = 100_000_000;
    static final int PRINTS = 500_000;
    private static final long PATIENCE_SECONDS = 300;

    private static final String LINES_PROGRAM = "public class PrintLines {\n"
            + "    public static void main(String[] args) {\n"
            + "        int n = Integer.parseInt(args[0]);\n"
            + "        System.err.println(\"start \" + System.nanoTime());\n"
            + "        for (int i = 0; i < n; i++) {\n"
            + "            System.out.println(\"line \" + i);\n"
            + "        }\n"
            + "    }\n"
            + "}\n";

    private static final String WRITE_PROGRAM = "public class WriteOnce {\n"
            + "    public static void main(String[] args) {\n"
            + "        byte[] b = new byte[Integer.parseInt(args[0])];\n"
            + "        java.util.Arrays.fill(b, (byte) 'x');\n"
            + "        for (int i = 99; i < b.length; i += 100) {\n"
            + "            b[i] = '\\n';\n"
            + "        }\n"
            + "        System.err.println(\"start \" + System.nanoTime());\n"
            + "        System.out.write(b, 0, b.length);\n"
            + "        System.out.flush();\n"
            + "    }\n"
            + "}\n";

    private static final String PRINTS_PROGRAM = "public class PrintChars {\n"
            + "    public static void main(String[] args) {\n"
            + "        int n = Integer.parseInt(args[0]);\n"
            + "        System.err.println(\"start \" + System.nanoTime());\n"
            + "        for (int i = 0; i < n; i++) {\n"
            + "            System.out.print('x');\n"
            + "            if (i % 100 == 99) {\n"
            + "                System.out.write('\\n');\n"
            + "            }\n"
            + "        }\n"
            + "        System.out.flush();\n"
            + "    }\n"
            + "}\n";

    private final Samples sandprofLines = new Samples();
    private final Samples sandprofPrints = new Samples();
    private final Samples javaPrints = new Samples();
    private final Samples javaLines = new Samples();
    private final Samples sandprofWrite = new Samples();
    private final Samples javaWrite = new Samples();
    private final Samples sandprofLinesWall = new Samples();
    private final Samples javaLinesWall = new Samples();

    void run(Budget budget, ResultTable table) throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty("sandprof.home", "."));
        Path dir = Files.createTempDirectory("sandprof-compare-output");
        try {
            Path classes = Files.createDirectories(dir.resolve("classes"));
            Program lines = new Program(home, dir, classes, "PrintLines", LINES_PROGRAM, String.valueOf(LINES),
                    linesBytes(LINES));
            Program write = new Program(home, dir, classes, "WriteOnce", WRITE_PROGRAM, String.valueOf(WRITE_BYTES),
                    WRITE_BYTES);
            Program prints = new Program(home, dir, classes, "PrintChars", PRINTS_PROGRAM, String.valueOf(PRINTS),
                    PRINTS + PRINTS / 100);
            // One untimed round of each first: the page cache, the class-data archive.
            for (Program p : List.of(lines, write, prints)) {
                time(p.sandprof, p.bytes, new Samples(), new Samples());
                time(p.java, p.bytes, new Samples(), new Samples());
            }
            for (int round = 0; round < budget.outputRounds(); round++) {
                boolean sandprofFirst = round % 2 == 0;
                for (int i = 0; i < 2; i++) {
                    if ((i == 0) == sandprofFirst) {
                        time(lines.sandprof, lines.bytes, sandprofLines, sandprofLinesWall);
                        time(write.sandprof, write.bytes, sandprofWrite, new Samples());
                        time(prints.sandprof, prints.bytes, sandprofPrints, new Samples());
                    } else {
                        time(lines.java, lines.bytes, javaLines, javaLinesWall);
                        time(write.java, write.bytes, javaWrite, new Samples());
                        time(prints.java, prints.bytes, javaPrints, new Samples());
                    }
                }
            }
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path f : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(f);
                }
            }
        }
        table.row("j. 300,000 println lines to a pipe: sandprof run vs java", sandprofLines, javaLines,
                ResultTable.Statistic.MEDIAN, 1.5);
        table.row("j. one 100 MB System.out.write to a pipe: sandprof run vs java", sandprofWrite, javaWrite,
                ResultTable.Statistic.MEDIAN, 1.5);
        table.row("j. 500,000 System.out.print(char), a write('\\n') each 100: sandprof run vs java", sandprofPrints,
                javaPrints, ResultTable.Statistic.MEDIAN, 1.5);
        table.info("j. the 300,000 lines, whole process (starts included)", sandprofLinesWall, javaLinesWall,
                ResultTable.Statistic.MEDIAN);
        table.note(String.format("j. output, from the program's first write to the last byte read from its stdout (median):"
                        + " 300,000 lines in %.0f ms under sandprof run, %.0f ms under java (%.2fx; target <= 1.5x);"
                        + " one 100 MB write in %.0f vs %.0f ms (%.2fx); 500,000 print(char) in %.0f vs %.0f ms (%.2fx)."
                        + " `bin/sandprof run PrintLines.java %d` and `java -cp DIR PrintLines %d` (WriteOnce %d,"
                        + " PrintChars %d), %d rounds alternating, 1 untimed first.",
                sandprofLines.median() / 1e6, javaLines.median() / 1e6, sandprofLines.median() / javaLines.median(),
                sandprofWrite.median() / 1e6, javaWrite.median() / 1e6, sandprofWrite.median() / javaWrite.median(),
                sandprofPrints.median() / 1e6, javaPrints.median() / 1e6, sandprofPrints.median() / javaPrints.median(),
                LINES, LINES, WRITE_BYTES, PRINTS, budget.outputRounds()));
    }

    /** What "line 0\n" to "line N-1\n" come to. */
    private static long linesBytes(int n) {
        long total = 0;
        for (int i = 0; i < n; i++) {
            total += 6 + Integer.toString(i).length();
        }
        return total;
    }

    /** A program written to {@code dir}, compiled into {@code classes}, and the two commands that run it. */
    private static final class Program {
        final List<String> sandprof;
        final List<String> java;
        final long bytes;

        Program(Path home, Path dir, Path classes, String name, String source, String arg, long bytes) throws IOException {
            Path file = Files.writeString(dir.resolve(name + ".java"), source);
            if (javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null,
                    "-d", classes.toString(), file.toString()) != 0) {
                throw new IllegalStateException("javac failed on " + file);
            }
            this.sandprof = List.of(home.resolve("bin/sandprof").toString(), "run", file.toString(), arg);
            this.java = List.of(ChildJvm.java().toString(), "-cp", classes.toString(), name, arg);
            this.bytes = bytes;
        }
    }

    /** Runs the command; adds the time from its first write to its last byte read, and the whole process's. */
    private static void time(List<String> command, long expected, Samples output, Samples wall)
            throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        try {
            p.getOutputStream().close();
            CompletableFuture<String> err = StreamText.read(p.getErrorStream());
            long got = 0;
            long last = 0;
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = p.getInputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    got += n;
                    if (got >= expected && last == 0) {
                        last = System.nanoTime();
                    }
                }
            }
            if (!p.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException(String.join(" ", command) + " did not end within " + PATIENCE_SECONDS + " s");
            }
            wall.add(System.nanoTime() - t0);
            String said = err.join();
            long start = 0;
            for (String line : said.split("\n")) {
                if (line.startsWith("start ")) {
                    start = Long.parseLong(line.substring(6).strip());
                }
            }
            if (p.exitValue() != 0 || got != expected || start == 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + " after "
                        + got + " bytes of output (" + expected + " expected); stderr: " + said);
            }
            output.add(last - start);
        } finally {
            p.destroyForcibly();
        }
    }

}
