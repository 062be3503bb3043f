package dev.sandprof.host.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h} or a plain number of seconds. Every
 * duration sandprof takes bounds or paces something, so zero is refused here, with the option's
 * name, rather than deep inside a builder.
 */
final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m|h)?");
    /** Far beyond any run; small enough that a deadline of now plus it cannot overflow. */
    static final Duration LONGEST = Duration.ofDays(365);

    @Override
    public Duration convert(String value) {
        Matcher m = FORM.matcher(value.trim());
        if (!m.matches()) {
            throw new TypeConversionException("'" + value + "' is not a duration: write 500ms, 10s, 2m or 1h");
        }
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d;
        try {
            long n = Long.parseLong(m.group(1));
            switch (unit) {
                case "ms": d = Duration.ofMillis(n); break;
                case "m": d = Duration.ofMinutes(n); break;
                case "h": d = Duration.ofHours(n); break;
                default: d = Duration.ofSeconds(n); break;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            d = LONGEST.plusMillis(1);
        }
        if (d.isZero()) {
            throw new TypeConversionException("'" + value + "' is no time at all: give a duration above zero, e.g. 500ms or 10s");
        }
        if (d.compareTo(LONGEST) > 0) {
            throw new TypeConversionException("'" + value + "' is too long: at most 365 days (8760h)");
        }
        return d;
    }
}
