package dev.sandprof.host.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sandprof.host.SandboxOptions;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real training runs of the sandbox's class-data archive, and sandboxes started with it. */
class SandboxArchiveIT {

    static final Path JAVA_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    /**
     * A bound against a training that never ends, not a measure of one: trainings run at
     * {@code nice 10}, and beside two busy loops and a load of 14 on 2 cores JDK 25's (about 6 s of
     * CPU alone) did not end within 120 s.
     */
    private static final long TRAINING_BOUND_MINUTES = 15;

    @TempDir
    Path cache;
    private String before;

    @BeforeEach
    void privateCache() {
        before = System.getProperty("sandprof.cache.dir");
        System.setProperty("sandprof.cache.dir", cache.toString());
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty("sandprof.cache.dir");
        } else {
            System.setProperty("sandprof.cache.dir", before);
        }
    }

    private void trainsThenStartsWithTheArchive(SandboxOptions.Builder builder, String useFlag) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SandboxOptions options = builder.stdout(out).stderr(err).spare(false).build();
        SandboxLauncher launcher = new SandboxLauncher(options, SandboxLayout.fromSystemProperty());
        assertThat(launcher.command(Path.of("s"), 1)).noneMatch(a -> a.startsWith(useFlag));

        assertThat(launcher.trainArchiveIfMissing().orElseThrow().get(TRAINING_BOUND_MINUTES, TimeUnit.MINUTES))
                .as("archive installed").isTrue();
        try (var files = Files.list(cache)) {
            List<Path> archives = files.collect(java.util.stream.Collectors.toList());
            assertThat(archives).hasSize(1);
            assertThat(archives.get(0).getFileName().toString()).startsWith("sandbox-" + launcher.feature() + "-");
        }
        assertThat(launcher.trainArchiveIfMissing()).isEmpty();

        List<String> command = launcher.command(Path.of("s"), 1);
        assertThat(command).anyMatch(a -> a.startsWith(useFlag));
        OutputToStreams streams = new OutputToStreams(out, err);
        SandboxProcess sandbox = launcher.launch(7, streams);
        try {
            dev.sandprof.wire.Ping ping = new dev.sandprof.wire.Ping(1);
            Replies.expect(ping, sandbox.call(ping, streams, null));
            assertThat(sandbox.info().epoch()).isEqualTo(7);
        } finally {
            sandbox.shutdown(2, java.time.Duration.ofSeconds(5), "the test ended");
        }
        // The JVM accepted the archive silently: nothing in the program's streams.
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void java17TrainsAnAppCdsArchiveAndUsesIt() throws Exception {
        trainsThenStartsWithTheArchive(SandboxOptions.builder(), "-XX:SharedArchiveFile=");
    }

    @Test
    void java25TrainsAnAotCacheAndUsesIt() throws Exception {
        assumeTrue(Files.isExecutable(JAVA_25), "no JDK 25 at " + JAVA_25 + ": skipping the AOT cache test");
        trainsThenStartsWithTheArchive(SandboxOptions.builder().java(JAVA_25), "-XX:AOTCache=");
    }

    @Test
    void onlyTheNewestArchivesAreKept() throws Exception {
        for (int i = 0; i < SandboxArchive.KEEP + 3; i++) {
            Path old = Files.writeString(cache.resolve("sandbox-17-old" + i + ".jsa"), "x");
            Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        for (int i = 0; i < SandboxArchive.KEEP + 2; i++) {
            Path mark = Files.writeString(cache.resolve("sandbox-17-never" + i + ".jsa" + SandboxArchive.UNFINISHED), "");
            Files.setLastModifiedTime(mark, java.nio.file.attribute.FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        Path unrelated = Files.writeString(cache.resolve("notes.txt"), "kept");
        SandboxLauncher launcher = new SandboxLauncher(SandboxOptions.builder().jvmArg("-Dprune=1").build(),
                SandboxLayout.fromSystemProperty());
        var training = launcher.trainArchiveIfMissing().orElseThrow();
        try (var files = Files.list(cache)) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith("sandbox-17-old")))
                    .hasSize(SandboxArchive.KEEP)
                    .noneMatch(p -> p.getFileName().toString().matches("sandbox-17-old[012]\\.jsa"));
        }
        try (var files = Files.list(cache)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(SandboxArchive.UNFINISHED)))
                    .hasSize(SandboxArchive.KEEP)
                    .noneMatch(p -> p.getFileName().toString().matches("sandbox-17-never[01]\\.jsa.*"));
        }
        assertThat(unrelated).exists();
        training.get(TRAINING_BOUND_MINUTES, TimeUnit.MINUTES);
    }

    /**
     * A training that a host had to end at its exit is marked, and later hosts exit without
     * waiting for it; the archive installed at last removes the mark.
     */
    @Test
    void anArchiveMarkedUnfinishedIsNotWaitedForAndItsInstallationClearsTheMark() throws Exception {
        SandboxLauncher launcher = new SandboxLauncher(SandboxOptions.builder().jvmArg("-Dunfinished=1").build(),
                SandboxLayout.fromSystemProperty());
        SandboxArchive archive = launcher.archive().orElseThrow();
        assertThat(archive.exitWait()).isEqualTo(SandboxArchive.EXIT_WAIT);
        Files.write(archive.unfinishedMarker(), new byte[0]);
        assertThat(archive.exitWait()).isZero();

        assertThat(launcher.trainArchiveIfMissing().orElseThrow().get(TRAINING_BOUND_MINUTES, TimeUnit.MINUTES)).isTrue();
        assertThat(archive.unfinishedMarker()).doesNotExist();
        assertThat(archive.exitWait()).isEqualTo(SandboxArchive.EXIT_WAIT);
    }

    /**
     * A cache directory whose name a shell would run: training works, nothing is executed, and
     * the temporary file is gone.
     */
    @Test
    void aCacheDirectoryWithShellSyntaxInItsNameIsJustAName() throws Exception {
        // A relative name (a directory's name holds no '/'): a shell would make it in the working directory.
        String marker = "sandprof-executed-" + ProcessHandle.current().pid();
        Path odd = Files.createDirectories(cache.resolve("it's \"odd\" $(touch " + marker + ") `touch " + marker
                + "` ;touch " + marker + "\nsecond line"));
        System.setProperty("sandprof.cache.dir", odd.toString());
        SandboxLauncher launcher = new SandboxLauncher(SandboxOptions.builder().jvmArg("-Dodd=1").build(),
                SandboxLayout.fromSystemProperty());
        assertThat(launcher.trainArchiveIfMissing().orElseThrow().get(TRAINING_BOUND_MINUTES, TimeUnit.MINUTES)).isTrue();
        try (var files = Files.list(odd)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .singleElement().asString().startsWith("sandbox-").doesNotContain("partial");
        }
        assertThat(launcher.archiveFile().orElseThrow()).exists();
        assertThat(Path.of(marker)).doesNotExist();
        try (var files = Files.walk(cache)) {
            assertThat(files.filter(p -> p.getFileName().toString().equals(marker))).isEmpty();
        }
    }

    @Test
    void aTemporaryArchiveOfADeadHostIsSweptAndALiveOnesIsKept() throws Exception {
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Path stale = Files.writeString(cache.resolve("sandbox-17-abc.jsa" + SandboxArchive.PARTIAL + dead.pid()), "x");
        Path staleNotes = Files.writeString(cache.resolve(stale.getFileName() + ".config"), "x");
        Path live = Files.writeString(cache.resolve("sandbox-17-abc.jsa" + SandboxArchive.PARTIAL
                + ProcessHandle.current().pid()), "x");
        new SandboxLauncher(SandboxOptions.builder().jvmArg("-Dsweep=1").build(), SandboxLayout.fromSystemProperty())
                .archiveFile();
        assertThat(stale).doesNotExist();
        assertThat(staleNotes).doesNotExist();
        assertThat(live).exists();
    }

    @Test
    void otherFlagsGetAnotherArchive() {
        SandboxLayout layout = SandboxLayout.fromSystemProperty();
        Path plain = new SandboxLauncher(SandboxOptions.defaults(), layout).archiveFile().orElseThrow();
        Path small = new SandboxLauncher(SandboxOptions.builder().jvmArg("-Xmx64m").build(), layout).archiveFile().orElseThrow();
        assertThat(plain).isNotEqualTo(small);
        assertThat(plain.getParent()).isEqualTo(cache);
    }

    @Test
    void archivesCanBeTurnedOff() {
        System.setProperty("sandprof.archive", "off");
        try {
            SandboxLauncher launcher = new SandboxLauncher(SandboxOptions.defaults(), SandboxLayout.fromSystemProperty());
            assertThat(launcher.archiveFile()).isEmpty();
            assertThat(launcher.trainArchiveIfMissing()).isEqualTo(Optional.empty());
        } finally {
            System.clearProperty("sandprof.archive");
        }
    }
}
