package dev.sandprof.host.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Temporary files and directories that carry the pid of the process that made them in their name
 * (socket directories, archives being written), and the sweep that removes those whose maker is
 * gone: a host killed at any moment leaves them, and the next host to start takes them away.
 */
final class StaleFiles {

    private StaleFiles() {}

    /** Whether a process with this pid runs now (a pid reused since only delays a sweep). */
    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * The entries of {@code dir} matching {@code glob} whose name holds, as group 1 of {@code pid},
     * the pid of a process no longer running, and which have the owner of {@code mine} (a file this
     * process made): another user's are not ours to judge, even where we could delete them.
     */
    static List<Path> ofDeadProcesses(Path dir, String glob, Pattern pid, Path mine) {
        List<Path> stale = new ArrayList<>();
        UserPrincipal me;
        try {
            me = Files.getOwner(mine, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            return stale; // whose the files are cannot be told: leave them all
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, glob)) {
            for (Path p : entries) {
                Matcher m = pid.matcher(p.getFileName().toString());
                if (m.matches() && !alive(Long.parseLong(m.group(1)))
                        && me.equals(Files.getOwner(p, LinkOption.NOFOLLOW_LINKS))) {
                    stale.add(p);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // an unreadable directory, or a name that only looks like ours: nothing to sweep there
        }
        return stale;
    }

    /** Deletes a file, or a directory with the files directly in it (a socket directory holds one). */
    static void delete(Path p) {
        try {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(p)) {
                    for (Path e : entries) {
                        Files.deleteIfExists(e);
                    }
                }
            }
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // another host sweeping at the same moment, or a file not ours to delete: it stays
        }
    }
}
