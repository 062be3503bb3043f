package dev.sandprof.host.repl;

import java.util.function.Supplier;

/**
 * The ids the REPL's snippets get, as jshell numbers them: {@code s1}, {@code s2}... for the
 * start-up imports, then 1, 2, ... for the user's snippets across the whole session (a fresh
 * sandbox does not start them again), {@code sandprof1}... for sandprof's own, and a replayed
 * declaration keeps its old id. Temporary variables ({@code $1}) run across the session too.
 *
 * <p>Not thread-safe: the session's thread and JShell, which asks on that thread, use it.
 */
final class SnippetIds {

    private int user;
    private int startup;
    private int internal;
    private int temporaries;
    private boolean inStartup;
    private boolean inInternal;
    /** While replaying: the id the next snippet keeps. */
    private String replayed;

    /** The id of the snippet JShell is making now. */
    String next() {
        if (inStartup) {
            return "s" + ++startup;
        }
        if (inInternal) {
            return "sandprof" + ++internal;
        }
        if (replayed != null) {
            return replayed;
        }
        return Integer.toString(++user);
    }

    /** The next temporary variable's name: {@code $1}, {@code $2}, ... */
    String nextTemporary() {
        return "$" + ++temporaries;
    }

    /** Runs the start-up snippets: numbered {@code s1}... */
    void startup(Runnable snippets) {
        inStartup = true;
        try {
            snippets.run();
        } finally {
            inStartup = false;
        }
    }

    /** Makes sandprof's own snippets: numbered apart from the user's. */
    <T> T internal(Supplier<T> snippets) {
        inInternal = true;
        try {
            return snippets.get();
        } finally {
            inInternal = false;
        }
    }

    /** Replays a declaration under the id it had. */
    void replaying(String id, Runnable snippet) {
        replayed = id;
        try {
            snippet.run();
        } finally {
            replayed = null;
        }
    }
}
