package dev.sandprof.benchmarks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * i. 100 MB of text lines through a program that counts them, read from its stdin: {@code sandprof
 * run LineCount.java} against {@code java -cp DIR LineCount} (compiled beforehand: the source
 * launcher's javac would share the program's JIT, which sandprof's host javac does not), both
 * started from this JVM, rounds alternating which goes first; stdin redirected from a file, and
 * piped from {@code cat}. The program times itself from its first line to the end of its input,
 * so start-up is left out: the ratio of those times is the inverse of the throughput ratio.
 */
final class StdinThroughput {

    static final long INPUT_BYTES = 100_000_000;
    private static final int LINE_BYTES = 100;
    private static final long PATIENCE_SECONDS = 300;

    private static final String PROGRAM = "import java.io.*;\n"
            + "public class LineCount {\n"
            + "    public static void main(String[] args) throws IOException {\n"
            + "        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));\n"
            + "        long lines = 0, start = System.nanoTime();\n"
            + "        if (in.readLine() != null) {\n"
            + "            start = System.nanoTime();\n"
            + "            lines = 1;\n"
            + "            while (in.readLine() != null) { lines++; }\n"
            + "        }\n"
            + "        System.out.println(lines + \" \" + (System.nanoTime() - start));\n"
            + "    }\n"
            + "}\n";

    private final Samples sandprofFile = new Samples();
    private final Samples javaFile = new Samples();
    private final Samples sandprofPipe = new Samples();
    private final Samples javaPipe = new Samples();
    private final Samples sandprofWall = new Samples();
    private final Samples javaWall = new Samples();

    void run(Budget budget, ResultTable table) throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty("sandprof.home", "."));
        Path dir = Files.createTempDirectory("sandprof-compare-stdin");
        try {
            Path program = Files.writeString(dir.resolve("LineCount.java"), PROGRAM);
            Path input = writeInput(dir.resolve("input.txt"));
            List<String> sandprof = List.of(home.resolve("bin/sandprof").toString(), "run", program.toString());
            Path classes = Files.createDirectories(dir.resolve("classes"));
            if (javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null,
                    "-d", classes.toString(), program.toString()) != 0) {
                throw new IllegalStateException("javac failed on " + program);
            }
            List<String> java = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", classes.toString(), "LineCount");
            long lines = INPUT_BYTES / LINE_BYTES;
            // One untimed round of each first: the page cache, the class-data archive.
            time(sandprof, input, false, lines, new Samples(), new Samples());
            time(java, input, false, lines, new Samples(), new Samples());
            for (int round = 0; round < budget.stdinRounds(); round++) {
                boolean sandprofFirst = round % 2 == 0;
                for (int i = 0; i < 2; i++) {
                    if ((i == 0) == sandprofFirst) {
                        time(sandprof, input, false, lines, sandprofFile, sandprofWall);
                        time(sandprof, input, true, lines, sandprofPipe, new Samples());
                    } else {
                        time(java, input, false, lines, javaFile, javaWall);
                        time(java, input, true, lines, javaPipe, new Samples());
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
        table.row("i. 100 MB lines, stdin < file: sandprof run vs java", sandprofFile, javaFile,
                ResultTable.Statistic.MEDIAN, 1.25);
        table.info("i. the same, stdin piped from cat", sandprofPipe, javaPipe, ResultTable.Statistic.MEDIAN);
        table.info("i. the same < file, whole process (starts included)", sandprofWall, javaWall, ResultTable.Statistic.MEDIAN);
        table.note(String.format("i. throughput, first line to end of input (median): < file %.0f MB/s under sandprof run,"
                        + " %.0f MB/s under java (%.2fx of java's; target >= 0.8x, i.e. time <= 1.25x); piped from cat"
                        + " %.0f vs %.0f MB/s (%.2fx). The program (BufferedReader.readLine, counting) times itself;"
                        + " `bin/sandprof run LineCount.java` and `java -cp DIR LineCount`, %d rounds alternating, 1 untimed first.",
                mbPerSecond(sandprofFile), mbPerSecond(javaFile), javaFile.median() / sandprofFile.median(),
                mbPerSecond(sandprofPipe), mbPerSecond(javaPipe), javaPipe.median() / sandprofPipe.median(),
                budget.stdinRounds()));
    }

    private static double mbPerSecond(Samples s) {
        return INPUT_BYTES / 1e6 / (s.median() / 1e9);
    }

    /** 100-byte lines, numbered, written as they are made. */
    private static Path writeInput(Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            String filler = "x".repeat(LINE_BYTES);
            for (long i = 0; i < INPUT_BYTES / LINE_BYTES; i++) {
                String number = Long.toString(i);
                w.write(number);
                w.write(' ');
                w.write(filler, 0, LINE_BYTES - number.length() - 2);
                w.write('\n');
            }
        }
        return file;
    }

    /** Runs the command with the input as its stdin; adds the program's own time and the whole process's. */
    private static void time(List<String> command, Path input, boolean piped, long lines, Samples programTime,
                             Samples wall) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p;
        List<Process> all = new ArrayList<>();
        if (piped) {
            all = ProcessBuilder.startPipeline(List.of(
                    new ProcessBuilder("cat", input.toString()).redirectError(ProcessBuilder.Redirect.DISCARD),
                    new ProcessBuilder(command)));
            p = all.get(1);
        } else {
            p = new ProcessBuilder(command).redirectInput(input.toFile()).start();
            all.add(p);
        }
        try {
            CompletableFuture<String> out = StreamText.read(p.getInputStream());
            CompletableFuture<String> err = StreamText.read(p.getErrorStream());
            if (!p.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException(String.join(" ", command) + " did not end within " + PATIENCE_SECONDS + " s");
            }
            wall.add(System.nanoTime() - t0);
            String said = out.join().strip();
            String[] linesAndNanos = said.split(" ");
            if (p.exitValue() != 0 || linesAndNanos.length != 2 || Long.parseLong(linesAndNanos[0]) != lines) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + " saying \""
                        + said + "\" (" + lines + " lines expected); stderr: " + err.join());
            }
            programTime.add(Long.parseLong(linesAndNanos[1]));
        } finally {
            all.forEach(Process::destroyForcibly);
        }
    }

}
