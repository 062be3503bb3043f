package dev.sandprof.benchmarks.jmhsamples;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * JMH's 37 samples ({@code org.openjdk.jmh:jmh-samples:1.37}), each run by real JMH from the
 * compiled jar and by {@code sandprof bench} from its unchanged source, one after the other
 * (JMH, sandprof, JMH, sandprof, ...), with the same settings; then each row's scores side by
 * side, the outcome of each sample on each side, the conclusion of each pitfall sample and the
 * wall time of each side.
 *
 * <pre>benchmarks/jmh-samples/run [--quick] [--only REGEX] [--out DIR | --report DIR]</pre>
 *
 * Each sample's outputs, JSON results and exit statuses are kept under the run's directory
 * ({@code --out}, default {@code benchmarks/jmh-samples/target/runs/TIME}); {@code --report DIR}
 * prints a kept run's report again without running anything.
 *
 * Two samples get what their point needs, on both sides alike: JMHSample_12_Forking runs without
 * {@code -f}, so that its own {@code @Fork(0)} and {@code @Fork(1)} apply (a forced fork count
 * would leave it nothing to show), and JMHSample_30_Interrupts gets {@code -to 10s} as its
 * {@code main} asks (its blocked threads are only interrupted at the timeout, JMH's default 10
 * minutes an iteration). RunToRun's rows are compared by their spread only: its sleep is random
 * per fork by design.
 */
public final class SamplesHarness {

    private static final String FORKING = "JMHSample_12_Forking";
    private static final String RUN_TO_RUN = "JMHSample_13_RunToRun";
    private static final String INTERRUPTS = "JMHSample_30_Interrupts";
    /** RunToRun sleeps up to 1000 ms an operation; 5% more for the overhead of a sleep. */
    private static final RowComparison.SpreadRule RUN_TO_RUN_SPREAD = new RowComparison.SpreadRule(1050);
    /** The bound on one side's run of one sample: past it the run is ended and reported as timed out. */
    private static final long PROCESS_BOUND_MINUTES = 30;

