package dev.sandprof.wire;

/**
 * Bytes that code in the sandbox wrote to {@code System.out} or {@code System.err}, in the order
 * written. They travel on the channel, so they arrive before the reply of the request that wrote
 * them.
 */
public final class Output extends Event {

    /** The stream a chunk of output was written to. */
    public enum Stream { OUT, ERR }

    private Stream stream;
    private byte[] bytes;

    private Output() {}

    public Output(long requestId, Stream stream, byte[] bytes) {
        super(requestId);
        this.stream = stream;
        this.bytes = bytes;
    }

    public Stream stream() {
        return stream;
    }

    /** The bytes; the caller must not modify them. */
    public byte[] bytes() {
        return bytes;
    }

    @Override
    public void deliverTo(EventListener listener) {
        listener.output(this);
    }
}
