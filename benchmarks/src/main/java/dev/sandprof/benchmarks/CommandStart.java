package dev.sandprof.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * l. A whole command as a user types it, from its start to its exit: {@code bin/sandprof run
 * examples/Hello.java} with the host's class-data archive that the build makes and without it
 * ({@code SANDPROF_HOST_ARCHIVE=off}), against the JDK's own {@code java examples/Hello.java},
 * the three interleaved round by round.
 */
final class CommandStart {

    private static final long PATIENCE_SECONDS = 120;

    void run(Budget budget, ResultTable table) throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty("sandprof.home", ".")).toAbsolutePath();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String hello = home.resolve("examples/Hello.java").toString();
        List<String> sandprof = List.of(home.resolve("bin/sandprof").toString(), "run", hello);
        Samples withArchive = new Samples();
        Samples without = new Samples();
        Samples javaAlone = new Samples();
        // One untimed round: the sandbox's own class-data archive is trained by the first run of a build.
        time(home, sandprof, Map.of());
        for (int i = 0; i < budget.startRounds(); i++) {
            withArchive.add(time(home, sandprof, Map.of()));
            without.add(time(home, sandprof, Map.of("SANDPROF_HOST_ARCHIVE", "off")));
            javaAlone.add(time(home, List.of(java, hello), Map.of()));
        }
        table.info("l. sandprof run Hello.java vs java Hello.java", withArchive, javaAlone, ResultTable.Statistic.MEDIAN);
        table.info("l. same, no host archive vs java Hello.java", without, javaAlone, ResultTable.Statistic.MEDIAN);
        table.info("l. sandprof run Hello.java: host archive vs none", withArchive, without, ResultTable.Statistic.MEDIAN);
        table.note("l. start to exit of each command, " + budget.startRounds() + " rounds interleaved; the host"
                + " archive is host/target/host-cds (made by mvn package), SANDPROF_HOST_ARCHIVE=off starts without it");
    }

    private static long time(Path dir, List<String> command, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().putAll(env);
        long start = System.nanoTime();
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not end within " + PATIENCE_SECONDS + " s");
        }
        long elapsed = System.nanoTime() - start;
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue());
        }
        return elapsed;
    }
}
