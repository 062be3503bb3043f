package dev.sandprof.host.internal;

import dev.sandprof.wire.Event;
import dev.sandprof.wire.Message;
import dev.sandprof.wire.ProtocolError;
import dev.sandprof.wire.Request;
import dev.sandprof.wire.SandboxBug;
import dev.sandprof.wire.UserFailure;
import java.util.List;
import java.util.Optional;

/**
 * What the host takes from a sandbox: events, and for each request it sent one reply, either the
 * one the request asked for ({@link Request#replyType()}) or one of the failures every request may
 * end with. Anything else is a protocol violation (a sandbox of another build, or a frame forged
 * inside it), and the sandbox that sent it is ended: a forged reply is never taken as an answer.
 */
final class ReplyAdmission {

    /** The replies any request may get instead of the one it asked for. */
    static final List<Class<? extends Message>> FAILURES = List.of(UserFailure.class, ProtocolError.class, SandboxBug.class);

    private ReplyAdmission() {}

    /**
     * @param asked the pending request with the message's id, or {@code null} when none is pending
     * @return what is wrong with taking {@code m}, or empty when it may be taken
     */
    static Optional<String> violation(Request<?> asked, Message m) {
        // Checked for every message the host reads: nothing is built unless something is wrong.
        if (m instanceof Event) {
            return Optional.empty(); // events of requests no longer pending are expected (output after a reply)
        }
        if (m instanceof Request) {
            return Optional.of(sent(m) + ", a request, which only the host sends");
        }
        if (asked == null) {
            return Optional.of(sent(m) + " that no request asked for (no request " + m.requestId() + " is waiting)");
        }
        if (asked.replyType().isInstance(m) || isFailure(m)) {
            return Optional.empty();
        }
        return Optional.of(sent(m) + " in reply to " + asked.getClass().getSimpleName() + " " + asked.requestId()
                + ", which is answered with " + asked.replyType().getSimpleName() + " or a failure");
    }

    private static boolean isFailure(Message m) {
        for (Class<? extends Message> f : FAILURES) {
            if (f.isInstance(m)) {
                return true;
            }
        }
        return false;
    }

    private static String sent(Message m) {
        return "the sandbox sent " + describe(m);
    }

    private static String describe(Message m) {
        String name = m.getClass().getSimpleName();
        String article = "AEIOU".indexOf(name.charAt(0)) >= 0 ? "an " : "a ";
        String detail = m instanceof ProtocolError ? " (\"" + ((ProtocolError) m).message() + "\")" : "";
        return article + name + detail;
    }
}
