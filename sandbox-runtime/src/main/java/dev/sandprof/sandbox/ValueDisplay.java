package dev.sandprof.sandbox;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The bounded display string of a value: its {@code toString}, cut, or a note that it failed. A
 * {@code toString} that throws or does not return is reported, never fatal: user code's
 * {@code toString} runs on a display thread and is given {@value #TIMEOUT_MILLIS} ms; past that it
 * is interrupted and left behind.
 */
final class ValueDisplay {

    static final int MAX_CHARS = 2000;
    static final long TIMEOUT_MILLIS = 1000;

    private static final ExecutorService DISPLAY = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sandprof-display");
        t.setDaemon(true);
        return t;
    });

    private ValueDisplay() {}

    static String of(Object value) {
        if (value == null) {
            return "null";
        }
        if (cannotRunUserCode(value)) {
            return cut(String.valueOf(value));
        }
        String name = value.getClass().getName();
        // What toString threw is caught on the display thread and shown by class and guarded
        // message: its own toString is the user's too, and Future.get would call it to make an
        // ExecutionException.
        Future<String> shown = DISPLAY.submit(() -> {
            try {
                return cut(String.valueOf(value));
            } catch (Throwable e) {
                return cut("<toString() of " + name + " threw " + headline(e) + ">");
            }
        });
        try {
            return shown.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return "<toString() of " + name + " failed>"; // not thrown: the task catches everything
        } catch (TimeoutException e) {
            shown.cancel(true);
            return "<toString() of " + name + " did not return within " + TIMEOUT_MILLIS + " ms>";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "<toString() of " + name + " was interrupted>";
        }
    }

    /** {@code Class: message} of a user's throwable, without calling its toString. */
    private static String headline(Throwable e) {
        String message;
        try {
            message = e.getMessage();
        } catch (Throwable t) {
            message = "<getMessage() threw " + t.getClass().getName() + ">";
        }
        String name = e.getClass().getName();
        return message == null ? name : name + ": " + ExceptionCapture.cut(message, MAX_CHARS);
    }

    /**
     * Values whose {@code toString} is the JDK's own and calls nothing of the user's: shown on the
     * calling thread, which saves a thread hand-off per value.
     */
    private static boolean cannotRunUserCode(Object value) {
        if (value instanceof String || value instanceof Number && value.getClass().getName().startsWith("java.")
                || value instanceof Boolean || value instanceof Character) {
            return true;
        }
        Class<?> c = value.getClass();
        if (c.isArray()) {
            return true; // an array shows its type and identity hash, nothing of its elements
        }
        try {
            return c.getMethod("toString").getDeclaringClass() == Object.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    static String cut(String s) {
        if (s == null) {
            return "null";
        }
        if (s.length() <= MAX_CHARS) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS;
        return s.substring(0, end) + "... (" + s.length() + " chars)";
    }
}
