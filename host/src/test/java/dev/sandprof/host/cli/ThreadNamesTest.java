package dev.sandprof.host.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a report lists the threads of one place: ranges for numbered names, the rest by name, a cap. */
class ThreadNamesTest {

    private static List<String> pool(int pool, int... threads) {
        List<String> names = new ArrayList<>();
        for (int t : threads) {
            names.add("pool-" + pool + "-thread-" + t);
        }
        return names;
    }

    private static int[] upTo(int n) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i + 1;
        }
        return all;
    }

    @Test
    void aPoolsThreadsAreOneRangeInNumberOrder() {
        List<String> names = pool(1, upTo(16));
        Collections.shuffle(names, new java.util.Random(14));
        assertThat(ThreadNames.compact(names, 8)).isEqualTo("pool-1-thread-1..16");
    }

    @Test
    void aGapSplitsTheRangeAndTheNumbersAfterItContinueTheName() {
        assertThat(ThreadNames.compact(pool(1, 1, 2, 3, 5), 8)).isEqualTo("pool-1-thread-1..3, 5");
        assertThat(ThreadNames.compact(pool(1, 1, 2, 3, 5, 7, 8, 9, 10, 12), 8)).isEqualTo("pool-1-thread-1..3, 5, 7..10, 12");
    }

    @Test
    void twoInARowAreListedAsTwo() {
        assertThat(ThreadNames.compact(pool(1, 1, 2), 8)).isEqualTo("pool-1-thread-1, 2");
        assertThat(ThreadNames.compact(pool(1, 4, 5, 7, 8, 9), 8)).isEqualTo("pool-1-thread-4, 5, 7..9");
    }

    @Test
    void mixedNamesAreListedByNameAndEachPrefixFoldsOnItsOwn() {
        List<String> names = new ArrayList<>(pool(2, 3, 1, 2));
        names.addAll(List.of("main", "Finalizer-like", "worker"));
        names.addAll(pool(1, 1, 2, 3, 4));
        assertThat(ThreadNames.compact(names, 8))
                .isEqualTo("Finalizer-like, main, pool-1-thread-1..4, pool-2-thread-1..3, worker");
    }

    @Test
    void numbersSortAsNumbers() {
        assertThat(ThreadNames.compact(List.of("w-10", "w-9", "w-2", "w-1"), 8)).isEqualTo("w-1, 2, 9, 10");
        assertThat(ThreadNames.ORDER.compare("w-9", "w-10")).isNegative();
        assertThat(ThreadNames.ORDER.compare("w", "w1")).isNegative();
    }

    @Test
    void aNameThreadsShareIsListedOnceWithTheirNumberAndBreaksARange() {
        assertThat(ThreadNames.compact(List.of("worker", "worker", "worker", "worker"), 8)).isEqualTo("worker (4 threads)");
        assertThat(ThreadNames.compact(List.of("w-1", "w-2", "w-2", "w-3", "w-4", "w-5", "main"), 8))
                .isEqualTo("main, w-1, w-2 (2 threads), w-3..5");
        assertThat(ThreadNames.compact(List.of("a", "b", "b", "b", "c"), 2)).isEqualTo("a, b (3 threads), and 1 more");
    }

    @Test
    void zeroPaddedNumbersKeepTheirWidth() {
        assertThat(ThreadNames.compact(List.of("w-07", "w-08", "w-09", "w-10", "w-11"), 8)).isEqualTo("w-07..09, w-10, 11");
        assertThat(ThreadNames.compact(List.of("w-0", "w-1", "w-2"), 8)).isEqualTo("w-0..2");
    }

    @Test
    void aNameThatIsANumberOrTooLongANumberIsStillListed() {
        assertThat(ThreadNames.compact(List.of("1", "2", "3"), 8)).isEqualTo("1..3");
        String huge = "t-1234567890123456789012";
        assertThat(ThreadNames.compact(List.of(huge, "t-1"), 8)).isEqualTo("t-1, " + huge);
    }

    @Test
    void pastTheCapTheRestIsCountedInThreads() {
        List<String> names = new ArrayList<>(List.of("a", "b", "c", "d", "e"));
        assertThat(ThreadNames.compact(names, 3)).isEqualTo("a, b, c, and 2 more");
        assertThat(ThreadNames.compact(names, 5)).isEqualTo("a, b, c, d, e");
        // A range is one item; what it hides counts all its threads.
        names.addAll(pool(1, upTo(10)));
        assertThat(ThreadNames.compact(names, 4)).isEqualTo("a, b, c, d, and 11 more");
        assertThat(ThreadNames.compact(pool(1, 1, 2, 3, 5, 7, 8, 9, 10, 12), 2)).isEqualTo("pool-1-thread-1..3, 5, and 5 more");
        assertThatThrownBy(() -> ThreadNames.compact(names, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
