package dev.sandprof.sandbox;

/**
 * A little heap held back from the program, let go when sandprof's own work in the sandbox meets
 * an {@link OutOfMemoryError} (which the program caused: the sandbox runs without
 * {@code -XX:+ExitOnOutOfMemoryError}, as {@code java} does). The report of a program that died
 * of it, a reply or the last words of a sandbox that must end, can then still be built: the JVM
 * collects the reserve before it throws the next {@code OutOfMemoryError}. Taken again between
 * requests, when there is room.
 */
final class MemoryReserve {

    private static volatile byte[] reserve;

    private MemoryReserve() {}

    /** Holds the reserve back again, if it was let go and there is room; never throws. */
    static void arm() {
        if (reserve == null) {
            try {
                reserve = new byte[size()];
            } catch (OutOfMemoryError e) {
                // not now: the next request tries again
            }
        }
    }

    /** Lets the reserve go, for the allocation that comes next. */
    static void release() {
        reserve = null;
    }

    /** 1/64 of the heap, at most 2 MiB: above what the report of an exception usually takes. */
    private static int size() {
        return (int) Math.min(2L << 20, Runtime.getRuntime().maxMemory() / 64);
    }
}
