package dev.sandprof.wire;

/**
 * For a REPL (JShell's execution engine): calls a static method without parameters, or reads a
 * static field, of a defined class, and answers with a {@link ValueReply} whose display is the
 * value as JShell shows it ({@code "text"} quoted, {@code 'c'}, arrays with their type and
 * length), or a {@link UserFailure}.
 */
public final class ReplValue extends Request<ValueReply> {

    private String targetClass;
    private String member;
    private boolean field;

    private ReplValue() {}

    public ReplValue(long requestId, String targetClass, String member, boolean field) {
        super(requestId);
        this.targetClass = targetClass;
        this.member = member;
        this.field = field;
    }

    public String targetClass() {
        return targetClass;
    }

    public String member() {
        return member;
    }

    /** Whether {@link #member()} is a field (else a method to call). */
    public boolean field() {
        return field;
    }

    @Override
    public Class<ValueReply> replyType() {
        return ValueReply.class;
    }

    @Override
    public ValueReply dispatchTo(RequestHandler handler) {
        return handler.replValue(this);
    }
}
