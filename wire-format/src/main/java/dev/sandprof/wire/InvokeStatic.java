package dev.sandprof.wire;

/**
 * Calls a public static method without parameters of a shipped class. Answered with a
 * {@link ValueReply} (its ref is absent for {@code void}) or {@link UserFailure}.
 */
public final class InvokeStatic extends Request<ValueReply> {

    private String targetClass;
    private String method;

    private InvokeStatic() {}

    public InvokeStatic(long requestId, String targetClass, String method) {
        super(requestId);
        this.targetClass = targetClass;
        this.method = method;
    }

    public String targetClass() {
        return targetClass;
    }

    public String method() {
        return method;
    }

    @Override
    public Class<ValueReply> replyType() {
        return ValueReply.class;
    }

    @Override
    public ValueReply dispatchTo(RequestHandler handler) {
        return handler.invokeStatic(this);
    }
}
