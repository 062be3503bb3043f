package dev.sandprof.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns on the agent's call-stack recording and exception hooks for the classes shipped from now
 * on, and for those of the named packages and jars (classes already defined stay as they are: ship
 * them again). Answered with {@link Done}, or a {@link ProtocolError} when the sandbox runs without
 * the agent.
 */
public final class Instrument extends Request<Done> {

    private List<String> include = new ArrayList<>();

    private Instrument() {}

    /**
     * @param include more classes to instrument than those shipped as bytes: class-name patterns
     *                ({@code com.example.*}) or absolute paths of jars and class directories
     */
    public Instrument(long requestId, List<String> include) {
        super(requestId);
        this.include = new ArrayList<>(include);
    }

    public List<String> include() {
        return List.copyOf(include);
    }

    @Override
    public Class<Done> replyType() {
        return Done.class;
    }

    @Override
    public Done dispatchTo(RequestHandler handler) {
        return handler.instrument(this);
    }
}
