package dev.sandprof.host;

import java.time.Duration;
import java.util.List;

/**
 * The sandbox left a liveness check unanswered for longer than
 * {@link SandboxOptions#livenessTimeout()} while a request was pending (it was stopped by a
 * signal, or hung as a whole), so the host ended it. The message says the process state the host
 * saw. The next request starts a fresh sandbox.
 */
public final class SandboxUnresponsiveException extends SandboxDiedException {

    private static final long serialVersionUID = 1L;

    private final Duration livenessTimeout;

    public SandboxUnresponsiveException(String message, long pid, int exitStatus, List<String> stderrTail,
                                        Duration livenessTimeout) {
        super(message, pid, exitStatus, stderrTail);
        this.livenessTimeout = livenessTimeout;
    }

    /** The bound the sandbox's silence ran past. */
    public Duration livenessTimeout() {
        return livenessTimeout;
    }
}
