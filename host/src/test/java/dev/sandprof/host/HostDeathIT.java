package dev.sandprof.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real host ({@link DyingHost}) killed with SIGKILL at many points of its life leaves nothing
 * behind: no JVM it started (sandboxes, spares, archive training) stays alive, and the next host to
 * start sweeps away the socket directories and temporary archives it left.
 */
class HostDeathIT {

    /** Where the host is killed: after the line it prints there, then after a delay. */
    private static final List<String> STAGES = List.of("starting", "launching", "started", "calling", "restarting", "done");
    private static final long[] DELAYS_MS = {0, 300};
    private static final long AWAIT_EXIT_SECONDS = 180;

    @TempDir
    Path dir;

    private final String marker = UUID.randomUUID().toString();

    private Process startHost(String mainClass, Path tmp, Path cache, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
                "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
                "-Djava.io.tmpdir=" + tmp,
                "-Dsandprof.cache.dir=" + cache,
                "-Dsandprof.sandbox.lib=" + System.getProperty("sandprof.sandbox.lib"),
                "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void aHostKilledAnywhereLeavesNothingBehindOnceTheNextHostStarts() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Path work = Files.createDirectories(dir.resolve("work"));
        int kills = 0;
        for (String stage : STAGES) {
            for (long delay : DELAYS_MS) {
                deleteArchives(cache); // every host trains one anew, so some are killed while training
                Process host = startHost(DyingHost.class.getName(), tmp, cache, marker, work.toString());
                BufferedReader lines = new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8));
                String line;
                do {
                    line = lines.readLine();
                    assertThat(line).as("the host reached '" + stage + "'").isNotNull();
                } while (!line.equals(stage));
                // A spread of moments after the stage begins, not a wait for anything.
                Thread.sleep(delay);
                host.destroyForcibly();
                assertThat(host.waitFor(60, TimeUnit.SECONDS)).isTrue();
                kills++;
                awaitNoMarkedJvm("after a kill at '" + stage + "' + " + delay + " ms");
            }
        }
        System.err.println("HostDeathIT: left by " + kills + " killed hosts: " + sandprofEntries(tmp) + " in java.io.tmpdir, "
                + sandprofEntries(cache) + " in the cache directory");
        // The next host: the exit mode of HostProcess starts a sandbox, runs a program, exits.
        Process next = startHost(HostProcess.class.getName(), tmp, cache, "exit", work.toString());
        assertThat(next.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(next.exitValue()).isZero();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("sandprof-")))
                    .as("socket directories after %d kills and the next start", kills).isEmpty();
        }
        try (Stream<Path> left = Files.list(cache)) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.contains(".partial-")))
                    .as("temporary archives after %d kills and the next start", kills).isEmpty();
        }
    }

    private static List<String> sandprofEntries(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("sandprof-") || n.contains(".partial-"))
                    .collect(Collectors.toList());
        }
    }

    private static void deleteArchives(Path cache) throws Exception {
        try (Stream<Path> files = Files.list(cache)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".jsa") || p.toString().endsWith(".aot"))
                    .collect(Collectors.toList())) {
                Files.delete(p);
            }
        }
    }

    /**
     * Waits, with a bound, until no process started with this test's marker is alive. A sandbox
     * notices its host's death at once (its channel ends), but under a load of 35 on 2 cores one
     * took just over 60 s to finish exiting: the bound is for a JVM that never ends.
     */
    private void awaitNoMarkedJvm(String when) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_EXIT_SECONDS);
        while (true) {
            List<ProcessHandle> marked = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().map(c -> c.contains("-Dsandprof.test.marker=" + marker)).orElse(false))
                    .collect(Collectors.toList());
            if (marked.isEmpty()) {
                return;
            }
            long left = deadline - System.nanoTime();
            try {
                CompletableFuture.allOf(marked.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                        .get(Math.max(1, left), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                List<String> alive = marked.stream().filter(ProcessHandle::isAlive)
                        .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).collect(Collectors.toList());
                marked.forEach(ProcessHandle::destroyForcibly); // cleanup only
                throw new AssertionError("JVMs of a dead host still alive " + AWAIT_EXIT_SECONDS + " s " + when + ": " + alive, e);
            }
        }
    }
}
