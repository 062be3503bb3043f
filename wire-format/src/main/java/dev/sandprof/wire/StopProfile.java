package dev.sandprof.wire;

/** Stops the running profile; answered with a {@link ProfileReply}, or a {@link ProtocolError} when none runs. */
public final class StopProfile extends Request {

    private StopProfile() {}

    public StopProfile(long requestId) {
        super(requestId);
    }
}
