package dev.sandprof.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandprof.wire.EventListener;
import dev.sandprof.wire.ExceptionsTraced;
import dev.sandprof.wire.Output;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where the events of requests given no listener of their own go. */
class EventScopesTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final EventScopes scopes = new EventScopes(new OutputToStreams(out, err));

    private static Output output(Output.Stream stream, String text) {
        return new Output(1, stream, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void outputGoesToItsStreamWhateverRuns() {
        output(Output.Stream.OUT, "a").deliverTo(scopes);
        output(Output.Stream.ERR, "b").deliverTo(scopes);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("a");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("b");
    }

    @Test
    void aScopeGetsTheEventsThatComeWhileItIsEnteredAndOnlyThose() {
        List<ExceptionsTraced> seen = new ArrayList<>();
        EventListener trace = new EventListener() {
            @Override
            public void exceptionsTraced(ExceptionsTraced event) {
                seen.add(event);
            }
        };
        ExceptionsTraced before = new ExceptionsTraced(1, List.of());
        ExceptionsTraced during = new ExceptionsTraced(2, List.of());
        ExceptionsTraced after = new ExceptionsTraced(3, List.of());
        before.deliverTo(scopes);
        scopes.enter(trace);
        during.deliverTo(scopes);
        output(Output.Stream.OUT, "still printed").deliverTo(scopes);
        scopes.leave(trace);
        after.deliverTo(scopes);
        assertThat(seen).containsExactly(during);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("still printed");
    }

    @Test
    void twoScopesAtOnceEachGetEveryEvent() {
        List<Object> first = new ArrayList<>();
        List<Object> second = new ArrayList<>();
        scopes.enter(new EventListener() {
            @Override
            public void exceptionsTraced(ExceptionsTraced event) {
                first.add(event);
            }
        });
        scopes.enter(new EventListener() {
            @Override
            public void exceptionsTraced(ExceptionsTraced event) {
                second.add(event);
            }
        });
        ExceptionsTraced e = new ExceptionsTraced(1, List.of());
        e.deliverTo(scopes);
        assertThat(first).containsExactly(e);
        assertThat(second).containsExactly(e);
    }
}
