package dev.sandprof.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * Gives loaded classes new bytecode in place (HotSwap: method bodies may change, their shape may
 * not), through the agent's {@code Instrumentation}; a class not loaded yet is defined instead.
 * Answered with {@link Done}, or a {@link ProtocolError} saying why the JVM refused.
 */
public final class RedefineClasses extends Request<Done> {

    private List<ClassBytes> classes = new ArrayList<>();

    private RedefineClasses() {}

    public RedefineClasses(long requestId, List<ClassBytes> classes) {
        super(requestId);
        this.classes = new ArrayList<>(classes);
    }

    public List<ClassBytes> classes() {
        return List.copyOf(classes);
    }

    @Override
    public Class<Done> replyType() {
        return Done.class;
    }

    @Override
    public Done dispatchTo(RequestHandler handler) {
        return handler.redefineClasses(this);
    }
}
