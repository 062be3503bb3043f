package dev.sandprof.host.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandprof.host.ExceptionInfo;
import dev.sandprof.host.StackFrame;
import dev.sandprof.host.ThreadStack;
import dev.sandprof.host.TracedException;
import dev.sandprof.wire.ExceptionData;
import dev.sandprof.wire.StackFrameData;
import dev.sandprof.wire.TracedExceptionData;
import java.util.List;
import org.junit.jupiter.api.Test;

class FromWireTest {

    private static final StackFrameData MAIN = new StackFrameData("App", "main", "App.java", 3);
    private static final StackFrameData RUN = new StackFrameData("App", "run", null, -1);

    @Test
    void anExceptionKeepsItsCauseAndSuppressedExceptions() {
        ExceptionData cause = new ExceptionData("java.io.IOException", null, List.of(MAIN), null, List.of());
        ExceptionData also = new ExceptionData("java.lang.IllegalStateException", "also", List.of(), null, List.of());
        ExceptionData top = new ExceptionData("java.lang.RuntimeException", "boom", List.of(RUN, MAIN), cause, List.of(also));

        ExceptionInfo info = FromWire.exception(top);

        assertThat(info).isEqualTo(new ExceptionInfo("java.lang.RuntimeException", "boom",
                List.of(new StackFrame("App", "run", null, -1), new StackFrame("App", "main", "App.java", 3)),
                new ExceptionInfo("java.io.IOException", null, List.of(new StackFrame("App", "main", "App.java", 3)), null, List.of()),
                List.of(new ExceptionInfo("java.lang.IllegalStateException", "also", List.of(), null, List.of()))));
        assertThat(info.headline()).isEqualTo(top.headline());
        assertThat(info.frames()).extracting(StackFrame::describe).containsExactly("App.run(Unknown Source)", "App.main(App.java:3)");
    }

    /**
     * What the sandbox always sends is required (found by ReplyReaderFuzzTest: a UserFailure whose
     * exception had no class name made a UserCodeException without a message).
     */
    @Test
    void anExceptionOrFrameMissingWhatTheSandboxAlwaysSendsIsRefused() {
        assertThatThrownBy(() -> FromWire.exception(new ExceptionData(null, "boom", List.of(MAIN), null, List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("an exception without its class name");
        ExceptionData nameless = new ExceptionData(null, null, List.of(), null, List.of());
        assertThatThrownBy(() -> FromWire.exception(new ExceptionData("E", null, List.of(), nameless, List.of())))
                .hasMessage("an exception without its class name");
        assertThatThrownBy(() -> FromWire.frame(new StackFrameData("App", null, null, 1)))
                .hasMessage("a stack frame without its method");
        assertThatThrownBy(() -> FromWire.traced(new TracedExceptionData("main", 1, null, null, 1,
                TracedExceptionData.Outcome.CAUGHT, List.of(MAIN), null, false)))
                .hasMessage("a traced exception without its class name");
    }

    @Test
    void aTracedExceptionKeepsEveryField() {
        TracedExceptionData caught = new TracedExceptionData("main", 1, "java.lang.NumberFormatException", "For input string: \"x\"", 3,
                TracedExceptionData.Outcome.CAUGHT, List.of(RUN, MAIN), MAIN, true);
        TracedExceptionData escaped = new TracedExceptionData("worker", 17, "java.lang.Error", null, 1,
                TracedExceptionData.Outcome.ESCAPED, List.of(RUN), null, false);

        assertThat(FromWire.traced(List.of(caught, escaped))).containsExactly(
                new TracedException("main", 1, "java.lang.NumberFormatException", "For input string: \"x\"", 3,
                        TracedException.Outcome.CAUGHT, List.of(new StackFrame("App", "run", null, -1),
                        new StackFrame("App", "main", "App.java", 3)), new StackFrame("App", "main", "App.java", 3), true),
                new TracedException("worker", 17, "java.lang.Error", null, 1, TracedException.Outcome.ESCAPED,
                        List.of(new StackFrame("App", "run", null, -1)), null, false));
    }

    @Test
    void everyOutcomeHasAHostTwin() {
        assertThat(TracedException.Outcome.values()).extracting(Enum::name)
                .containsExactly(List.of(TracedExceptionData.Outcome.values()).stream().map(Enum::name).toArray(String[]::new));
    }

    @Test
    void aThreadStackKeepsItsFrames() {
        assertThat(FromWire.stack(new dev.sandprof.wire.ThreadStack("main", 1, List.of("App.run", "App.main"))))
                .isEqualTo(new ThreadStack("main", 1, List.of("App.run", "App.main")));
    }
}
