package dev.sandprof.wire;

/** Asks the sandbox to answer with {@link Done} and then exit with status 0. */
public final class Shutdown extends Request {

    private Shutdown() {}

    public Shutdown(long requestId) {
        super(requestId);
    }
}
