package dev.sandprof.host;

import java.util.List;
import java.util.Optional;

/**
 * What {@link Interpreter#traceExceptions} saw: the exceptions raised in instrumented code, in the
 * order of their first raise, and how the traced requests failed, if they did.
 */
public final class TraceResult {

    private final List<TracedException> exceptions;
    private final RuntimeException failure;

    /**
     * @param exceptions what was traced, in the order of first raise
     * @param failure how the traced requests failed, or {@code null}
     */
    public TraceResult(List<TracedException> exceptions, RuntimeException failure) {
        this.exceptions = List.copyOf(exceptions);
        this.failure = failure;
    }

    /** Each exception, or each group of repeats folded with its count. */
    public List<TracedException> exceptions() {
        return exceptions;
    }

    /**
     * The failure that ended the traced requests: a {@link UserCodeException} for an exception
     * that escaped, a {@link SandboxDiedException} for a sandbox that ended (a program calling
     * {@code System.exit} among them), another {@link SandboxException} for a timeout.
     */
    public Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure);
    }
}
