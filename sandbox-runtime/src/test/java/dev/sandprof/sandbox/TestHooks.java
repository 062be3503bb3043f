package dev.sandprof.sandbox;

import java.util.concurrent.CountDownLatch;

/** What user code compiled by a test reaches back to: it is on the class path the runtime's loaders descend from. */
public final class TestHooks {

    public static volatile CountDownLatch started = new CountDownLatch(1);
    public static volatile boolean interrupted;

    private TestHooks() {}
}
