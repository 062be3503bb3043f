package dev.sandprof.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The semantics of remote references (DESIGN.md), against both interpreters: frees, stale refs
 * after a restart, the wormhole, and many callers at once.
 */
class ForeignRefIT {

    @Nested
    class External extends Semantics {
        @Override
        Interpreter create(SandboxOptions.Builder options) {
            // A small heap: 200,000 refs to 1 KB arrays (200 MB) the host has dropped must not pile up in the sandbox.
            return Interpreter.external(options.jvmArg("-Xmx64m").build());
        }

        @Test
        void theWormholeIsRefusedNamingTheInProcessAlternative() {
            try (Interpreter sandbox = create(SandboxOptions.builder())) {
                ForeignRef<?> list = sandbox.eval("new java.util.ArrayList<String>()");
                assertThatThrownBy(() -> sandbox.wormhole(list))
                        .isInstanceOf(UnsupportedOperationException.class)
                        .hasMessageContaining("lives in the sandbox JVM").hasMessageContaining("Interpreter.inProcess");
            }
        }
    }

    @Nested
    class InProcess extends Semantics {
        @Override
        Interpreter create(SandboxOptions.Builder options) {
            return Interpreter.inProcess(options.build());
        }

        @Test
        void theWormholeGivesTheLiveObject() {
            try (Interpreter sandbox = create(SandboxOptions.builder())) {
                ForeignRef<?> list = sandbox.eval("new java.util.ArrayList<String>(java.util.List.of(\"a\"))");
                Object live = sandbox.wormhole(list);
                assertThat(live).isInstanceOf(java.util.ArrayList.class).isSameAs(sandbox.wormhole(list));
                assertThat(live).asList().containsExactly("a");
            }
        }
    }

    abstract static class Semantics {

        abstract Interpreter create(SandboxOptions.Builder options);

        @Test
        void refsOfASandboxThatRestartedAreRefused() {
            try (Interpreter sandbox = create(SandboxOptions.builder())) {
                ForeignRef<?> old = sandbox.eval("new StringBuilder(\"before\")");
                sandbox.restart();
                assertThatThrownBy(() -> sandbox.eval("sb.length()", Map.of("sb", old)))
                        .isInstanceOf(StaleRefException.class).hasMessageContaining("earlier sandbox");
                assertThatThrownBy(() -> sandbox.call(old, "length"))
                        .isInstanceOf(StaleRefException.class);
                // Its free goes nowhere: the new sandbox's table is untouched.
                long live = sandbox.liveRefs();
                old.close();
                assertThat(sandbox.liveRefs()).isEqualTo(live);
                assertThat(sandbox.eval("1 + 1").display()).isEqualTo("2");
            }
        }

        @Test
        void aRefOfAnotherInterpreterIsRefusedSayingSo() {
            try (Interpreter mine = create(SandboxOptions.builder()); Interpreter other = create(SandboxOptions.builder())) {
                ForeignRef<?> theirs = other.eval("new StringBuilder(\"theirs\")");
                assertThatThrownBy(() -> mine.eval("sb.length()", Map.of("sb", theirs)))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("belongs to another interpreter")
                        .hasMessageNotContaining("earlier sandbox");
                assertThatThrownBy(() -> mine.call(theirs, "length"))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another interpreter");
                assertThat(other.call(theirs, "length").display()).isEqualTo("6");
            }
        }

        @Test
        void closingARefAfterItsInterpreterIsHarmless() {
            ForeignRef<?> survivor;
            try (Interpreter sandbox = create(SandboxOptions.builder())) {
                survivor = sandbox.eval("new Object()");
            }
            survivor.close();
            survivor.close();
        }

        // 200,000 round trips of 1 KB arrays: what a leak would hold is three times the sandbox's
        // heap, in a fifth of the million round trips this test once made (175 s of the suite idle).
        @Test
        @Timeout(value = 10, unit = TimeUnit.MINUTES)
        void twoHundredThousandDroppedRefsLeaveTheTableEmpty() throws Exception {
            try (Interpreter sandbox = create(SandboxOptions.builder())) {
                ForeignRef<?> factory = sandbox.eval("(java.util.function.Supplier<byte[]>) () -> new byte[1000]");
                long baseline = sandbox.liveRefs();
                int threads = 4;
                int each = 50_000;
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                List<Future<?>> work = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    work.add(pool.submit(() -> {
                        for (int i = 0; i < each; i++) {
                            ForeignRef<?> bytes = sandbox.call(factory, "get");
                            assertThat(bytes.typeName()).isEqualTo("[B");
                            if (i % 5_000 == 0) {
                                // The host's heap feels nothing of the sandbox's: prompt its GC, and
                                // so the Cleaner, now and then, as a program holding many refs would.
                                System.gc();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : work) {
                    f.get();
                }
                pool.shutdown();
                // The host let go of all of them: each GC hands more to the Cleaner, each request frees them.
                while (sandbox.liveRefs() > baseline) {
                    System.gc();
                }
                assertThat(sandbox.liveRefs()).isEqualTo(baseline);
                assertThat(sandbox.eval("((byte[]) f.get()).length", Map.of("f", factory)).display()).isEqualTo("1000");
            }
        }

        @Test
        void eightThreadsOfEvalsCallsAndFreesEachGetTheirOwnAnswers() throws Exception {
            try (Interpreter sandbox = create(SandboxOptions.builder())) {
                ExecutorService pool = Executors.newFixedThreadPool(8);
                List<Future<?>> work = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int me = t;
                    work.add(pool.submit(() -> {
                        ForeignRef<?> mine = sandbox.eval("new StringBuilder(\"t" + me + "\")");
                        for (int i = 0; i < 20; i++) {
                            ForeignRef<?> piece = sandbox.eval("\"-" + me + "." + i + "\"");
                            sandbox.call(mine, "append", piece);
                            piece.close();
                            ForeignRef<?> length = sandbox.call(mine, "length");
                            assertThat(length.typeName()).isEqualTo("java.lang.Integer");
                        }
                        String text = sandbox.eval("sb.toString()", Map.of("sb", mine)).display();
                        StringBuilder expected = new StringBuilder("t" + me);
                        for (int i = 0; i < 20; i++) {
                            expected.append("-").append(me).append(".").append(i);
                        }
                        assertThat(text).isEqualTo(expected.toString());
                        mine.close();
                        return null;
                    }));
                }
                for (Future<?> f : work) {
                    f.get();
                }
                pool.shutdown();
            }
        }
    }
}
