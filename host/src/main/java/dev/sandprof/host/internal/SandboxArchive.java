package dev.sandprof.host.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.Set;
import java.util.regex.Pattern;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * The class-data archive that makes a sandbox start and answer its first request faster: an
 * AppCDS archive on JDK 17 to 24 (trained without the agent, which 17 needs for dumping, and used
 * with it), the AOT cache on 25 and later (trained with exactly the flags it is used with, which 25
 * needs). Measured here: a sandbox's first Chronicle encode and decode fall from about 250 ms to
 * about 110 ms.
 *
 * <p>An archive is named by the hash of everything it depends on (the JDK build, a checksum of each
 * of the sandbox's jars' contents, the flags), so a stale one is never used: a JDK that meets a mismatched archive
 * runs slower or, in one case seen on 25, runs old classes (DEPENDENCIES.md). Archives live
 * outside the build tree, in {@code ~/.cache/sandprof} (or {@code $XDG_CACHE_HOME/sandprof}, or
 * the {@code sandprof.cache.dir} property). When there is none, the first sandbox of its kind
 * trains one in the background ({@code SandboxMain --train}), niced; the archive appears once the
 * training JVM has exited cleanly (see {@link #train}). No shell is involved: the cache path may
 * hold any character.
 * {@code -Dsandprof.archive=off} turns all of this off.
 */
final class SandboxArchive {

    /**
     * The environment variable that gives the training JVM its host's pid: it ends when that
     * process is gone, so no training outlives its host (an environment variable, not a flag, so
     * that the training's command line stays the sandboxes').
     */
    static final String HOST_PID_ENV = "SANDPROF_TRAINING_HOST_PID";

    /** What the temporary file a training dumps to is named: the archive's name, this, the host's pid. */
    static final String PARTIAL = ".partial-";
    private static final Pattern PARTIAL_OWNER = Pattern.compile("sandbox-.*\\.partial-(\\d+)(?:\\.config)?");
    /** Cache directories swept of dead hosts' temporary files by this JVM. */
    private static final Set<Path> SWEPT = ConcurrentHashMap.newKeySet();

    /** Trainings started by this JVM, by archive: one each is enough. */
    private static final Set<Path> TRAINING = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final boolean aotCache;

    private SandboxArchive(Path file, boolean aotCache) {
        this.file = file;
        this.aotCache = aotCache;
    }

    /** The archive for sandboxes started with this command, or none when archives are off. */
    static Optional<SandboxArchive> forCommand(Path java, int feature, List<String> command, SandboxLayout layout) {
        if ("off".equals(System.getProperty("sandprof.archive"))) {
            return Optional.empty();
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            Path release = java.toRealPath().getParent().getParent().resolve("release");
            digest.update(java.toRealPath().toString().getBytes(StandardCharsets.UTF_8));
            if (Files.isRegularFile(release)) {
                digest.update(Files.readAllBytes(release));
            }
            digest.update(String.join("\n", keyed(command)).getBytes(StandardCharsets.UTF_8));
            List<Path> jars = new ArrayList<>(layout.classPath());
            jars.add(layout.agentJar());
            digest.update(jarsChecksum(jars).getBytes(StandardCharsets.UTF_8));
            String key = HexFormat.of().formatHex(digest.digest(), 0, 12);
            boolean aot = feature >= 25;
            Path dir = cacheDir();
            if (Files.isDirectory(dir) && SWEPT.add(dir)) {
                // Left by a host killed while its training ran.
                StaleFiles.ofDeadProcesses(dir, "sandbox-*" + PARTIAL + "*", PARTIAL_OWNER, dir).forEach(StaleFiles::delete);
            }
            Path file = dir.resolve("sandbox-" + feature + "-" + key + (aot ? ".aot" : ".jsa"));
            return Optional.of(new SandboxArchive(file, aot));
        } catch (IOException | NoSuchAlgorithmException e) {
            return Optional.empty(); // no archive: sandboxes start a little slower, nothing breaks
        }
    }

    /**
     * The flags an archive is named by: all but the JIT's compile commands, which change nothing of
     * the classes a JVM loads. A benchmark's fork has its compiler hints in a file of its own, a
     * temporary one: named by it, every bench command trained an archive of its own, and its host
     * waited for that training at its exit (up to {@link #EXIT_WAIT}).
     */
    static List<String> keyed(List<String> command) {
        List<String> keyed = new ArrayList<>();
        for (String arg : command) {
            if (!arg.startsWith("-XX:CompileCommandFile=") && !arg.startsWith("-XX:CompileCommand=")) {
                keyed.add(arg);
            }
        }
        return keyed;
    }

    /** The checksums of jars already read by this JVM, by their paths, sizes and times. */
    private static final Map<String, String> CHECKSUMS = new ConcurrentHashMap<>();

    /**
     * A checksum of the jars' contents. CRC32 rather than SHA-256: the jars are read on the way to
     * the first sandbox's start, and a cold JVM took ~80 ms to SHA-256 their 7 MB against ~20 ms
     * with CRC32 (a cache key, not a security check). Remembered while the files are unchanged.
     */
    private static String jarsChecksum(List<Path> jars) throws IOException {
        StringBuilder stat = new StringBuilder();
        for (Path jar : jars) {
            stat.append(jar).append(' ').append(Files.size(jar)).append(' ')
                    .append(Files.getLastModifiedTime(jar).toMillis()).append('\n');
        }
        String cached = CHECKSUMS.get(stat.toString());
        if (cached != null) {
            return cached;
        }
        StringBuilder sums = new StringBuilder();
        byte[] buffer = new byte[1 << 16];
        for (Path jar : jars) {
            CRC32 crc = new CRC32();
            try (InputStream in = Files.newInputStream(jar)) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    crc.update(buffer, 0, n);
                }
            }
            sums.append(jar).append(' ').append(Files.size(jar)).append(' ').append(crc.getValue()).append('\n');
        }
        CHECKSUMS.put(stat.toString(), sums.toString());
        return sums.toString();
    }

    private static Path cacheDir() {
        String dir = System.getProperty("sandprof.cache.dir");
        if (dir != null) {
            return Path.of(dir);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("sandprof");
    }

    /** Archives kept in the cache: every build of sandprof and every set of flags makes another. */
    static final int KEEP = 8;

    /**
     * Deletes all but the {@value #KEEP} most recently made archives, and all but as many
     * {@link #UNFINISHED} marks (those of archives never made would stay otherwise).
     */
    private static void pruneOldArchives(Path dir) throws IOException {
        keepNewest(dir, p -> p.endsWith(".jsa") || p.endsWith(".aot"));
        keepNewest(dir, p -> p.endsWith(UNFINISHED));
    }

    private static void keepNewest(Path dir, java.util.function.Predicate<String> kind) throws IOException {
        List<Path> files;
        try (var list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().startsWith("sandbox-"))
                    .filter(p -> kind.test(p.getFileName().toString()))
                    .sorted(java.util.Comparator.comparing(SandboxArchive::modified).reversed())
                    .collect(java.util.stream.Collectors.toList());
        }
        for (Path old : files.subList(Math.min(KEEP, files.size()), files.size())) {
            // A JVM that has an archive open keeps its mapping: deleting it is safe.
            Files.deleteIfExists(old);
        }
    }

    private static java.nio.file.attribute.FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(0);
        }
    }

    Path file() {
        return file;
    }

    boolean exists() {
        return Files.isRegularFile(file);
    }

    /** The flags that make a JVM use this archive. */
    List<String> useFlags() {
        return List.of(aotCache ? "-XX:AOTCache=" + file : "-XX:SharedArchiveFile=" + file);
    }

    /**
     * Starts training this archive in the background, unless this JVM already has. The training
     * JVM dumps to a temporary file named after this host's pid beside the archive; this host
     * renames it into place once the JVM has exited cleanly, so a half-written archive is never
     * used, and deletes it otherwise. The training JVM ends when this host is gone (it watches the
     * pid in {@value #HOST_PID_ENV}); a host exiting normally first waits for it, for at most
     * {@link #EXIT_WAIT}, then ends it.
     *
     * @param sandboxCommand a sandbox's command line, up to and including its main class
     * @return completes once the training has ended: with {@code true} when the archive is in
     *     place; empty when no training was started
     */
    Optional<CompletableFuture<Boolean>> train(List<String> sandboxCommand, Path agentJar) {
        if (exists() || !TRAINING.add(file)) {
            return Optional.empty();
        }
        try {
            Files.createDirectories(file.getParent());
            pruneOldArchives(file.getParent());
            Path partial = file.resolveSibling(file.getFileName() + PARTIAL + ProcessHandle.current().pid());
            List<String> java = new ArrayList<>();
            for (String arg : sandboxCommand) {
                // 17 refuses to dump with an agent (without a diagnostic flag that then warns on
                // every start); an archive dumped without it works under it. 25 wants the same flags.
                if (aotCache || !arg.equals("-javaagent:" + agentJar)) {
                    java.add(arg);
                }
            }
            java.add(1, aotCache ? "-XX:AOTCacheOutput=" + partial : "-XX:ArchiveClassesAtExit=" + partial);
            java.add("--train");
            Process p = startNiced(java);
            CompletableFuture<Boolean> installed = new CompletableFuture<>();
            RUNNING.put(p, new Training(this, installed));
            p.onExit().thenAccept(done -> {
                installed.complete(install(done.exitValue() == 0, partial));
                RUNNING.remove(done);
            });
            return Optional.of(installed);
        } catch (IOException e) {
            return Optional.empty(); // no archive: sandboxes start a little slower, nothing breaks
        }
    }

    /**
     * Starts the training at a lower priority (it competes with the program for the CPU), with
     * {@code nice} where there is one: as an argument vector, like every process sandprof starts.
     */
    private static Process startNiced(List<String> java) throws IOException {
        List<String> niced = new ArrayList<>(List.of("nice", "-n", "10"));
        niced.addAll(java);
        try {
            return start(niced);
        } catch (IOException noNice) {
            return start(java);
        }
    }

    private static Process start(List<String> cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put(HOST_PID_ENV, Long.toString(ProcessHandle.current().pid()));
        Process p = pb.start();
        p.getOutputStream().close();
        return p;
    }

    /** Moves a complete archive into place, or deletes what a failed training left. */
    private boolean install(boolean complete, Path partial) {
        boolean installed = false;
        try {
            if (complete && Files.isRegularFile(partial)) {
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                installed = true;
                Files.deleteIfExists(unfinishedMarker());
            }
        } catch (IOException e) {
            // not installed: the next host trains again
        }
        StaleFiles.delete(partial);
        StaleFiles.delete(partial.resolveSibling(partial.getFileName() + ".config")); // 25's training notes
        return installed;
    }

    /** A host exiting waits for its trainings this long, then ends them. */
    static final Duration EXIT_WAIT = Duration.ofSeconds(10);

    /**
     * How the file is named, beside an archive, that says a host had to end this archive's
     * training at its exit: the machine was too busy for a niced training to finish in
     * {@link #EXIT_WAIT}. Later hosts then exit without waiting, so that a busy machine does not
     * add that wait to every short run; the archive comes from the first run long enough to
     * finish its training, which deletes the file.
     */
    static final String UNFINISHED = ".unfinished";

    Path unfinishedMarker() {
        return file.resolveSibling(file.getFileName() + UNFINISHED);
    }

    /** How long a host exiting waits for this archive's training: {@link #UNFINISHED} says. */
    Duration exitWait() {
        return Files.exists(unfinishedMarker()) ? Duration.ZERO : EXIT_WAIT;
    }

    /** A training under way, and what it trains. */
    private record Training(SandboxArchive archive, CompletableFuture<Boolean> installed) {}

    /** Trainings still running, for the exit hook. */
    private static final Map<Process, Training> RUNNING = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(SandboxArchive::endTrainings, "sandprof-training-reaper"));
    }

    /**
     * A short host (a {@code sandprof run} of a small program) exits before its training is done:
     * waiting once for the archive beats training again, and being killed again, on every run.
     * Once only: a training that did not finish in that time is marked {@link #UNFINISHED}.
     */
    private static void endTrainings() {
        long start = System.nanoTime();
        RUNNING.forEach((p, training) -> {
            long deadline = start + training.archive().exitWait().toNanos();
            try {
                training.installed().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | InterruptedException | ExecutionException e) {
                // 25's training JVM assembles its cache in a child JVM of its own
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                training.archive().markUnfinished();
            }
        });
    }

    private void markUnfinished() {
        try {
            Files.write(unfinishedMarker(), new byte[0]);
        } catch (IOException e) {
            // unmarked: the next host waits once more
        }
    }
}
