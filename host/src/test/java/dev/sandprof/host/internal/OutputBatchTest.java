package dev.sandprof.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandprof.wire.EventListener;
import dev.sandprof.wire.Output;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputBatchTest {

    private final List<String> seen = new ArrayList<>();
    private final EventListener a = listener("a");
    private final EventListener b = listener("b");
    private final OutputBatch batch = new OutputBatch();

    private EventListener listener(String name) {
        return new EventListener() {
            @Override
            public void output(Output event) {
                seen.add(name + " " + event.requestId() + " " + event.stream() + " "
                        + new String(event.bytes(), StandardCharsets.UTF_8));
            }
        };
    }

    private static Output out(long request, Output.Stream stream, String text) {
        return new Output(request, stream, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eventsOneAfterAnotherForTheSameListenerRequestAndStreamGoOnAsOne() {
        batch.add(a, out(1, Output.Stream.OUT, "x\n"));
        batch.add(a, out(1, Output.Stream.OUT, "y\n"));
        batch.add(a, out(1, Output.Stream.OUT, "z\n"));
        assertThat(seen).isEmpty();
        batch.deliver();
        assertThat(seen).containsExactly("a 1 OUT x\ny\nz\n");
    }

    @Test
    void anotherStreamRequestOrListenerGivesOnWhatWasHeldFirstKeepingTheOrder() {
        batch.add(a, out(1, Output.Stream.OUT, "1"));
        batch.add(a, out(1, Output.Stream.ERR, "2"));
        batch.add(a, out(1, Output.Stream.OUT, "3"));
        batch.add(a, out(2, Output.Stream.OUT, "4"));
        batch.add(b, out(2, Output.Stream.OUT, "5"));
        batch.deliver();
        batch.deliver();
        assertThat(seen).containsExactly("a 1 OUT 1", "a 1 ERR 2", "a 1 OUT 3", "a 2 OUT 4", "b 2 OUT 5");
    }

    @Test
    void aLoneEventGoesOnAsItCameAndNothingIsHeldPastTheCap() {
        Output lone = out(1, Output.Stream.OUT, "lone");
        List<Output> got = new ArrayList<>();
        EventListener keep = new EventListener() {
            @Override
            public void output(Output event) {
                got.add(event);
            }
        };
        batch.add(keep, lone);
        batch.deliver();
        assertThat(got).containsExactly(lone);
        assertThat(got.get(0)).isSameAs(lone);

        got.clear();
        byte[] half = new byte[OutputBatch.MAX_BYTES / 2 + 1];
        batch.add(keep, new Output(1, Output.Stream.OUT, half));
        batch.add(keep, new Output(1, Output.Stream.OUT, half));
        assertThat(got).hasSize(1);
        batch.deliver();
        assertThat(got).hasSize(2);
        assertThat(got).allSatisfy(o -> assertThat(o.bytes()).hasSize(half.length));
    }
}
