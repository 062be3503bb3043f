package dev.sandprof.host.repl;

import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The ids the REPL's snippets get, as the jshell tool numbers them: {@code s1}, {@code s2}... for
 * the start-up imports, 1, 2, ... for the user's snippets that took (a fresh sandbox does not
 * start them again), {@code e1}, {@code e2}... for those rejected, {@code sandprof1}... for
 * sandprof's own, and a replayed declaration keeps its old id. A value's name is the id its
 * snippet is about to get ({@code $5} for snippet 5), so the {@code $5} a user types is the value
 * {@code /list} shows as 5; a rejected expression leaves the name to the next one, as in jshell.
 *
 * <p>Not thread-safe: the session's thread and JShell, which asks on that thread, use it.
 */
final class SnippetIds {

    private static final Pattern STARTUP = Pattern.compile("s[0-9]+");

    private int user;
    private int errors;
    private int startup;
    private int internal;
    private boolean inStartup;
    private boolean inInternal;
    /** While replaying: the id the next snippet keeps. */
    private String replayed;

    /**
     * The id of the snippet JShell is making now.
     *
     * @param active whether it took (valid, or waiting for a declaration): else it is an error's
     */
    String next(boolean active) {
        if (inStartup) {
            return "s" + ++startup;
        }
        if (inInternal) {
            return "sandprof" + ++internal;
        }
        if (replayed != null) {
            return replayed;
        }
        return active ? Integer.toString(++user) : "e" + ++errors;
    }

    /** The next value's name: {@code $} and the id its snippet gets if it takes. */
    String nextTemporary() {
        if (inStartup) {
            return "$s" + (startup + 1);
        }
        if (inInternal) {
            return "$sandprof" + (internal + 1);
        }
        return "$" + (user + 1);
    }

    /** Whether {@code id} is a start-up snippet's. */
    static boolean startup(String id) {
        return STARTUP.matcher(id).matches();
    }

    /** Numbering starts again, as after jshell's {@code /reset}; sandprof's own go on (their classes are named apart). */
    void reset() {
        user = 0;
        errors = 0;
        startup = 0;
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
