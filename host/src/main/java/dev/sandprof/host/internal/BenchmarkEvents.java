package dev.sandprof.host.internal;

import dev.sandprof.wire.BenchmarkIteration;
import dev.sandprof.wire.EventListener;
import dev.sandprof.wire.ExceptionsTraced;
import dev.sandprof.wire.Output;
import dev.sandprof.wire.ProfileCollected;
import dev.sandprof.wire.ProfileReply;
import java.util.function.Consumer;

/**
 * The events of one benchmark run: each iteration as it ends, and the measurement iterations'
 * profile when the run names a profiling engine, go to whoever runs it; output and traced
 * exceptions go where those of any other request go.
 */
final class BenchmarkEvents implements EventListener {

    private final Consumer<BenchmarkIteration> onIteration;
    private final Consumer<ProfileReply> onProfile;
    private final EventListener others;

    BenchmarkEvents(Consumer<BenchmarkIteration> onIteration, Consumer<ProfileReply> onProfile, EventListener others) {
        this.onIteration = onIteration;
        this.onProfile = onProfile;
        this.others = others;
    }

    @Override
    public void benchmarkIteration(BenchmarkIteration event) {
        onIteration.accept(event);
    }

    @Override
    public void profileCollected(ProfileCollected event) {
        onProfile.accept(event.profile());
    }

    @Override
    public void output(Output event) {
        others.output(event);
    }

    @Override
    public void exceptionsTraced(ExceptionsTraced event) {
        others.exceptionsTraced(event);
    }
}
