package dev.sandprof.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandprof.wire.Done;
import dev.sandprof.wire.Evaluate;
import dev.sandprof.wire.ExceptionData;
import dev.sandprof.wire.InvokeMain;
import dev.sandprof.wire.Output;
import dev.sandprof.wire.Ping;
import dev.sandprof.wire.ProtocolError;
import dev.sandprof.wire.SandboxBug;
import dev.sandprof.wire.UserFailure;
import dev.sandprof.wire.ValueReply;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The host takes the reply its request asked for, or a failure; nothing else. */
class ReplyAdmissionTest {

    private static final ExceptionData THROWN = new ExceptionData("java.lang.IllegalStateException", "boom",
            List.of(), null, List.of());
    private static final Evaluate EVALUATE = new Evaluate(7, List.of(), "Snippet", "run", List.of());

    @Test
    void theReplyTheRequestAskedForIsTaken() {
        assertThat(ReplyAdmission.violation(EVALUATE, new ValueReply(7, null, "int", "1"))).isEmpty();
        assertThat(ReplyAdmission.violation(new Ping(3), new Done(3))).isEmpty();
    }

    @Test
    void everyRequestMayEndInAFailure() {
        assertThat(ReplyAdmission.violation(EVALUATE, new UserFailure(7, THROWN))).isEmpty();
        assertThat(ReplyAdmission.violation(EVALUATE, new ProtocolError(7, "refused"))).isEmpty();
        assertThat(ReplyAdmission.violation(EVALUATE, new SandboxBug(7, THROWN))).isEmpty();
    }

    @Test
    void eventsAreTakenWhetherTheirRequestIsPendingOrNot() {
        Output out = new Output(9, Output.Stream.OUT, new byte[] {'x'});
        assertThat(ReplyAdmission.violation(null, out)).isEmpty();
        assertThat(ReplyAdmission.violation(EVALUATE, out)).isEmpty();
    }

    @Test
    void aReplyNoRequestAskedForIsAViolationThatSaysWhatCame() {
        assertThat(ReplyAdmission.violation(null, new Done(12)))
                .contains("the sandbox sent a Done that no request asked for (no request 12 is waiting)");
        assertThat(ReplyAdmission.violation(null, new ProtocolError(0, "malformed frame")))
                .contains("the sandbox sent a ProtocolError (\"malformed frame\") that no request asked for"
                        + " (no request 0 is waiting)");
    }

    @Test
    void aReplyOfAnotherTypeIsAViolation() {
        assertThat(ReplyAdmission.violation(EVALUATE, new Done(7)))
                .contains("the sandbox sent a Done in reply to Evaluate 7, which is answered with ValueReply or a failure");
        assertThat(ReplyAdmission.violation(new InvokeMain(4, "App", List.of(), false), new ValueReply(4, null, "int", "1")))
                .contains("the sandbox sent a ValueReply in reply to InvokeMain 4, which is answered with Done or a failure");
    }

    @Test
    void aRequestFromTheSandboxIsAViolation() {
        assertThat(ReplyAdmission.violation(null, new Ping(5)))
                .contains("the sandbox sent a Ping, a request, which only the host sends");
    }
}
