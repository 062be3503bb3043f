package dev.sandprof.wire;

/**
 * What receives the events of a request, one method per event (Chronicle Wire's events as method
 * calls); an {@link Event} reaches its method through {@link Event#deliverTo}. A listener
 * implements the events it is for: the others are ignored.
 */
public interface EventListener {

    default void output(Output event) {}

    default void exceptionsTraced(ExceptionsTraced event) {}

    default void profileCollected(ProfileCollected event) {}

    default void benchmarkIteration(BenchmarkIteration event) {}

    default void jmhIterationStarted(JmhIterationStarted event) {}

    default void jmhIterationResult(JmhIterationResult event) {}

    default void jmhOutput(JmhOutput event) {}

    default void jmhForkEnded(JmhForkEnded event) {}

    default void inputWanted(InputWanted event) {}

    default void exiting(Exiting event) {}
}
