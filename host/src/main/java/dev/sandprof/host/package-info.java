/**
 * sandprof's library API: run Java code in a separate sandbox JVM and bring back what happened
 * there. {@link dev.sandprof.host.Interpreter} is the one contract (made with
 * {@link dev.sandprof.host.Interpreter#external} or {@link dev.sandprof.host.Interpreter#inProcess}
 * from {@link dev.sandprof.host.SandboxOptions}); {@link dev.sandprof.host.SourceCompiler} compiles
 * what it ships. Values stay in the sandbox as {@link dev.sandprof.host.ForeignRef}s; what happened
 * comes back as plain values ({@link dev.sandprof.host.TraceResult},
 * {@link dev.sandprof.host.ProfileResult}, {@link dev.sandprof.host.ThreadStack}) and failures as the
 * unchecked {@link dev.sandprof.host.SandboxException} family, a thrown exception as data
 * ({@link dev.sandprof.host.ExceptionInfo}). Profiles are read with the types of
 * {@code dev.sandprof.host.profile}. Everything in {@code dev.sandprof.host.internal} and the
 * tool packages ({@code cli}, {@code bench}, {@code repl}) may change without notice.
 */
package dev.sandprof.host;
