package dev.sandprof.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Values whose display would throw into the runtime or make a reply over the frame cap. */
class HostileValueDisplayTest {

    /** Thrown by a toString: its own toString and getMessage throw too. */
    static final class Nasty extends RuntimeException {
        @Override
        public String getMessage() {
            throw new IllegalStateException();
        }

        @Override
        public String toString() {
            throw new IllegalStateException();
        }
    }

    static final class ThrowsNasty {
        @Override
        public String toString() {
            throw new Nasty();
        }
    }

    @Test
    void aToStringThrowingAnExceptionThatCannotBeShownIsNamedWithoutItsToString() {
        assertThat(ValueDisplay.of(new ThrowsNasty()))
                .isEqualTo("<toString() of " + ThrowsNasty.class.getName() + " threw " + Nasty.class.getName()
                        + ": <getMessage() threw java.lang.IllegalStateException>>");
        assertThat(ReplDisplay.of(new ThrowsNasty())).startsWith("<toString() of ");
    }

    @Test
    void aHugeStringIsCutInTheReplsQuotedDisplayAsAnyValueIs() {
        String shown = ReplDisplay.of("q".repeat(100_000_000));
        assertThat(shown).startsWith("\"qqq").endsWith("\"... (100000000 chars)")
                .hasSizeLessThan(ValueDisplay.MAX_CHARS + 100);
        assertThat(ReplDisplay.of(new String[] {"q".repeat(100_000_000), "r"})).hasSizeLessThan(ValueDisplay.MAX_CHARS * 2);
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        String s = "a".repeat(ValueDisplay.MAX_CHARS - 1) + "\uD83D\uDE00".repeat(10);
        assertThat(ValueDisplay.cut(s)).startsWith("a".repeat(ValueDisplay.MAX_CHARS - 1) + "...");
        assertThat(ReplDisplay.of(s)).startsWith("\"" + "a".repeat(ValueDisplay.MAX_CHARS - 1) + "\"...");
    }
}
