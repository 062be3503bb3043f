package dev.sandprof.host;

import dev.sandprof.wire.RemoteRef;
import java.util.Optional;

/**
 * A value produced in the sandbox: its runtime type name, a bounded display string and, unless
 * it is {@code void} or {@code null}, a ref to the object, which stays in the sandbox heap.
 *
 * @param ref the ref, absent for {@code void} and {@code null}
 * @param typeName the runtime class name, {@code "void"} or {@code "null"}
 * @param display {@code String.valueOf} of the value, cut to a bounded length
 */
public record RemoteValue(Optional<RemoteRef> ref, String typeName, String display) {}
