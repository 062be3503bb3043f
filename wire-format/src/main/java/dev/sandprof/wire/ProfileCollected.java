package dev.sandprof.wire;

/**
 * A profile the sandbox stopped on its own because it is ending (user code called
 * {@code System.exit}): what {@link StopProfile} would have answered, sent before the end.
 */
public final class ProfileCollected extends Event {

    private ProfileReply profile;

    private ProfileCollected() {}

    public ProfileCollected(long requestId, ProfileReply profile) {
        super(requestId);
        this.profile = profile;
    }

    public ProfileReply profile() {
        return profile;
    }

    @Override
    public void deliverTo(EventListener listener) {
        listener.profileCollected(this);
    }
}
