package dev.sandprof.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import net.bytebuddy.jar.asm.ClassReader;
import org.junit.jupiter.api.Test;

/** Which frames of a trace are the sandbox's, cut from its bottom. */
class SandboxFramesTest {

    private static StackTraceElement program(String c, String m) {
        return new StackTraceElement(null, null, null, c, m, c + ".java", 5);
    }

    private static StackTraceElement jdk(String c, String m) {
        return new StackTraceElement(null, "java.base", null, c, m, null, -2);
    }

    private static StackTraceElement sandbox(String c, String m) {
        return new StackTraceElement("app", c.startsWith("dev.sandprof.wire") ? "dev.sandprof.wire" : "dev.sandprof.sandbox",
                "0.1.0", c, m, "X.java", 9);
    }

    /** The main thread of a sandbox, below the program's main (JDK 17's reflection). */
    private static final StackTraceElement[] BELOW_MAIN = {
        jdk("jdk.internal.reflect.NativeMethodAccessorImpl", "invoke0"),
        jdk("jdk.internal.reflect.NativeMethodAccessorImpl", "invoke"),
        jdk("jdk.internal.reflect.DelegatingMethodAccessorImpl", "invoke"),
        jdk("java.lang.reflect.Method", "invoke"),
        sandbox("dev.sandprof.sandbox.SandboxRuntime", "invoke"),
        sandbox("dev.sandprof.wire.InvokeMain", "dispatchTo"),
        sandbox("dev.sandprof.sandbox.SandboxMain", "main"),
    };

    private static StackTraceElement[] concat(StackTraceElement[] top, StackTraceElement[] bottom) {
        StackTraceElement[] all = java.util.Arrays.copyOf(top, top.length + bottom.length);
        System.arraycopy(bottom, 0, all, top.length, bottom.length);
        return all;
    }

    @Test
    void theMainThreadsTraceEndsAtMain() {
        StackTraceElement[] top = {jdk("java.lang.Integer", "parseInt"), program("Main", "parse"), program("Main", "main")};
        assertThat(SandboxFrames.trim(concat(top, BELOW_MAIN))).containsExactly(top);
    }

    @Test
    void sandboxFramesAboveTheProgramsStay() {
        // The program printed through sandprof's System.out, which threw: those frames are the program's business.
        StackTraceElement[] top = {sandbox("dev.sandprof.sandbox.OutputCapture", "write"), jdk("java.io.PrintStream", "println"),
            program("Main", "main")};
        assertThat(SandboxFrames.trim(concat(top, BELOW_MAIN))).containsExactly(top);
    }

    @Test
    void aThreadOfTheProgramIsLeftAsItIs() {
        StackTraceElement[] trace = {program("Main", "lambda$main$0"), jdk("java.lang.Thread", "run")};
        assertThat(SandboxFrames.trim(trace)).isSameAs(trace);
    }

    @Test
    void sandprofsOwnExceptionsKeepTheirWholeTrace() {
        StackTraceElement[] trace = concat(new StackTraceElement[] {sandbox("dev.sandprof.sandbox.RefTable", "get")}, BELOW_MAIN);
        assertThat(SandboxFrames.trim(trace)).isSameAs(trace);
    }

    @Test
    void aTraceTheJvmCutShortBeforeItsBottomIsLeftAsItIs() {
        StackTraceElement[] deep = new StackTraceElement[1024];
        java.util.Arrays.fill(deep, program("Main", "recurse"));
        assertThat(SandboxFrames.trim(deep)).isSameAs(deep);
    }

    @Test
    void aBenchmarksStubIsTheSandboxs() {
        StackTraceElement[] top = {program("Bench", "measure")};
        StackTraceElement[] bottom = {program("Bench_measure_SandprofStub", "run"),
            sandbox("dev.sandprof.sandbox.bench.BenchmarkRunner", "work"), jdk("java.lang.Thread", "run")};
        assertThat(SandboxFrames.trim(concat(top, bottom))).containsExactly(top);
    }

    @Test
    void emptyAndNullTracesAndEveryThreadOfAMap() {
        assertThat(SandboxFrames.trim(null)).isNull();
        StackTraceElement[] none = new StackTraceElement[0];
        assertThat(SandboxFrames.trim(none)).isSameAs(none);
        Map<Thread, StackTraceElement[]> all = new HashMap<>();
        all.put(Thread.currentThread(), concat(new StackTraceElement[] {program("Main", "main")}, BELOW_MAIN));
        assertThat(SandboxFrames.trimAll(all).get(Thread.currentThread())).containsExactly(program("Main", "main"));
    }

    @Test
    void theThrowablesFieldTakesTheTrimmedTraceOnlyWhenItHeldTheReturnedOne() {
        StackTraceElement[] returned = concat(new StackTraceElement[] {program("Main", "main")}, BELOW_MAIN);
        StackTraceElement[] trimmed = SandboxFrames.trim(returned);
        assertThat(SandboxFrames.stored(returned, trimmed, returned)).isSameAs(trimmed);
        // A throwable whose trace is not writable holds null, and getOurStackTrace returns an empty array.
        assertThat(SandboxFrames.stored(new StackTraceElement[0], new StackTraceElement[0], null)).isNull();
    }

    @Test
    void theCopyInJavaLangIsTheTemplateRenamed() {
        ClassReader copy = new ClassReader(StackTraceHooks.framesInJavaLang());
        assertThat(copy.getClassName()).isEqualTo(StackTraceHooks.FRAMES);
        assertThat(new String(StackTraceHooks.framesInJavaLang(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("dev/sandprof/agent/internal/SandboxFrames");
    }
}
