package dev.sandprof.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * Defines a compiled snippet's classes in a loader of their own (a leaf under the newest
 * generation, so that a snippet never keeps later generations alive) and calls its public static
 * method with the objects the refs name, in order. Answered with a {@link ValueReply} (no ref for
 * a {@code void} snippet), a {@link UserFailure}, or a {@link ProtocolError} for a stale ref.
 */
public final class Evaluate extends Request<ValueReply> {

    private List<ClassBytes> classes = new ArrayList<>();
    private String targetClass;
    private String method;
    private List<RemoteRef> args = new ArrayList<>();

    private Evaluate() {}

    public Evaluate(long requestId, List<ClassBytes> classes, String targetClass, String method, List<RemoteRef> args) {
        super(requestId);
        this.classes = new ArrayList<>(classes);
        this.targetClass = targetClass;
        this.method = method;
        this.args = new ArrayList<>(args);
    }

    public List<ClassBytes> classes() {
        return List.copyOf(classes);
    }

    public String targetClass() {
        return targetClass;
    }

    public String method() {
        return method;
    }

    public List<RemoteRef> args() {
        return List.copyOf(args);
    }

    @Override
    public Class<ValueReply> replyType() {
        return ValueReply.class;
    }

    @Override
    public ValueReply dispatchTo(RequestHandler handler) {
        return handler.evaluate(this);
    }
}
