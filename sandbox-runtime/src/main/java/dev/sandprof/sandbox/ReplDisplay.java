package dev.sandprof.sandbox;

import java.lang.reflect.Array;

/**
 * A value as JShell shows it: {@code null}, a string quoted with its special characters escaped,
 * a char in single quotes, an array as its component type and length with its elements, anything
 * else by its {@code toString} (run safely, as {@link ValueDisplay} does).
 */
final class ReplDisplay {

    private ReplDisplay() {}

    static String of(Object value) {
        if (value == null) {
            return "null";
        } else if (value instanceof String) {
            return quoted((String) value);
        } else if (value instanceof Character) {
            return "'" + value + "'";
        } else if (value.getClass().isArray()) {
            String type = value.getClass().getTypeName(); // int[], java.lang.String[][]
            int length = Array.getLength(value);
            StringBuilder s = new StringBuilder();
            String simple = type.substring(type.lastIndexOf('.') + 1);
            int bracket = simple.indexOf('[');
            s.append(simple, 0, bracket + 1).append(length).append(simple.substring(bracket + 1)).append(" { ");
            for (int i = 0; i < length; i++) {
                s.append(i == 0 ? "" : ", ").append(of(Array.get(value, i)));
                if (s.length() > ValueDisplay.MAX_CHARS) {
                    s.append(", ...");
                    break;
                }
            }
            return s.append(" }").toString();
        }
        return ValueDisplay.of(value);
    }

    /** Quoted and escaped; a string longer than {@link ValueDisplay#MAX_CHARS} is cut, as any value is. */
    private static String quoted(String s) {
        StringBuilder out = new StringBuilder("\"");
        int shown = Math.min(s.length(), ValueDisplay.MAX_CHARS);
        if (shown < s.length() && Character.isHighSurrogate(s.charAt(shown - 1))) {
            shown--;
        }
        for (int i = 0; i < shown; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\t': out.append("\\t"); break;
                case '\r': out.append("\\r"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\%03o", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
        if (shown < s.length()) {
            out.append("... (").append(s.length()).append(" chars)");
        }
        return out.toString();
    }
}
