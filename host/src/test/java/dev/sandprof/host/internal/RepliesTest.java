package dev.sandprof.host.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandprof.host.RequestRefusedException;
import dev.sandprof.host.SandboxException;
import dev.sandprof.host.SandprofBugException;
import dev.sandprof.host.UserCodeException;
import dev.sandprof.wire.CountRefs;
import dev.sandprof.wire.Done;
import dev.sandprof.host.ExceptionInfo;
import dev.sandprof.host.StackFrame;
import dev.sandprof.wire.ExceptionData;
import dev.sandprof.wire.InvokeStatic;
import dev.sandprof.wire.Ping;
import dev.sandprof.wire.ProtocolError;
import dev.sandprof.wire.RefCount;
import dev.sandprof.wire.SandboxBug;
import dev.sandprof.wire.StackFrameData;
import dev.sandprof.wire.UserFailure;
import dev.sandprof.wire.ValueReply;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one place where a reply becomes what the caller asked for, or the exception that says why not. */
class RepliesTest {

    private static final ExceptionData THROWN = new ExceptionData("java.lang.IllegalStateException", "boom",
            List.of(new StackFrameData("dev.sandprof.sandbox.SandboxRuntime", "invokeMain", "SandboxRuntime.java", 212)),
            null, List.of());
    /** {@link #THROWN} as the host's API gives it. */
    private static final ExceptionInfo THROWN_INFO = new ExceptionInfo("java.lang.IllegalStateException", "boom",
            List.of(new StackFrame("dev.sandprof.sandbox.SandboxRuntime", "invokeMain", "SandboxRuntime.java", 212)),
            null, List.of());

    @Test
    void theReplyARequestIsAnsweredWithComesBackTyped() {
        RefCount count = Replies.expect(new CountRefs(1), new RefCount(1, 42));
        assertThat(count.live()).isEqualTo(42);
        Done done = Replies.expect(new Ping(2), new Done(2));
        assertThat(done).isEqualTo(new Done(2));
    }

    @Test
    void userCodeThatThrewIsAUserCodeException() {
        assertThatThrownBy(() -> Replies.expect(new InvokeStatic(3, "App", "run"), new UserFailure(3, THROWN)))
                .isInstanceOf(UserCodeException.class).hasMessage("java.lang.IllegalStateException: boom");
    }

    @Test
    void aRefusalIsARequestRefusedExceptionWithTheSandboxsMessage() {
        assertThatThrownBy(() -> Replies.expect(new InvokeStatic(4, "App", "run"), new ProtocolError(4, "no class named App")))
                .isExactlyInstanceOf(RequestRefusedException.class).hasMessage("no class named App");
    }

    @Test
    void aBugIsASandprofBugExceptionThatShowsTheSandboxsStack() {
        assertThatThrownBy(() -> Replies.expect(new Ping(5), new SandboxBug(5, THROWN)))
                .isInstanceOfSatisfying(SandprofBugException.class, e -> {
                    assertThat(e.getMessage()).startsWith("sandprof bug")
                            .contains("java.lang.IllegalStateException: boom")
                            .contains("\tat dev.sandprof.sandbox.SandboxRuntime.invokeMain(SandboxRuntime.java:212)");
                    assertThat(e.exception()).isEqualTo(THROWN_INFO);
                })
                .isNotInstanceOf(RequestRefusedException.class);
    }

    @Test
    void aReplyOfAnotherTypeIsNeitherAcceptedNorMistakenForAFailure() {
        assertThatThrownBy(() -> Replies.expect(new InvokeStatic(6, "App", "run"), new Done(6)))
                .isExactlyInstanceOf(SandboxException.class)
                .hasMessageContaining("unexpected reply to InvokeStatic").hasMessageContaining("another sandprof build");
        assertThatThrownBy(() -> Replies.expect(new Ping(7), new ValueReply(7, null, "void", "")))
                .isExactlyInstanceOf(SandboxException.class);
    }
}