    private SamplesHarness() {}

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Pattern only = null;
        Path outDir = null;
        boolean reportOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--only" -> only = Pattern.compile(value(args, ++i, "--only"));
                case "--out" -> outDir = Path.of(value(args, ++i, "--out"));
                case "--report" -> {
                    outDir = Path.of(value(args, ++i, "--report"));
                    reportOnly = true;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: benchmarks/jmh-samples/run [--quick] [--only REGEX] [--out DIR | --report DIR]");
            }
        }
        Path root = Path.of(System.getProperty("sandprof.home", ".")).toAbsolutePath().normalize();
        Path harness = root.resolve("benchmarks/jmh-samples/target");
        Path sources = harness.resolve("jmh-samples-sources/org/openjdk/jmh/samples");
        Path jmhLib = harness.resolve("jmh-lib");
        if (outDir == null) {
            outDir = harness.resolve("runs/" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        }
        Files.createDirectories(outDir);
        List<String> settings = quick
                ? List.of("-f", "1", "-wi", "1", "-i", "2", "-w", "100ms", "-r", "100ms")
                : List.of("-f", "2", "-wi", "3", "-i", "5", "-w", "200ms", "-r", "200ms");

        List<String> all;
        try (Stream<Path> files = Files.list(sources)) {
            all = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("JMHSample_") && n.endsWith(".java"))
                    .map(n -> n.substring(0, n.length() - ".java".length())).sorted().collect(Collectors.toList());
        }
        Pattern filter = only;
        Path runDir = outDir;
        boolean again = reportOnly;
        List<String> chosen = all.stream().filter(n -> filter == null || filter.matcher(n).find())
                .filter(n -> !again || Files.exists(runDir.resolve(n).resolve("sandprof.status"))).collect(Collectors.toList());

        // A report read again names the tree its run measured, from the run's own report.
        String revision = System.getProperty("sandprof.compare.revision", "?");
        Path first = outDir.resolve("report.txt");
        if (reportOnly && Files.exists(first)) {
            java.util.regex.Matcher m = Pattern.compile("source tree (\\S+);").matcher(Files.readString(first));
            revision = m.find() ? m.group(1) : revision;
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (PrintStream out = new PrintStream(new Tee(System.out, Files.newOutputStream(outDir.resolve(
                reportOnly ? "report-again.txt" : "report.txt"))), true,
                StandardCharsets.UTF_8)) {
            out.printf("JMH's samples (jmh-samples 1.37): real JMH from the jar vs sandprof bench from the sources, alternating%n");
            out.printf("settings: %s (%s); source tree %s; java %s%n", String.join(" ", settings), quick ? "--quick" : "default",
                    revision, System.getProperty("java.version"));
            out.printf("samples: %d of %d%s; outputs and JSON results in %s%s%n", chosen.size(), all.size(),
                    only == null ? "" : " (--only " + only + ")", outDir, reportOnly ? " (--report: read again, not run)" : "");
            if (quick) {
                out.printf("--quick: one fork of 2 measurements, for which JMH gives no error: rows are compared within 5%% only,"
                        + " and 100 ms warmup is too short for some samples' lessons to show, under JMH too%n");
            }
            out.printf("as their point needs, on both sides: %s without -f (its own @Fork), %s with -to 10s; %s compared by spread%n%n",
                    FORKING, INTERRUPTS, RUN_TO_RUN);

            List<SampleResult> results = new ArrayList<>();
            for (String sample : chosen) {
                List<String> opts = new ArrayList<>(settings);
                if (sample.equals(FORKING)) {
                    opts.subList(0, 2).clear();
                }
                if (sample.equals(INTERRUPTS)) {
                    opts.addAll(List.of("-to", "10s"));
                }
                Path dir = Files.createDirectories(outDir.resolve(sample));

                List<String> jmh = new ArrayList<>(List.of(java, "-cp", jmhLib + "/*", "org.openjdk.jmh.Main",
                        "\\." + sample + "\\."));
                jmh.addAll(opts);
                jmh.addAll(List.of("-rf", "json", "-rff", dir.resolve("jmh.json").toString()));
                Side j = reportOnly ? Side.load(dir, "jmh", sources) : Side.run(jmh, dir, "jmh", sources);

                List<String> sp = new ArrayList<>(List.of(root.resolve("bin/sandprof").toString(), "bench"));
                sp.addAll(opts);
                sp.addAll(List.of("-rf", "json", "-rff", dir.resolve("sandprof.json").toString(),
                        sources.resolve(sample + ".java").toString()));
                Side s = reportOnly ? Side.load(dir, "sandprof", sources) : Side.run(sp, dir, "sandprof", sources);

                SampleResult r = SampleResult.of(sample, j.outcome, j.nanos, j.rows, s.outcome, s.nanos, s.rows,
                        sample.equals(RUN_TO_RUN) ? RUN_TO_RUN_SPREAD : null);
                results.add(r);
                out.print(Report.sampleBlock(r));
                out.println();
            }
            out.print(Report.summary(results, all.size()));
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /** One side's run of one sample: its process, bounded, its output and JSON kept in the sample's directory. */
    private static final class Side {
        Outcome outcome;
        long nanos;
        List<ResultRow> rows = List.of();

        static Side run(List<String> command, Path dir, String name, Path sources) throws IOException, InterruptedException {
            Path log = dir.resolve(name + ".log");
            Files.deleteIfExists(dir.resolve(name + ".json"));
            Files.writeString(log, "");
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullDevice())).start();
            boolean ended = p.waitFor(PROCESS_BOUND_MINUTES, TimeUnit.MINUTES);
            if (!ended) {
                // Ours alone: the process we started and what it started (forks, sandboxes).
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(1, TimeUnit.MINUTES);
            }
            long nanos = System.nanoTime() - t0;
            Files.writeString(dir.resolve(name + ".status"), String.join(" ", command) + "\n"
                    + (ended ? p.exitValue() : -1) + " " + !ended + " " + nanos + "\n");
            return load(dir, name, sources);
        }

        /** A side's run as {@link #run} left it in the sample's directory. */
        static Side load(Path dir, String name, Path sources) throws IOException {
            List<String> status = Files.readAllLines(dir.resolve(name + ".status"));
            String[] f = status.get(1).split(" ");
            Side side = new Side();
            side.nanos = Long.parseLong(f[2]);
            Path json = dir.resolve(name + ".json");
            if (Files.exists(json)) {
                side.rows = ResultRow.readAll(Files.readString(json, StandardCharsets.UTF_8));
            }
            // Reasons read shorter without the sources' directory and the samples' package.
            String output = Files.readString(dir.resolve(name + ".log"), StandardCharsets.UTF_8)
                    .replace(sources + "/", "").replace("org.openjdk.jmh.samples.", "");
            side.outcome = Outcome.classify(Integer.parseInt(f[0]), Boolean.parseBoolean(f[1]), output, side.rows);
            return side;
        }

        private static java.io.File nullDevice() {
            return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
        }
    }

    /** Prints to the terminal and to the run's report.txt at once. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }

        @Override
        public void close() throws IOException {
            flush();
            b.close();
        }
    }
}
