package dev.sandprof.sandbox;

import dev.sandprof.wire.ExceptionData;
import dev.sandprof.wire.MessageChannel;
import dev.sandprof.wire.ProtocolError;
import dev.sandprof.wire.Reply;
import dev.sandprof.wire.Request;
import dev.sandprof.wire.RequestHandler;
import dev.sandprof.wire.SandboxBug;
import dev.sandprof.wire.UserFailure;
import java.io.IOException;
import java.util.List;

/**
 * Serves a request with a {@link RequestHandler} and turns the way it ended into its one reply, as
 * JShell's {@code ExecutionControlForwarder} does: the handler's reply when it returned; a
 * {@link ProtocolError} for a {@link RequestRefused}; a {@link UserFailure} when user code threw;
 * a {@link SandboxBug}, with the whole stack, for anything else, since anything else is a bug in
 * sandprof's own code and must not read as a refusal.
 */
final class RequestDispatch {

    private static final StackTraceElement[] NO_CALL_SITE = new StackTraceElement[0];

    private RequestDispatch() {}

    /** The request's reply; never throws but the JVM's own errors, so that the loop serving requests cannot be killed. */
    static Reply answer(RequestHandler handler, Request<?> request) {
        long id = request.requestId();
        try {
            return request.dispatchTo(handler);
        } catch (RequestRefused e) {
            return new ProtocolError(id, e.getMessage());
        } catch (UserCodeFailed e) {
            return new UserFailure(id, e.exception());
        } catch (LinkageError e) {
            // A shipped class that fails verification or linking when defined or first loaded: the user's.
            return new UserFailure(id, ExceptionCapture.capture(e, NO_CALL_SITE));
        } catch (Throwable e) {
            return new SandboxBug(id, ExceptionCapture.capture(e, NO_CALL_SITE));
        }
    }

    /**
     * Sends a request's reply. One that cannot be sent, since it is over the frame cap or cannot
     * be encoded, is replaced by a {@link SandboxBug} that says so: the request is answered all
     * the same, and nothing was written of the first, so the channel is still in step.
     *
     * @throws IOException when the channel is broken: nothing can be answered any more
     */
    static void send(MessageChannel channel, Request<?> request, Reply reply) throws IOException {
        try {
            channel.send(reply);
        } catch (RuntimeException | StackOverflowError e) {
            String why = "sandprof could not send its " + reply.getClass().getSimpleName() + " to "
                    + request.getClass().getSimpleName() + ": " + e.getClass().getName() + ": "
                    + ExceptionCapture.cut(e.getMessage(), 1_000);
            channel.send(new SandboxBug(request.requestId(), new ExceptionData(e.getClass().getName(), why,
                    List.of(), null, List.of())));
        }
    }
}
