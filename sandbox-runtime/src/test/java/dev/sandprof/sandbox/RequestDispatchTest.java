package dev.sandprof.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandprof.wire.Done;
import dev.sandprof.wire.ExceptionData;
import dev.sandprof.wire.Framing;
import dev.sandprof.wire.Message;
import dev.sandprof.wire.MessageChannel;
import dev.sandprof.wire.Ping;
import dev.sandprof.wire.ProtocolError;
import dev.sandprof.wire.Reply;
import dev.sandprof.wire.RequestHandler;
import dev.sandprof.wire.SandboxBug;
import dev.sandprof.wire.StackFrameData;
import dev.sandprof.wire.UserFailure;
import dev.sandprof.wire.ValueReply;
import java.lang.reflect.Proxy;
import java.nio.channels.Pipe;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** How the way a handler method ended becomes the request's one reply. */
class RequestDispatchTest {

    /** A handler whose every method does what {@code body} does. */
    private static RequestHandler handler(Supplier<Object> body) {
        return (RequestHandler) Proxy.newProxyInstance(RequestDispatchTest.class.getClassLoader(),
                new Class<?>[] {RequestHandler.class}, (proxy, method, args) -> body.get());
    }

    private static Reply answer(Supplier<Object> body) {
        return RequestDispatch.answer(handler(body), new Ping(9));
    }

    private static Object buggyCode() {
        throw new IllegalArgumentException("a bug that once read as a refusal");
    }

    @Test
    void whatTheHandlerReturnsIsTheReply() {
        assertThat(answer(() -> new Done(9))).isEqualTo(new Done(9));
    }

    @Test
    void aRefusalIsAProtocolErrorWithItsMessage() {
        assertThat(answer(() -> {
            throw new RequestRefused("no class named A in the sandbox: ship it first");
        })).isEqualTo(new ProtocolError(9, "no class named A in the sandbox: ship it first"));
    }

    @Test
    void userCodeThatThrewIsAUserFailureWithItsData() {
        ExceptionData thrown = new ExceptionData("App$Oops", "no", List.of(new StackFrameData("App", "main", "App.java", 3)),
                null, List.of());
        assertThat(answer(() -> {
            throw new UserCodeFailed(thrown);
        })).isEqualTo(new UserFailure(9, thrown));
    }

    @Test
    void aShippedClassThatDoesNotLinkIsTheUsers() {
        Reply reply = answer(() -> {
            throw new VerifyError("Bad type on operand stack");
        });
        assertThat(reply).isInstanceOf(UserFailure.class);
        assertThat(((UserFailure) reply).exception().headline()).isEqualTo("java.lang.VerifyError: Bad type on operand stack");
    }

    @Test
    void anyOtherExceptionIsABugWithItsWholeStackNotARefusal() {
        Reply reply = answer(RequestDispatchTest::buggyCode);
        assertThat(reply).isInstanceOf(SandboxBug.class);
        assertThat(reply.requestId()).isEqualTo(9);
        ExceptionData bug = ((SandboxBug) reply).exception();
        assertThat(bug.headline()).isEqualTo("java.lang.IllegalArgumentException: a bug that once read as a refusal");
        assertThat(bug.frames()).first().satisfies(f -> assertThat(f.className() + "." + f.methodName()).endsWith("RequestDispatchTest.buggyCode"));
        assertThat(bug.frames()).anySatisfy(f -> assertThat(f.className() + "." + f.methodName()).isEqualTo("dev.sandprof.sandbox.RequestDispatch.answer"));
    }

    @Test
    void anErrorInSandprofsCodeIsABugTooAndTheCallerStillGetsItsReply() {
        Reply reply = answer(() -> {
            throw new StackOverflowError();
        });
        assertThat(reply).isInstanceOf(SandboxBug.class);
        assertThat(((SandboxBug) reply).exception().className()).isEqualTo("java.lang.StackOverflowError");
    }

    /** A reply over the frame cap: the request is answered all the same, by a SandboxBug saying why. */
    @Test
    void aReplyThatCannotBeSentIsReplacedByABugReplySayingWhy() throws Exception {
        Pipe toHost = Pipe.open();
        Pipe unused = Pipe.open();
        MessageChannel sandbox = new MessageChannel(unused.source(), toHost.sink(), 4096);
        MessageChannel host = new MessageChannel(toHost.source(), unused.sink(), Framing.DEFAULT_MAX_FRAME_BYTES);
        RequestDispatch.send(sandbox, new Ping(7), new ValueReply(7, null, "java.lang.String", "v".repeat(10_000)));
        RequestDispatch.send(sandbox, new Ping(8), new Done(8));
        Message first = host.receive();
        assertThat(first).isInstanceOf(SandboxBug.class);
        assertThat(first.requestId()).isEqualTo(7);
        assertThat(((SandboxBug) first).exception().message())
                .startsWith("sandprof could not send its ValueReply to Ping: dev.sandprof.wire.ProtocolException: a message of ")
                .contains("over the frame cap of 4096 bytes");
        assertThat(host.receive()).isEqualTo(new Done(8));
    }
}
