/**
 * Not API: the interpreters behind {@link dev.sandprof.host.Interpreter}, sandbox processes, the
 * request/reply plumbing, the conversion of the wire format's data into the host's value types
 * ({@link dev.sandprof.host.internal.FromWire}), and the operations only sandprof's own tools use
 * ({@link dev.sandprof.host.internal.ToolInterpreter}). Public only so that those tools, in other
 * packages, can reach it; it may change without notice.
 */
package dev.sandprof.host.internal;
