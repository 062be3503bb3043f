package dev.sandprof.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * Adds jars or class directories, by their path on the shared file system, to the class path of
 * the next class-loader generation. Answered with {@link Done} or a {@link ProtocolError} naming a
 * path that does not exist.
 */
public final class AddClassPath extends Request<Done> {

    private List<String> entries = new ArrayList<>();

    private AddClassPath() {}

    public AddClassPath(long requestId, List<String> entries) {
        super(requestId);
        this.entries = new ArrayList<>(entries);
    }

    public List<String> entries() {
        return List.copyOf(entries);
    }

    @Override
    public Class<Done> replyType() {
        return Done.class;
    }

    @Override
    public Done dispatchTo(RequestHandler handler) {
        return handler.addClassPath(this);
    }

    @Override
    public boolean runsUserCode() {
        return false;
    }
}
