package dev.sandprof.sandbox.stub;

/** Tells a running {@link BenchmarkStub#loop} that its iteration's time is up. */
public final class Control {

    /** Set by the runner when the iteration's time has elapsed; read by every call of the loop. */
    public volatile boolean done;
}
