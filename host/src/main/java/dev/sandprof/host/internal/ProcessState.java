package dev.sandprof.host.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What {@code /proc/PID/stat} says a process is doing, in words, for the reports of a silent sandbox. */
final class ProcessState {

    private ProcessState() {}

    static String describe(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
        } catch (IOException | UnsupportedOperationException e) {
            return "its process state cannot be read (" + e.getMessage() + ")";
        }
        // "pid (comm) state ...": the command name may itself hold spaces and parentheses.
        int close = stat.lastIndexOf(')');
        if (close < 0 || close + 2 >= stat.length()) {
            return "its process state cannot be read";
        }
        char state = stat.charAt(close + 2);
        return describeState(state) + " (state " + state + " in /proc/" + pid + "/stat)";
    }

    static String describeState(char state) {
        switch (state) {
            case 'T': return "it is stopped by a signal";
            case 't': return "it is stopped by a debugger";
            case 'D': return "it is waiting for a device (uninterruptible sleep)";
            case 'Z': return "it has exited but not been reaped";
            case 'R': return "it is running but does not answer";
            case 'S': return "it is sleeping and does not answer";
            default: return "it does not answer";
        }
    }
}
