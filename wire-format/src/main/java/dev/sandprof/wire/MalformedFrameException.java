package dev.sandprof.wire;

/**
 * A whole frame arrived but its payload is not a protocol message (unknown or forbidden type,
 * garbage). Unlike other protocol errors the channel is still in step, so a reader can refuse this
 * one frame and go on.
 */
public final class MalformedFrameException extends ProtocolException {

    private static final long serialVersionUID = 1L;

    public MalformedFrameException(String message) {
        super(message);
    }

    public MalformedFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
