package dev.sandprof.host;

import dev.sandprof.host.internal.ForeignRefs;
import dev.sandprof.host.internal.FreeList;
import dev.sandprof.wire.RemoteRef;
import java.lang.ref.Cleaner;
import java.util.Optional;

/**
 * A value that lives in the sandbox: its runtime type name, a bounded display string and, unless
 * it is {@code void} or {@code null}, an id that keeps the object alive in the sandbox's ref
 * table. Interpreters make refs; there is no public constructor. Pass it back to {@link Interpreter#eval(String, java.util.Map)} as a
 * binding or to {@link Interpreter#call} as receiver or argument.
 *
 * <p>The sandbox holds the object until this ref is freed: by {@link #close()} at once, or, once
 * the host no longer reaches this object, by a {@link Cleaner} action that puts its id on the
 * interpreter's pending frees, sent as one batch before the next request. The cleaner's thread
 * never writes to the channel. Freeing twice is harmless.
 *
 * @param <T> what the caller knows of the value's type; only a label on the host side
 */
public final class ForeignRef<T> implements AutoCloseable {

    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "sandprof-ref-cleaner");
        t.setDaemon(true);
        return t;
    });

    static {
        ForeignRefs.install(new ForeignRefs.Access() {
            @Override
            public ForeignRef<?> create(RemoteRef ref, String typeName, String display, String staticType, FreeList frees) {
                return new ForeignRef<>(ref, typeName, display, staticType, frees);
            }

            @Override
            public Optional<RemoteRef> remote(ForeignRef<?> ref) {
                return Optional.ofNullable(ref.ref);
            }

            @Override
            public FreeList frees(ForeignRef<?> ref) {
                return ref.frees;
            }
        });
    }

    private final RemoteRef ref;
    private final String typeName;
    private final String display;
    private final String staticType;
    private final Cleaner.Cleanable cleanable;
    private final FreeList frees;

    private ForeignRef(RemoteRef ref, String typeName, String display, String staticType, FreeList frees) {
        this.ref = ref;
        this.typeName = typeName;
        this.display = display;
        this.staticType = staticType;
        this.frees = frees;
        // The action holds the list and the id, never this object: it must not keep it reachable.
        this.cleanable = ref == null ? null : CLEANER.register(this, new Free(frees, ref.epoch(), ref.id()));
    }

    /** The value's runtime class name, {@code "void"} or {@code "null"}. */
    public String typeName() {
        return typeName;
    }

    /** {@code String.valueOf} of the value in the sandbox, cut to a bounded length. */
    public String display() {
        return display;
    }

    /** The type a snippet's binding of this value is declared as (its runtime class, or the nearest public supertype where that class cannot be named). */
    public String staticType() {
        return staticType;
    }

    /** Frees the sandbox's object now (with the next request at the latest); harmless twice. */
    @Override
    public void close() {
        if (cleanable != null) {
            cleanable.clean();
            frees.flushSoon();
        }
    }

    @Override
    public String toString() {
        return display + " : " + typeName;
    }

    /** Runs at most once: on {@link #close()} or when the ref became unreachable. */
    private static final class Free implements Runnable {
        private final FreeList frees;
        private final long epoch;
        private final long id;

        Free(FreeList frees, long epoch, long id) {
            this.frees = frees;
            this.epoch = epoch;
            this.id = id;
        }

        @Override
        public void run() {
            frees.add(epoch, id);
        }
    }
}
