package dev.sandprof.host.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What sandprof's own stdin is, for the program that reads it. */
final class HostStdin {

    private HostStdin() {}

    /**
     * Whether file descriptor 0 is a terminal (Linux: what {@code /proc/self/fd/0} names). Not
     * {@code System.console()}, which on 17 also asks that stdout be one, and on 22+ may be a
     * console without a terminal.
     */
    static boolean isTerminal() {
        try {
            String name = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
            return name.startsWith("/dev/pts/") || name.startsWith("/dev/tty") || name.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return false; // no /proc: input is read ahead, as from a pipe
        }
    }
}
