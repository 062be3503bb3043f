package dev.sandprof.host;

import java.util.List;

/**
 * The sandbox process ended while a request was pending: the program called {@code System.exit},
 * ran out of memory, crashed, was killed from outside, or stopped answering and was ended
 * ({@link SandboxUnresponsiveException}). The next request starts a fresh sandbox.
 */
public class SandboxDiedException extends SandboxException {

    private static final long serialVersionUID = 1L;

    private final long pid;
    private final int exitStatus;
    private final List<String> stderrTail;
    private final boolean exitedItself;

    public SandboxDiedException(String message, long pid, int exitStatus, List<String> stderrTail) {
        this(message, pid, exitStatus, stderrTail, false);
    }

    /** @param exitedItself whether its JVM exited as a JVM does: see {@link #exitedItself()} */
    public SandboxDiedException(String message, long pid, int exitStatus, List<String> stderrTail, boolean exitedItself) {
        super(message);
        this.pid = pid;
        this.exitStatus = exitStatus;
        this.stderrTail = List.copyOf(stderrTail);
        this.exitedItself = exitedItself;
    }

    /** The process id the sandbox JVM had. */
    public long pid() {
        return pid;
    }

    /**
     * The process's exit status as a shell reports it: the status it passed to
     * {@code System.exit}, or 128 plus the signal number when a signal ended it.
     */
    public int exitStatus() {
        return exitStatus;
    }

    /**
     * Whether the sandbox's JVM ran its shutdown and exited with {@link #exitStatus()} itself: the
     * program's {@code System.exit}, or a signal the JVM handles by exiting (SIGINT, SIGTERM,
     * SIGHUP give 128 plus the signal after the shutdown hooks, as under {@code java}). Not when
     * a signal killed it outright, it crashed, or sandprof ended it.
     */
    public boolean exitedItself() {
        return exitedItself;
    }

    /** The last lines the sandbox JVM wrote to its own stderr (file descriptor 2). */
    public List<String> stderrTail() {
        return stderrTail;
    }
}
