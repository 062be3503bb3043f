package dev.sandprof.sandbox;

/** The bounded display string of a value: its {@code toString}, cut, or a note that it failed. */
final class ValueDisplay {

    static final int MAX_CHARS = 2000;

    private ValueDisplay() {}

    static String of(Object value) {
        if (value == null) {
            return "null";
        }
        String s;
        try {
            s = String.valueOf(value);
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            return "<toString() of " + value.getClass().getName() + " threw " + e + ">";
        }
        if (s == null) {
            return "null";
        }
        return s.length() <= MAX_CHARS ? s : s.substring(0, MAX_CHARS) + "... (" + s.length() + " chars)";
    }
}
