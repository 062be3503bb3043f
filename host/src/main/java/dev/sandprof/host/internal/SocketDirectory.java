package dev.sandprof.host.internal;

import dev.sandprof.host.SandboxStartException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * The private (0700) directory a sandbox's channel socket is bound in while the sandbox connects,
 * named {@code sandprof-<host pid>-<random>} in {@code java.io.tmpdir}. It is deleted once the
 * sandbox is connected or its start failed; a host killed in between leaves it, so the first
 * sandbox a host starts sweeps away those of hosts no longer running (the class-data archive
 * training's own directory, {@code sandprof-<pid>-training-...}, is named the same way).
 */
final class SocketDirectory implements AutoCloseable {

    static final String PREFIX = "sandprof-";
    private static final Pattern OWNER = Pattern.compile("sandprof-(\\d+)-.+");
    private static final AtomicBoolean SWEPT = new AtomicBoolean();

    private final Path dir;

    private SocketDirectory(Path dir) {
        this.dir = dir;
    }

    /** Makes a fresh directory; the first of this JVM also sweeps those of dead hosts. */
    static SocketDirectory create() {
        Path dir;
        try {
            dir = Files.createTempDirectory(PREFIX + ProcessHandle.current().pid() + "-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new SandboxStartException("cannot create the sandbox's socket directory in "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage()
                    + " (set -Djava.io.tmpdir to a writable directory)", e);
        }
        if (SWEPT.compareAndSet(false, true)) {
            sweep(dir.getParent(), dir);
        }
        return new SocketDirectory(dir);
    }

    /** Deletes the socket directories in {@code tmp} whose host is gone. */
    static void sweep(Path tmp, Path mine) {
        StaleFiles.ofDeadProcesses(tmp, PREFIX + "*", OWNER, mine).forEach(StaleFiles::delete);
    }

    /** Where the socket goes. */
    Path socket() {
        return dir.resolve("channel");
    }

    /** Where the program's output ring goes: beside the socket, named so by {@link #outputRingBeside}. */
    Path outputRing() {
        return outputRingBeside(socket());
    }

    static Path outputRingBeside(Path socket) {
        return socket.resolveSibling("output");
    }

    Path path() {
        return dir;
    }

    /** Deletes the socket and the directory; what cannot be deleted the next host sweeps. */
    @Override
    public void close() {
        StaleFiles.delete(dir);
    }
}
