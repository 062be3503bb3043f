package dev.sandprof.wire;

/** The reply to a request whose user code threw: the exception as data. */
public final class UserFailure extends Reply {

    private ExceptionData exception;

    private UserFailure() {}

    public UserFailure(long requestId, ExceptionData exception) {
        super(requestId);
        this.exception = exception;
    }

    public ExceptionData exception() {
        return exception;
    }
}
