package dev.sandprof.wire;

/**
 * The program in the sandbox has begun reading its stdin ({@code System.in}): sent once per
 * sandbox, at its first read. A host that holds the program's input back until it is asked for (a
 * terminal, where reading ahead would take lines typed for the shell, or stop a background job)
 * starts sending it then.
 */
public final class InputWanted extends Event {

    private InputWanted() {}

    public InputWanted(long requestId) {
        super(requestId);
    }

    @Override
    public void deliverTo(EventListener listener) {
        listener.inputWanted(this);
    }
}
