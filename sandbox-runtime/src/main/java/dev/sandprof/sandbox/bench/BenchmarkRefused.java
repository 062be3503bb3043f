package dev.sandprof.sandbox.bench;

/** A benchmark sandprof cannot run as asked, with why. */
public final class BenchmarkRefused extends RuntimeException {

    public BenchmarkRefused(String message) {
        super(message);
    }
}
