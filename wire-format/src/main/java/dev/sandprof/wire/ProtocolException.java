package dev.sandprof.wire;

/**
 * The channel carried something that is not the sandprof protocol: a frame over the size cap, a
 * truncated frame, an unknown or forbidden message type, a handshake of another version.
 */
public class ProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
