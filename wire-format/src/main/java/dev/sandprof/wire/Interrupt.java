package dev.sandprof.wire;

/**
 * Interrupts the thread running user code for the request in progress (what Ctrl-C does in a REPL).
 * Answered at once, out of turn, with {@link Done}; whether the code stops is up to the code.
 */
public final class Interrupt extends Request {

    private Interrupt() {}

    public Interrupt(long requestId) {
        super(requestId);
    }
}
