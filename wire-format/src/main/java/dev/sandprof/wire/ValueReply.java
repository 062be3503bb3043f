package dev.sandprof.wire;

/**
 * The value a request produced: a {@link RemoteRef} to it (absent for {@code void} and
 * {@code null}), its runtime type name and a display string of bounded length.
 */
public final class ValueReply extends Reply {

    private RemoteRef ref;
    private String typeName;
    private String display;
    private String staticType;

    private ValueReply() {}

    public ValueReply(long requestId, RemoteRef ref, String typeName, String display) {
        this(requestId, ref, typeName, display, typeName);
    }

    public ValueReply(long requestId, RemoteRef ref, String typeName, String display, String staticType) {
        super(requestId);
        this.ref = ref;
        this.typeName = typeName;
        this.display = display;
        this.staticType = staticType;
    }

    /**
     * The type source code can name the value by: its runtime class when that is accessible,
     * otherwise its most useful public supertype (a {@code List.of(..)} list is a
     * {@code java.util.List}). What a snippet's binding of this value is declared as.
     */
    public String staticType() {
        return staticType;
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
