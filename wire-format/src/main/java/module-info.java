/**
 * The messages between host and sandbox and their codec. In the sandbox JVM this is a named module
 * on the module path: only the sandbox runtime reads its classes, and only Chronicle Wire, which
 * builds messages when it decodes them, reflects on them. User code (the unnamed module) can
 * neither reach a channel nor build a message. On the host's class path this file is not used.
 */
module dev.sandprof.wire {
    requires transitive chronicle.wire;
    requires chronicle.bytes;
    requires chronicle.core;

    exports dev.sandprof.wire to dev.sandprof.sandbox;
    opens dev.sandprof.wire to chronicle.wire, chronicle.core;
}
