package dev.sandprof.wire;

/** A message from the host to the sandbox; the sandbox answers each with exactly one {@link Reply}. */
public abstract class Request extends Message {

    protected Request() {}

    protected Request(long requestId) {
        super(requestId);
    }
}
