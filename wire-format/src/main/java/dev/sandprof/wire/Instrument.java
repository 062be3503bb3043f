package dev.sandprof.wire;

/**
 * Turns on the agent's call-stack recording for the classes shipped from now on (classes already
 * defined stay as they are: ship them again). Answered with {@link Done}, or a
 * {@link ProtocolError} when the sandbox runs without the agent.
 */
public final class Instrument extends Request {

    private Instrument() {}

    public Instrument(long requestId) {
        super(requestId);
    }
}
