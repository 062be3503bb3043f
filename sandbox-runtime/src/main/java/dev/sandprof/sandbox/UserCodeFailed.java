package dev.sandprof.sandbox;

import dev.sandprof.wire.ExceptionData;

/**
 * User code threw while a request was served: how a {@link SandboxRuntime} method ends with the
 * exception (already data) that its {@code UserFailure} reply carries. It never leaves the sandbox.
 */
final class UserCodeFailed extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ExceptionData exception;

    UserCodeFailed(ExceptionData exception) {
        super(exception.headline(), null, false, false);
        this.exception = exception;
    }

    ExceptionData exception() {
        return exception;
    }
}
