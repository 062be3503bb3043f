package dev.sandprof.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The agent's call-path profile on classes defined by a sandprof loader, with a real agent attached. */
class CallProfileTest {

    @BeforeAll
    static void attach() {
        Shipped.instrument();
    }

    private static final String FIB = "public class Fib {\n"
            + "    public static int run() { return fib(20) + twice(); }\n"
            + "    static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }\n"
            + "    static int twice() { return leaf() + leaf(); }\n"
            + "    static int leaf() { return 1; }\n"
            + "}\n";

    @Test
    void entriesAreCountedExactlyPerCallPath() throws Exception {
        Class<?> fib = Shipped.load("Fib", FIB);
        CallProfile.start(1_000_000);
        fib.getMethod("run").invoke(null);
        List<CallProfile.CallPath> paths = CallProfile.stop();
        long fibEntries = paths.stream().filter(p -> p.frames().get(p.frames().size() - 1).equals("Fib.fib"))
                .mapToLong(CallProfile.CallPath::entries).sum();
        assertThat(fibEntries).isEqualTo(21_891);
        assertThat(paths).filteredOn(p -> p.frames().equals(List.of("Fib.run", "Fib.twice", "Fib.leaf")))
                .singleElement().satisfies(p -> assertThat(p.entries()).isEqualTo(2));
        assertThat(paths).filteredOn(p -> p.frames().equals(List.of("Fib.run"))).singleElement()
                .satisfies(p -> assertThat(p.entries()).isEqualTo(1));
        // Recursion makes one path per depth, as GHC's cost-centre stacks do: fib(20) nests 20 deep.
        assertThat(paths).filteredOn(p -> p.frames().get(p.frames().size() - 1).equals("Fib.fib")).hasSize(20);
    }

    @Test
    void nothingIsCountedOutsideAProfile() throws Exception {
        Class<?> fib = Shipped.load("Fib", FIB);
        fib.getMethod("run").invoke(null);
        CallProfile.start(1_000_000);
        List<CallProfile.CallPath> paths = CallProfile.stop();
        assertThat(paths).isEmpty();
    }
}
