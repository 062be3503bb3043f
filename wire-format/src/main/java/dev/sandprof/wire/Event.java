package dev.sandprof.wire;

/** Something the sandbox reports while a request runs (output, progress); it is not a reply. */
public abstract class Event extends Message {

    protected Event() {}

    protected Event(long requestId) {
        super(requestId);
    }

    /** Gives this event to the listener's method for it. */
    public abstract void deliverTo(EventListener listener);
}
