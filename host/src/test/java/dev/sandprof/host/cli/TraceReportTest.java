package dev.sandprof.host.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandprof.host.StackFrame;
import dev.sandprof.host.TracedException;
import dev.sandprof.host.TracedException.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trace report's folding of one place across threads, as text and as JSON. */
class TraceReportTest {

    private static final List<StackFrame> LOOKUP = List.of(new StackFrame("Fmt", "field", "Fmt.java", 12),
            new StackFrame("Fmt", "format", "Fmt.java", 30));
    private static final StackFrame CATCH = new StackFrame("Fmt", "field", "Fmt.java", 14);

    /** A made-up thread id per name: the sandbox's are unique. */
    private static long id(String thread) {
        return thread.hashCode() & 0xFFFFL;
    }

    /** One raise in {@code thread}. */
    private static TracedException raised(String thread, String type, String message, Outcome outcome, List<StackFrame> stack,
                                          StackFrame stoppedAt, boolean jvmTrace) {
        return new TracedException(thread, id(thread), type, message, 1, outcome, stack, stoppedAt, jvmTrace);
    }

    private static TracedException lookup(String thread, long count) {
        return new TracedException(thread, id(thread), "java.lang.NoSuchFieldException", "indent", count, Outcome.CAUGHT, LOOKUP,
                CATCH, true);
    }

    @Test
    void onePlaceInManyThreadsIsOneEntryWithTheSumAndTheThreadsFolded() {
        List<TracedException> traced = new ArrayList<>();
        for (int t = 16; t >= 1; t--) {
            traced.add(lookup("pool-1-thread-" + t, t));
        }
        String text = TraceReport.text(traced);
        assertThat(text).isEqualTo("\nsandprof trace: 136 exceptions raised in instrumented code, at 1 place:\n"
                + "\n[1] java.lang.NoSuchFieldException: indent   (136 times)   in 16 threads: pool-1-thread-1..16\n"
                + "      at Fmt.field(Fmt.java:12)\n"
                + "      at Fmt.format(Fmt.java:30)\n"
                + "    caught in Fmt.field(Fmt.java:14)\n");
    }

    @Test
    void oneThreadShowsAsBeforeAndItsRepeatsFromTwoDrainsAreOneEntry() {
        assertThat(TraceReport.text(List.of(lookup("pool-1-thread-3", 2), lookup("pool-1-thread-3", 5))))
                .contains("7 exceptions raised in instrumented code, at 1 place:")
                .contains("[1] java.lang.NoSuchFieldException: indent   (7 times)   in thread \"pool-1-thread-3\"\n");
        assertThat(TraceReport.text(List.of(lookup("main", 1))))
                .isEqualTo("\nsandprof trace: 1 exception raised in instrumented code:\n"
                        + "\n[1] java.lang.NoSuchFieldException: indent\n"
                        + "      at Fmt.field(Fmt.java:12)\n"
                        + "      at Fmt.format(Fmt.java:30)\n"
                        + "    caught in Fmt.field(Fmt.java:14)\n");
    }

    @Test
    void threadsOfOneNameAreStillSeveralThreads() throws Exception {
        List<TracedException> traced = new ArrayList<>();
        for (long id = 21; id <= 24; id++) {
            traced.add(new TracedException("worker", id, "java.lang.NoSuchFieldException", "indent", 2, Outcome.CAUGHT, LOOKUP, CATCH,
                    true));
        }
        traced.add(new TracedException("worker", 22, "java.lang.NoSuchFieldException", "indent", 1, Outcome.CAUGHT, LOOKUP, CATCH,
                true));
        assertThat(TraceReport.text(traced)).contains("(9 times)   in 4 threads: worker (4 threads)\n");
        JsonNode threads = new ObjectMapper().readTree(TraceReport.json(traced, 0)).get("exceptions").get(0).get("threads");
        List<String> each = new ArrayList<>();
        threads.forEach(t -> each.add(t.get("thread").asText() + "#" + t.get("threadId").asLong() + "=" + t.get("count").asLong()));
        assertThat(each).containsExactly("worker#21=2", "worker#22=3", "worker#23=2", "worker#24=2");
    }

