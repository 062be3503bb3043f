/**
 * The sandbox JVM's runtime. In the sandbox it is a named module on the module path that opens
 * nothing and exports only {@code dev.sandprof.sandbox.stub}, the types the host's generated
 * benchmark stubs implement and call (an interface, a flag, a sample buffer: nothing that leads
 * to the runtime's state). User code runs in unnamed modules, so reflection from it on the runtime's
 * objects (its channel, its loaders' state, its statics) fails with an
 * {@code InaccessibleObjectException}. It reads the agent, which {@code -javaagent} puts in the
 * unnamed module, through the launcher's {@code --add-reads dev.sandprof.sandbox=ALL-UNNAMED}. On
 * the host's class path (the in-process interpreter) this file is not used.
 */
module dev.sandprof.sandbox {
    requires dev.sandprof.wire;
    requires java.instrument;
    requires java.management;
    requires jdk.jfr;
    requires jdk.management;
    requires jdk.unsupported;
    requires jmh.core;
    requires async.profiler;

    exports dev.sandprof.sandbox.stub;
}
