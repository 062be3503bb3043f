package dev.sandprof.sandbox.stub;

import org.openjdk.jmh.infra.Blackhole;

/**
 * What the host generates for each benchmark method, as JMH's annotation processor does: a class
 * that calls the method directly (no reflection per call), its result consumed by the Blackhole.
 */
public interface BenchmarkStub {

    /**
     * Calls the benchmark until {@code control} says the iteration is over.
     *
     * @param args the receiver (or {@code null} for a static method), then one object per parameter
     *             (its state, or the Blackhole)
     * @return how many calls were made
     */
    long loop(Object[] args, Blackhole blackhole, Control control) throws Throwable;

    /**
     * Calls the benchmark until {@code control} says stop, timing calls picked at random into
     * {@code samples} (JMH's sample mode), the benchmark method inlined in this loop.
     *
     * @return how many calls were made
     */
    long sample(Object[] args, Blackhole blackhole, Control control, SampleBuffer samples) throws Throwable;

    /** Calls the benchmark once. */
    void once(Object[] args, Blackhole blackhole) throws Throwable;
}
