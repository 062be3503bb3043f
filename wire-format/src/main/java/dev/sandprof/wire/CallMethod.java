package dev.sandprof.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * Calls a public method, chosen by name and by the runtime classes of the arguments as Java's
 * overload resolution would, on the object a ref names. Answered with a {@link ValueReply}, a
 * {@link UserFailure}, or a {@link ProtocolError} when no method or more than one fits.
 */
public final class CallMethod extends Request<ValueReply> {

    private RemoteRef receiver;
    private String method;
    private List<RemoteRef> args = new ArrayList<>();

    private CallMethod() {}

    public CallMethod(long requestId, RemoteRef receiver, String method, List<RemoteRef> args) {
        super(requestId);
        this.receiver = receiver;
        this.method = method;
        this.args = new ArrayList<>(args);
    }

    public RemoteRef receiver() {
        return receiver;
    }

    public String method() {
        return method;
    }

    /** The arguments; a {@code null} element stands for the {@code null} value. */
    public List<RemoteRef> args() {
        return new ArrayList<>(args);
    }

    @Override
    public Class<ValueReply> replyType() {
        return ValueReply.class;
    }

    @Override
    public ValueReply dispatchTo(RequestHandler handler) {
        return handler.callMethod(this);
    }
}
