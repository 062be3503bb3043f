package dev.sandprof.sandbox.profile;

/** A profile that cannot be taken here, with why and what to do instead. */
public final class ProfileRefused extends RuntimeException {

    public ProfileRefused(String message) {
        super(message);
    }
}
