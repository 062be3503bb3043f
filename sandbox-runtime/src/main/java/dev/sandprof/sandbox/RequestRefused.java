package dev.sandprof.sandbox;

/**
 * The sandbox's one refusal: a request names a class, method or ref that is not there, needs what
 * this sandbox lacks (the agent, another JDK), or asks for what sandprof does not support. Its
 * message says what, and what to do instead; it is answered with a {@code ProtocolError}. Any other
 * exception that sandprof's own code throws while serving a request is a bug, and is reported as one.
 */
public final class RequestRefused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RequestRefused(String message) {
        this(message, null);
    }

    public RequestRefused(String message, Throwable cause) {
        // No stack: a refusal is an answer, not a failure, and only its message goes to the host.
        super(message, cause, false, false);
    }
}
