package dev.sandprof.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code public static void main(String[])} of a shipped class, on the sandbox's thread
 * named {@code main}. With {@code awaitThreads}, the reply waits, as the {@code java} launcher
 * does, until the threads the program started and left running (non-daemon) have ended.
 * Answered with {@link Done} or {@link UserFailure}.
 */
public final class InvokeMain extends Request<Done> {

    private String mainClass;
    private List<String> args = new ArrayList<>();
    private boolean awaitThreads;

    private InvokeMain() {}

    public InvokeMain(long requestId, String mainClass, List<String> args, boolean awaitThreads) {
        super(requestId);
        this.mainClass = mainClass;
        this.args = new ArrayList<>(args);
        this.awaitThreads = awaitThreads;
    }

    public String mainClass() {
        return mainClass;
    }

    public List<String> args() {
        return List.copyOf(args);
    }

    public boolean awaitThreads() {
        return awaitThreads;
    }

    @Override
    public Class<Done> replyType() {
        return Done.class;
    }

    @Override
    public Done dispatchTo(RequestHandler handler) {
        return handler.invokeMain(this);
    }
}
