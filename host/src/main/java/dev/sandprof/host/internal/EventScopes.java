package dev.sandprof.host.internal;

import dev.sandprof.wire.BenchmarkIteration;
import dev.sandprof.wire.EventListener;
import dev.sandprof.wire.ExceptionsTraced;
import dev.sandprof.wire.Output;
import dev.sandprof.wire.ProfileCollected;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What takes the events of the requests that are not given a listener of their own: the caller's
 * streams always, and each trace or profile for as long as it runs. Every event goes to each
 * listener in scope when it comes; a trace and a profile may run at once, and in other threads
 * than the requests they watch.
 */
final class EventScopes implements EventListener {

    private final List<EventListener> listeners = new CopyOnWriteArrayList<>();

    EventScopes(EventListener always) {
        listeners.add(always);
    }

    void enter(EventListener scope) {
        listeners.add(scope);
    }

    void leave(EventListener scope) {
        listeners.remove(scope);
    }

    @Override
    public void output(Output event) {
        listeners.forEach(l -> l.output(event));
    }

    @Override
    public void exceptionsTraced(ExceptionsTraced event) {
        listeners.forEach(l -> l.exceptionsTraced(event));
    }

    @Override
    public void profileCollected(ProfileCollected event) {
        listeners.forEach(l -> l.profileCollected(event));
    }

    @Override
    public void benchmarkIteration(BenchmarkIteration event) {
        listeners.forEach(l -> l.benchmarkIteration(event));
    }
}
