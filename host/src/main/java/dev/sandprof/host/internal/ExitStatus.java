package dev.sandprof.host.internal;

/** Describes a process's exit status as a person reads it. */
final class ExitStatus {

    private static final String[] SIGNALS = {
        null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE",
        "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM"
    };

    private ExitStatus() {}

    /**
     * @param exitedItself whether the JVM exited with this status itself (its shutdown ran): then
     *     a status above 128 is what it was given ({@code System.exit(130)}, or its own exit on a
     *     signal it handles), not a signal that killed it
     */
    static String describe(int status, boolean exitedItself) {
        if (!exitedItself && status > 128 && status < 128 + SIGNALS.length) {
            int signal = status - 128;
            return "was killed by signal " + signal + " (" + SIGNALS[signal] + "), exit status " + status;
        }
        return "exited with status " + status;
    }
}
