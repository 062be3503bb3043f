package dev.sandprof.wire;

/** Stops the running profile; answered with a {@link ProfileReply}, or a {@link ProtocolError} when none runs. */
public final class StopProfile extends Request<ProfileReply> {

    private StopProfile() {}

    public StopProfile(long requestId) {
        super(requestId);
    }

    @Override
    public Class<ProfileReply> replyType() {
        return ProfileReply.class;
    }

    @Override
    public ProfileReply dispatchTo(RequestHandler handler) {
        return handler.stopProfile(this);
    }
}
