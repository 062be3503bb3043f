package dev.sandprof.host.cli;

import dev.sandprof.host.StackFrame;
import dev.sandprof.host.TracedException;
import dev.sandprof.host.TracedException.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code sandprof trace}'s report: the exceptions of one class raised at one place
 * (the same stack) that ended the same way (the same catch), in any number of threads, with the
 * count of each thread. The sandbox folds repeats per thread; a pool's threads running the same
 * code would otherwise give one entry each.
 *
 * @param exceptionClass the exception's binary class name
 * @param message the message of the earliest raise among the threads, or {@code null}
 * @param outcome how they ended
 * @param stack the call stack at the raise, innermost first
 * @param stoppedAt the catch (or method) they stopped in; {@code null} when they escaped
 * @param hasJvmTrace whether the JVM had filled in their stack trace
 * @param threads each thread's count, in {@link ThreadNames#ORDER} of their names, then by id
 */
record TracedPlace(String exceptionClass, String message, Outcome outcome, List<StackFrame> stack, StackFrame stoppedAt,
                   boolean hasJvmTrace, List<ThreadCount> threads) {

    /**
     * What one thread raised at the place.
     *
     * @param thread the thread's name
     * @param threadId its id (threads may share a name)
     * @param count how many times
     * @param message that thread's earliest message, or {@code null}
     */
    record ThreadCount(String thread, long threadId, long count, String message) {}

    TracedPlace {
        stack = List.copyOf(stack);
        threads = List.copyOf(threads);
    }

    /** How many were raised here, over all threads. */
    long count() {
        return threads.stream().mapToLong(ThreadCount::count).sum();
    }

    /**
     * Folds the entries of {@code exceptions} (in the order of first raise, as
     * {@link dev.sandprof.host.TraceResult#exceptions()} gives them) that differ only in their
     * thread, or are one thread's repeats drained at different times (by its id). Everything else that tells
     * entries apart stays apart: class, stack with its lines, outcome, where it stopped, whether the
     * JVM traced it. The message is not part of a place, as within a thread: the earliest is kept.
     *
     * @return the places, most raised first, then in the order of their first raise
     */
    static List<TracedPlace> fold(List<TracedException> exceptions) {
        Map<Key, Map<Long, ThreadCount>> byPlace = new LinkedHashMap<>();
        Map<Key, String> firstMessage = new LinkedHashMap<>();
        for (TracedException e : exceptions) {
            Key key = new Key(e.exceptionClass(), e.outcome(), e.stack(), e.stoppedAt(), e.hasJvmTrace());
            firstMessage.putIfAbsent(key, e.message());
            byPlace.computeIfAbsent(key, k -> new LinkedHashMap<>()).merge(e.threadId(),
                    new ThreadCount(e.thread(), e.threadId(), e.count(), e.message()),
                    (was, more) -> new ThreadCount(was.thread(), was.threadId(), was.count() + more.count(), was.message()));
        }
        List<TracedPlace> out = new ArrayList<>(byPlace.size());
        byPlace.forEach((key, threads) -> {
            List<ThreadCount> sorted = new ArrayList<>(threads.values());
            sorted.sort(Comparator.comparing(ThreadCount::thread, ThreadNames.ORDER).thenComparingLong(ThreadCount::threadId));
            out.add(new TracedPlace(key.exceptionClass(), firstMessage.get(key), key.outcome(), key.stack(),
                    key.stoppedAt(), key.hasJvmTrace(), sorted));
        });
        // A stable sort: among equal counts, the order of first raise stays.
        out.sort(Comparator.comparingLong(TracedPlace::count).reversed());
        return out;
    }

    /** What tells places apart. */
    private record Key(String exceptionClass, Outcome outcome, List<StackFrame> stack, StackFrame stoppedAt,
                       boolean hasJvmTrace) {}
}
