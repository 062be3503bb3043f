package dev.sandprof.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandprof.wire.ExceptionData;
import dev.sandprof.wire.StackFrameData;
import org.junit.jupiter.api.Test;

class ExceptionCaptureTest {

    private static StackTraceElement f(String cls, String method, int line) {
        return new StackTraceElement(cls, method, cls + ".java", line);
    }

    @Test
    void framesSharedWithTheCallSiteAndTheReflectionAboveThemAreCut() {
        StackTraceElement[] callSite = {
            f("dev.sandprof.sandbox.SandboxRuntime", "invoke", 100),
            f("dev.sandprof.sandbox.SandboxRuntime", "handle", 50),
            f("dev.sandprof.sandbox.SandboxMain", "main", 10)};
        StackTraceElement[] trace = {
            f("App", "fail", 7),
            f("App", "main", 3),
            f("jdk.internal.reflect.NativeMethodAccessorImpl", "invoke", 77),
            f("java.lang.reflect.Method", "invoke", 569),
            f("dev.sandprof.sandbox.SandboxRuntime", "invoke", 102),
            f("dev.sandprof.sandbox.SandboxRuntime", "handle", 50),
            f("dev.sandprof.sandbox.SandboxMain", "main", 10)};
        assertThat(ExceptionCapture.userFrames(trace, callSite)).isEqualTo(2);
    }

    @Test
    void anotherThreadsStackIsKeptWhole() {
        StackTraceElement[] callSite = {f("dev.sandprof.sandbox.SandboxMain", "main", 10)};
        StackTraceElement[] trace = {f("App", "work", 7), f("java.lang.Thread", "run", 833)};
        assertThat(ExceptionCapture.userFrames(trace, callSite)).isEqualTo(2);
    }

    @Test
    void causeCyclesAndSelfSuppressionDoNotLoop() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        ExceptionData data = ExceptionCapture.capture(b, new StackTraceElement[0]);
        assertThat(data.message()).isEqualTo("b");
        assertThat(data.cause().message()).isEqualTo("a");
        assertThat(data.cause().cause().className()).startsWith("[CIRCULAR REFERENCE: ");
        assertThat(data.frames()).first().extracting(StackFrameData::methodName)
                .isEqualTo("causeCyclesAndSelfSuppressionDoNotLoop");
    }
}
