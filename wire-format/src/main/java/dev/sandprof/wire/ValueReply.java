package dev.sandprof.wire;

/**
 * The value a request produced: a {@link RemoteRef} to it (absent for {@code void} and
 * {@code null}), its runtime type name and a display string of bounded length.
 */
public final class ValueReply extends Reply {

    private RemoteRef ref;
    private String typeName;
    private String display;

    private ValueReply() {}

    public ValueReply(long requestId, RemoteRef ref, String typeName, String display) {
        super(requestId);
        this.ref = ref;
        this.typeName = typeName;
        this.display = display;
    }

    /** The ref to the value, or {@code null} for {@code void} and for a {@code null} value. */
    public RemoteRef ref() {
        return ref;
    }

    /** The value's runtime class name, {@code "void"} or {@code "null"}. */
    public String typeName() {
        return typeName;
    }

    /** {@code String.valueOf(value)}, cut to a bounded length, or a note that it failed. */
    public String display() {
        return display;
    }
}
