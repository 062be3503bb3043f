package dev.sandprof.host.internal;

import dev.sandprof.host.RequestRefusedException;
import dev.sandprof.host.SandboxException;
import dev.sandprof.host.SandprofBugException;
import dev.sandprof.host.UserCodeException;
import dev.sandprof.wire.ProtocolError;
import dev.sandprof.wire.Reply;
import dev.sandprof.wire.Request;
import dev.sandprof.wire.SandboxBug;
import dev.sandprof.wire.UserFailure;

/** The one place where a reply becomes the value a request asked for, or the exception that says why not. */
final class Replies {

    private Replies() {}

    /**
     * @return the reply, when it is the one the request is answered with on success
     * @throws UserCodeException when user code threw
     * @throws RequestRefusedException when the sandbox refused the request
     * @throws SandprofBugException when sandprof's own code failed in the sandbox
     * @throws SandboxException for any other reply: the sandbox does not speak this host's protocol
     */
    static <R extends Reply> R expect(Request<R> request, Reply reply) {
        Class<R> type = request.replyType();
        if (type.isInstance(reply)) {
            return type.cast(reply);
        } else if (reply instanceof UserFailure) {
            throw new UserCodeException(FromWire.exception(((UserFailure) reply).exception()));
        } else if (reply instanceof ProtocolError) {
            throw new RequestRefusedException(((ProtocolError) reply).message());
        } else if (reply instanceof SandboxBug) {
            throw new SandprofBugException(FromWire.exception(((SandboxBug) reply).exception()));
        }
        throw new SandboxException("unexpected reply to " + request.getClass().getSimpleName() + ", " + reply
                + ": the sandbox is of another sandprof build");
    }
}
