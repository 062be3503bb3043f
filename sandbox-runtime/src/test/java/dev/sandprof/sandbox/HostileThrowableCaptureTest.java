package dev.sandprof.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandprof.wire.ExceptionData;
import dev.sandprof.wire.Framing;
import dev.sandprof.wire.StackFrameData;
import dev.sandprof.wire.UserFailure;
import dev.sandprof.wire.WireCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Throwables whose overridable methods throw, lie or return something huge: capture reports them
 * as data, within its caps, and never throws.
 */
class HostileThrowableCaptureTest {

    private static final StackTraceElement[] NO_CALL_SITE = new StackTraceElement[0];

    private static ExceptionData capture(Throwable t) {
        return ExceptionCapture.capture(t, NO_CALL_SITE);
    }

    /** The encoded size of the reply that would carry this exception. */
    private static int encodedBytes(ExceptionData data) {
        return new WireCodec().encode(new UserFailure(1, data)).remaining();
    }

    private static StackTraceElement[] frames(int n, String name) {
        StackTraceElement[] trace = new StackTraceElement[n];
        for (int i = 0; i < n; i++) {
            trace[i] = new StackTraceElement(name, "m" + i, "F.java", i);
        }
        return trace;
    }

    @Test
    void aThrowingGetStackTraceIsReportedAsAFrameSayingSo() {
        ExceptionData data = capture(new RuntimeException("x") {
            @Override
            public StackTraceElement[] getStackTrace() {
                throw new IllegalStateException("no trace");
            }
        });
        assertThat(data.message()).isEqualTo("x");
        assertThat(data.frames()).singleElement().satisfies(f -> {
            assertThat(f.className()).isEmpty();
            assertThat(f.methodName()).isEqualTo("<getStackTrace() threw java.lang.IllegalStateException>");
        });
    }

    @Test
    void aNullOrHoleyStackTraceIsReportedNotFatal() {
        ExceptionData none = capture(new RuntimeException() {
            @Override
            public StackTraceElement[] getStackTrace() {
                return null;
            }
        });
        assertThat(none.frames()).extracting(StackFrameData::methodName).containsExactly("<getStackTrace() returned null>");
        ExceptionData holes = capture(new RuntimeException() {
            @Override
            public StackTraceElement[] getStackTrace() {
                return new StackTraceElement[] {null, new StackTraceElement("A", "b", "A.java", 1), null};
            }
        });
        assertThat(holes.frames()).extracting(StackFrameData::methodName).containsExactly("<null frame>", "b", "<null frame>");
    }

    @Test
    void aThrowingGetCauseIsReportedAsTheCause() {
        ExceptionData data = capture(new RuntimeException("x") {
            @Override
            public synchronized Throwable getCause() {
                throw new IllegalStateException("no cause");
            }
        });
        assertThat(data.cause().className()).isEqualTo("<getCause() threw java.lang.IllegalStateException>");
        assertThat(data.cause().message()).isNull();
    }

    @Test
    void aThrowingGetMessageEvenByOverflowingTheStackIsReportedAsTheMessage() {
        ExceptionData throwing = capture(new RuntimeException() {
            @Override
            public String getMessage() {
                throw new UnsupportedOperationException();
            }
        });
        assertThat(throwing.message()).isEqualTo("<getMessage() threw java.lang.UnsupportedOperationException>");
        ExceptionData recursive = capture(new RuntimeException() {
            @Override
            public String getMessage() {
                return getMessage() + "!";
            }
        });
        assertThat(recursive.message()).isEqualTo("<getMessage() threw java.lang.StackOverflowError>");
    }

    @Test
    void toStringAndGetLocalizedMessageAreNotCalled() {
        ExceptionData data = capture(new RuntimeException("plain") {
            @Override
            public String toString() {
                throw new IllegalStateException();
            }

            @Override
            public String getLocalizedMessage() {
                throw new IllegalStateException();
            }
        });
        assertThat(data.headline()).endsWith(": plain");
    }

    @Test
    void aHugeMessageIsCutAndSaysHowLongItWas() {
        ExceptionData data = capture(new RuntimeException("y".repeat(70_000_000)));
        assertThat(data.message()).startsWith("yyyy").endsWith("... (70000000 chars, cut by sandprof)")
                .hasSizeLessThan(ExceptionCapture.MAX_MESSAGE_CHARS + 100);
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        String s = "a" + "\uD83D\uDE00".repeat(ExceptionCapture.MAX_MESSAGE_CHARS);
        String cut = ExceptionCapture.cut(s, 2);
        assertThat(cut).startsWith("a...");
    }

