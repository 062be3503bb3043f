package dev.sandprof.wire;

/**
 * The sandbox JVM has begun to exit: the program called {@code System.exit}, or a signal (SIGINT,
 * SIGTERM, SIGHUP) started its shutdown. Its shutdown hooks run now, the program's among them, and
 * what they print still comes on the channel; the channel closes after them. A host bounds how long
 * that may take from here, since a hook may never return.
 */
public final class Exiting extends Event {

    private Exiting() {}

    public Exiting(long requestId) {
        super(requestId);
    }

    @Override
    public void deliverTo(EventListener listener) {
        listener.exiting(this);
    }
}
