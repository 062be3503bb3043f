package dev.sandprof.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * Defines classes from bytes in a new class-loader generation of the sandbox. A later definition
 * of the same name goes into a newer generation, which shadows the older one for code loaded
 * after it. Answered with {@link Done}, or {@link UserFailure} when a class cannot be defined.
 */
public final class DefineClasses extends Request<Done> {

    private List<ClassBytes> classes = new ArrayList<>();

    private DefineClasses() {}

    public DefineClasses(long requestId, List<ClassBytes> classes) {
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
        return handler.defineClasses(this);
    }

    @Override
    public boolean runsUserCode() {
        return false;
    }
}
