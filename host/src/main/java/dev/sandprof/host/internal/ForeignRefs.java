package dev.sandprof.host.internal;

import dev.sandprof.host.ForeignRef;
import dev.sandprof.wire.RemoteRef;
import java.util.Optional;

/**
 * Makes and reads {@link ForeignRef}s for the interpreters, so that the public class needs no
 * public constructor or accessor that takes wire-format types (the JDK's {@code SharedSecrets}
 * pattern: {@code ForeignRef} hands its one {@link Access} over when it is initialized).
 */
public final class ForeignRefs {

    /** What {@code ForeignRef} lets the interpreters do; installed once, by {@code ForeignRef} alone. */
    public interface Access {
        ForeignRef<?> create(RemoteRef ref, String typeName, String display, String staticType, FreeList frees);

        Optional<RemoteRef> remote(ForeignRef<?> ref);

        /** The pending-frees list of the interpreter that made the ref: one per interpreter. */
        FreeList frees(ForeignRef<?> ref);
    }

    private static volatile Access access;

    private ForeignRefs() {}

    /** Called from {@code ForeignRef}'s static initializer; a second call is refused. */
    public static synchronized void install(Access a) {
        if (access != null) {
            throw new IllegalStateException("ForeignRef access is installed already");
        }
        access = a;
    }

    /**
     * A ref as an interpreter makes it from a reply; its id goes on {@code frees} once it is
     * closed or unreachable.
     *
     * @param ref the ref, or {@code null} for {@code void} and {@code null}
     */
    public static ForeignRef<?> create(RemoteRef ref, String typeName, String display, String staticType, FreeList frees) {
        return access().create(ref, typeName, display, staticType, frees);
    }

    /** The sandbox's ref behind a value, absent for {@code void} and {@code null}. */
    public static Optional<RemoteRef> remote(ForeignRef<?> ref) {
        return access().remote(ref);
    }

    /** Whether the interpreter whose pending frees are {@code frees} made this ref. */
    public static boolean madeBy(ForeignRef<?> ref, FreeList frees) {
        return access().frees(ref) == frees;
    }

    private static Access access() {
        Access a = access;
        if (a == null) {
            try {
                Class.forName(ForeignRef.class.getName(), true, ForeignRef.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new AssertionError(e);
            }
            a = access;
        }
        return a;
    }
}