    @Test
    void aCauseCycleIsShownAsPrintStackTraceShowsIt() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        ExceptionData data = capture(b);
        assertThat(data.message()).isEqualTo("b");
        assertThat(data.cause().message()).isEqualTo("a");
        assertThat(data.cause().cause().className()).isEqualTo("[CIRCULAR REFERENCE: java.lang.RuntimeException: b]");
        assertThat(data.cause().cause().cause()).isNull();
    }

    @Test
    void aMillionDeepCauseChainIsCutAtTheDepthCap() {
        Throwable t = new RuntimeException("bottom");
        for (int i = 0; i < 1_000_000; i++) {
            t = new RuntimeException("level " + i, t, false, false) { };
        }
        ExceptionData data = capture(t);
        int depth = 0;
        ExceptionData last = data;
        while (last.cause() != null) {
            last = last.cause();
            depth++;
        }
        assertThat(depth).isEqualTo(ExceptionCapture.MAX_DEPTH);
        assertThat(last.className()).isEqualTo("[more causes, cut by sandprof after " + ExceptionCapture.MAX_DEPTH + "]");
    }

    @Test
    void aHugeSuppressedListIsCutAndSaysHowManyWereLeftOut() {
        RuntimeException t = new RuntimeException("many");
        for (int i = 0; i < 100_000; i++) {
            t.addSuppressed(new RuntimeException("s" + i, null, false, false) { });
        }
        ExceptionData data = capture(t);
        List<ExceptionData> suppressed = data.suppressed();
        assertThat(suppressed).hasSize(ExceptionCapture.MAX_SUPPRESSED + 1);
        assertThat(suppressed.get(0).message()).isEqualTo("s0");
        assertThat(suppressed.get(ExceptionCapture.MAX_SUPPRESSED).className())
                .isEqualTo("[" + (100_000 - ExceptionCapture.MAX_SUPPRESSED) + " more suppressed exceptions, cut by sandprof]");
    }

    @Test
    void aMillionFramesAreCutAndSayHowManyWereLeftOut() {
        RuntimeException t = new RuntimeException("deep");
        t.setStackTrace(frames(1_000_000, "C"));
        ExceptionData data = capture(t);
        assertThat(data.frames()).hasSize(ExceptionCapture.MAX_FRAMES + 1);
        StackFrameData last = data.frames().get(ExceptionCapture.MAX_FRAMES);
        assertThat(last.methodName()).isEqualTo("...");
        assertThat(last.fileName()).isEqualTo((1_000_000 - ExceptionCapture.MAX_FRAMES) + " more frames, cut by sandprof");
    }

    @Test
    void hugeNamesInFramesAreCut() {
        RuntimeException t = new RuntimeException("names");
        t.setStackTrace(new StackTraceElement[] {new StackTraceElement("C".repeat(5_000_000), "m", "F".repeat(5_000_000), 1)});
        StackFrameData f = capture(t).frames().get(0);
        assertThat(f.className()).hasSizeLessThan(ExceptionCapture.MAX_NAME_CHARS + 100).endsWith("(5000000 chars, cut by sandprof)");
        assertThat(f.fileName()).hasSizeLessThan(ExceptionCapture.MAX_NAME_CHARS + 100);
    }

    /** The largest report the caps allow, of wide chars and long names, is far below the frame cap. */
    @Test
    void theWorstReportTheCapsAllowIsFarBelowTheFrameCap() {
        String wide = "\u20AC".repeat(ExceptionCapture.MAX_MESSAGE_CHARS * 2);
        StackTraceElement[] longFrames = frames(ExceptionCapture.MAX_FRAMES * 2, "N".repeat(2_000));
        StackTraceElement[] shortFrames = frames(ExceptionCapture.MAX_FRAMES * 2, "N");
        Throwable wideChain = null;
        Throwable frameChain = null;
        for (int i = 0; i < 1_000; i++) {
            wideChain = new RuntimeException(wide, wideChain, false, true) { };
            wideChain.setStackTrace(longFrames);
            frameChain = new RuntimeException("x", frameChain, false, true) { };
            frameChain.setStackTrace(shortFrames);
        }
        int wideBytes = encodedBytes(capture(wideChain));
        int frameBytes = encodedBytes(capture(frameChain));
        assertThat(wideBytes).isLessThan(Framing.DEFAULT_MAX_FRAME_BYTES / 2);
        assertThat(frameBytes).isLessThan(Framing.DEFAULT_MAX_FRAME_BYTES / 2);
    }
}