    @Test
    void whatTellsPlacesApartKeepsThemApartAndTheSummaryCountsPlaces() {
        List<StackFrame> otherLine = List.of(new StackFrame("Fmt", "field", "Fmt.java", 12),
                new StackFrame("Fmt", "format", "Fmt.java", 31));
        List<TracedException> traced = List.of(
                lookup("main", 1),
                lookup("worker-1", 1),
                raised("worker-2", "java.lang.NoSuchFieldException", "indent", Outcome.CAUGHT, otherLine, CATCH, true),
                raised("worker-3", "java.lang.NoSuchFieldException", "indent", Outcome.ESCAPED, LOOKUP, null, true),
                raised("worker-4", "java.lang.NoSuchFieldException", "indent", Outcome.CAUGHT, LOOKUP,
                        new StackFrame("Fmt", "format", "Fmt.java", 33), true),
                raised("worker-5", "java.lang.NoSuchMethodException", "indent", Outcome.CAUGHT, LOOKUP, CATCH, true),
                raised("worker-6", "java.lang.NoSuchFieldException", "indent", Outcome.CAUGHT, LOOKUP, CATCH, false),
                // Another message is not another place (as within one thread): the earliest stays.
                raised("worker-7", "java.lang.NoSuchFieldException", "width", Outcome.CAUGHT, LOOKUP, CATCH, true));
        List<TracedPlace> places = TracedPlace.fold(traced);
        assertThat(places).hasSize(6);
        assertThat(places.get(0).threads()).extracting(TracedPlace.ThreadCount::thread)
                .containsExactly("main", "worker-1", "worker-7");
        assertThat(places.get(0).message()).isEqualTo("indent");
        assertThat(places.get(0).threads().get(2).message()).isEqualTo("width");
        String text = TraceReport.text(traced);
        assertThat(text).startsWith("\nsandprof trace: 8 exceptions raised in instrumented code, at 6 places:\n")
                .contains("[1] java.lang.NoSuchFieldException: indent   (3 times)   in 3 threads: main, worker-1, 7\n")
                .contains("[2] java.lang.NoSuchFieldException: indent   in thread \"worker-2\"\n")
                .contains("[6] java.lang.NoSuchFieldException: indent   in thread \"worker-6\"\n");
    }

    @Test
    void mostRaisedComeFirstThenTheOrderOfFirstRaise() {
        List<StackFrame> elsewhere = List.of(new StackFrame("Fmt", "main", "Fmt.java", 5));
        List<TracedException> traced = List.of(
                raised("main", "java.lang.IllegalStateException", "once", Outcome.CAUGHT, elsewhere, null, true),
                raised("main", "java.lang.IllegalArgumentException", "also once", Outcome.ESCAPED, elsewhere, null, true),
                lookup("pool-1-thread-1", 1),
                lookup("pool-1-thread-2", 1));
        assertThat(TracedPlace.fold(traced)).extracting(TracedPlace::exceptionClass).containsExactly(
                "java.lang.NoSuchFieldException", "java.lang.IllegalStateException", "java.lang.IllegalArgumentException");
    }

    @Test
    void manyThreadsAreCappedInTheTextAndAllInTheJson() throws Exception {
        List<TracedException> traced = new ArrayList<>();
        for (String name : List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j")) {
            traced.add(lookup(name, 2));
        }
        traced.add(lookup("pool-1-thread-1", 1));
        traced.add(lookup("pool-1-thread-2", 1));
        traced.add(lookup("pool-1-thread-3", 1));
        traced.add(lookup("pool-1-thread-5", 4));
        assertThat(TraceReport.text(traced))
                .contains("(27 times)   in 14 threads: a, b, c, d, e, f, g, h, and 6 more\n");

        JsonNode root = new ObjectMapper().readTree(TraceReport.json(traced, 0));
        assertThat(root.get("exitStatus").asInt()).isZero();
        assertThat(root.get("exceptions")).hasSize(1);
        JsonNode place = root.get("exceptions").get(0);
        assertThat(place.get("count").asLong()).isEqualTo(27);
        assertThat(place.get("message").asText()).isEqualTo("indent");
        assertThat(place.get("outcome").asText()).isEqualTo("caught");
        List<String> threads = new ArrayList<>();
        long sum = 0;
        for (JsonNode t : place.get("threads")) {
            threads.add(t.get("thread").asText() + "=" + t.get("count").asLong());
            sum += t.get("count").asLong();
            assertThat(t.get("message").asText()).isEqualTo("indent");
        }
        assertThat(threads).containsExactly("a=2", "b=2", "c=2", "d=2", "e=2", "f=2", "g=2", "h=2", "i=2", "j=2",
                "pool-1-thread-1=1", "pool-1-thread-2=1", "pool-1-thread-3=1", "pool-1-thread-5=4");
        assertThat(sum).isEqualTo(27);
        assertThat(place.get("stack")).hasSize(2);
        assertThat(place.get("stoppedAt").get("line").asInt()).isEqualTo(14);
    }
}
