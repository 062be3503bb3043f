package dev.sandprof.host;

/**
 * The sandbox refused a request: it names a class or method that is not there, a stale ref, or
 * is otherwise not something the sandbox can do. The sandbox is still alive and usable.
 */
public final class RequestRefusedException extends SandboxException {

    private static final long serialVersionUID = 1L;

    public RequestRefusedException(String message) {
        super(message);
    }
}
