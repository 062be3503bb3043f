package dev.sandprof.host.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Thread names as a short list for a report: names that differ only in a trailing number fold into
 * ranges ({@code pool-1-thread-1..16}; {@code pool-1-thread-1..3, 5} with a gap), other names are
 * listed, a name several threads share once with their number ({@code worker (4 threads)}), and
 * past a cap the rest is counted ({@code and 12 more}).
 */
final class ThreadNames {

    /**
     * Names by their text before a trailing number, then by that number ({@code worker-2} before
     * {@code worker-10}); a zero-padded number ({@code worker-07}) as its number, then by width.
     */
    static final Comparator<String> ORDER = Comparator.comparing(ThreadNames::parse, Name.ORDER);

    /** Runs of consecutive numbers shorter than this are listed one by one ({@code 1, 2}). */
    private static final int MIN_RANGE = 3;

    private ThreadNames() {}

    /**
     * The names of some threads (one each) in {@link #ORDER}, folded; at most {@code cap} items (a
     * name, a range, or a number that continues the item before: {@code 5} in {@code worker-1..3, 5}).
     */
    static String compact(Collection<String> names, int cap) {
        if (cap < 1) {
            throw new IllegalArgumentException("cap must be at least 1: " + cap);
        }
        Map<String, Integer> threads = new TreeMap<>();
        names.forEach(n -> threads.merge(n, 1, Integer::sum));
        List<Name> sorted = new ArrayList<>();
        threads.keySet().forEach(n -> sorted.add(parse(n)));
        sorted.sort(Name.ORDER);
        List<String> items = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        Name previousGroup = null;
        for (int i = 0; i < sorted.size(); ) {
            Name first = sorted.get(i);
            int shared = threads.get(first.text());
            if (shared > 1) {
                items.add(first.text() + " (" + shared + " threads)");
                sizes.add(shared);
                previousGroup = null;
                i++;
                continue;
            }
            int end = i + 1;
            while (end < sorted.size() && first.numbered() && sorted.get(end).sameGroup(first)
                    && sorted.get(end).number == first.number + (end - i) && threads.get(sorted.get(end).text()) == 1) {
                end++;
            }
            int run = end - i;
            if (run < MIN_RANGE) {
                end = i + 1;
                run = 1;
            }
            boolean continues = previousGroup != null && first.numbered() && first.sameGroup(previousGroup);
            String head = continues ? first.digits() : first.text();
            items.add(run == 1 ? head : head + ".." + sorted.get(end - 1).digits());
            sizes.add(run);
            previousGroup = first.numbered() ? first : null;
            i = end;
        }
        StringBuilder out = new StringBuilder();
        int shown = Math.min(items.size(), cap);
        for (int i = 0; i < shown; i++) {
            out.append(i == 0 ? "" : ", ").append(items.get(i));
        }
        if (shown < items.size()) {
            int more = sizes.subList(shown, sizes.size()).stream().mapToInt(Integer::intValue).sum();
            out.append(", and ").append(more).append(" more");
        }
        return out.toString();
    }

    private static Name parse(String name) {
        int digits = name.length();
        while (digits > 0 && name.charAt(digits - 1) >= '0' && name.charAt(digits - 1) <= '9') {
            digits--;
        }
        String number = name.substring(digits);
        if (number.isEmpty() || number.length() > 18) {
            return new Name(name, name, -1, 0);
        }
        // A zero-padded number keeps its width: worker-07..09 and worker-10 are two groups.
        int width = number.length() > 1 && number.charAt(0) == '0' ? number.length() : 0;
        return new Name(name, name.substring(0, digits), Long.parseLong(number), width);
    }

    /** A name split into the text before its trailing number and the number (-1: none). */
    private record Name(String text, String prefix, long number, int width) {

        static final Comparator<Name> ORDER = Comparator.comparing(Name::prefix).thenComparing(Name::numbered)
                .thenComparingLong(Name::number).thenComparingInt(Name::width).thenComparing(Name::text);

        boolean numbered() {
            return number >= 0;
        }

        boolean sameGroup(Name other) {
            return numbered() && other.numbered() && prefix.equals(other.prefix) && width == other.width;
        }

        String digits() {
            return width == 0 ? Long.toString(number) : String.format("%0" + width + "d", number);
        }
    }
}
