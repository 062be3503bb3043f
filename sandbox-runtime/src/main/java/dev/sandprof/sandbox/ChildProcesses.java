package dev.sandprof.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Ends the processes a program started, with its sandbox. The host starts each sandbox as the
 * leader of a session of its own ({@code setsid}), so every process the program starts, and every
 * process those start, is a member of that session: also once its parent has died and it was
 * reparented, which is when {@link ProcessHandle#descendants()} no longer finds it. The kernel does
 * not reuse a session's id (the sandbox's pid) while any member lives, so a process of that session
 * is the program's. What leaves the session (a child that calls {@code setsid} to become a daemon)
 * is not found. Linux only: the sessions are read from {@code /proc}; elsewhere nothing is found.
 *
 * <p>The host ends a sandbox's session once the sandbox has ended, however it ended; the sandbox
 * ends its own when it finds its host gone, which the host can no longer do.
 */
public final class ChildProcesses {

    private static final Path PROC = Path.of("/proc");
    /** How long to go on finding members that were ended but have not gone yet. */
    private static final long ROUNDS_NANOS = TimeUnit.SECONDS.toNanos(2);

    private ChildProcesses() {}

    /**
     * Ends (SIGKILL) every live process of session {@code sid} but {@code except}, again and again
     * until none is left or two seconds have passed: a member may start another while it is ended.
     *
     * @param except a pid to spare (the caller itself), or -1
     * @return how many processes were ended
     */
    public static int endSession(long sid, long except) {
        int ended = 0;
        long deadline = System.nanoTime() + ROUNDS_NANOS;
        while (true) {
            int found = 0;
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC)) {
                for (Path entry : entries) {
                    long pid = pidOf(entry);
                    if (pid <= 0 || pid == except || !isLiveMember(pid, sid)) {
                        continue;
                    }
                    found++;
                    // Checked again through the handle, which carries the start time the kill is matched
                    // against, so a pid that was reused meanwhile is not struck.
                    if (ProcessHandle.of(pid).filter(h -> isLiveMember(pid, sid)).map(ProcessHandle::destroyForcibly)
                            .orElse(false)) {
                        ended++;
                    }
                }
            } catch (IOException | RuntimeException e) {
                return ended; // no /proc: not Linux
            }
            if (found == 0 || System.nanoTime() - deadline > 0) {
                return ended;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /**
     * In the sandbox, whose host is gone: ends the program's processes (those of its session, else
     * those it can still reach as descendants). Never throws.
     */
    static void endOwn() {
        try {
            ProcessHandle self = ProcessHandle.current();
            self.descendants().forEach(ProcessHandle::destroyForcibly);
            if (sessionOf(self.pid()) == self.pid()) {
                endSession(self.pid(), self.pid());
            }
        } catch (Throwable e) {
            // ending anyway; nothing to report to
        }
    }

    /** The session a process belongs to, or -1 when it is gone or unknown. */
    public static long sessionOf(long pid) {
        String[] fields = statFields(pid);
        return fields == null ? -1 : Long.parseLong(fields[3]);
    }

    private static boolean isLiveMember(long pid, long sid) {
        String[] fields = statFields(pid);
        // A zombie is dead already: its parent, or init once the parent is gone, collects it.
        return fields != null && !fields[0].equals("Z") && Long.parseLong(fields[3]) == sid;
    }

    /** The fields of {@code /proc/PID/stat} after the command's name: state, ppid, pgrp, session, ... */
    private static String[] statFields(long pid) {
        try {
            String stat = new String(Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("stat")),
                    StandardCharsets.ISO_8859_1);
            // The name is in parentheses and may hold anything, a ')' too: the fields follow the last one.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return fields.length > 3 ? fields : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long pidOf(Path entry) {
        String name = entry.getFileName().toString();
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return -1;
            }
        }
        try {
            return Long.parseLong(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
