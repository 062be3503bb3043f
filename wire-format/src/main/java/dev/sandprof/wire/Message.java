package dev.sandprof.wire;

import net.openhft.chronicle.wire.SelfDescribingMarshallable;

/**
 * A message of the sandprof protocol: one small final class per message, readable as YAML
 * through {@link #toString()}. Every message carries the id of the request it belongs to: a
 * request gets a fresh id from the host, its reply and the events it causes repeat that id.
 *
 * <p>Only the classes listed in {@link ProtocolClasses} are ever instantiated when a frame is
 * decoded.
 */
public abstract class Message extends SelfDescribingMarshallable {

    private long requestId;

    protected Message() {}

    protected Message(long requestId) {
        this.requestId = requestId;
    }

    /** The id of the request this message is, or answers, or happened during. */
    public final long requestId() {
        return requestId;
    }
}
