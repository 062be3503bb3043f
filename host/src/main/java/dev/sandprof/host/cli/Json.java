package dev.sandprof.host.cli;

/** The bits of JSON the commands write by hand (RFC 8259). */
final class Json {

    private Json() {}

    /** A JSON string literal: quote, backslash and control characters escaped; {@code null} for null. */
    static String string(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** A JSON number; NaN and the infinities, which JSON has not, as JMH writes them: {@code "NaN"}. */
    static String number(double d) {
        return Double.isNaN(d) || Double.isInfinite(d) ? "\"" + d + "\"" : Double.toString(d);
    }
}
