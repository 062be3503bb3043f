package dev.sandprof.host.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The arguments of a REPL command that runs an expression: {@code :NAME [-opt VALUE]... EXPRESSION}
 * ({@code /NAME} as jshell spells it).
 * Options come first, each with one value; the rest of the line, as typed, is the expression
 * (write {@code (-x)} for an expression that starts with a minus and a name).
 *
 * @param options    each option's value, by its name with its dashes ({@code --engine}, {@code -wi})
 * @param expression what follows the options, or an empty string
 */
record CommandArguments(Map<String, String> options, String expression) {

    private static final Pattern OPTION = Pattern.compile("\\G\\s*(--?[A-Za-z][A-Za-z-]*)\\s+(\\S+)");

    /** The arguments of {@code line}, which starts with the command's name. */
    static CommandArguments of(String line) {
        Map<String, String> options = new LinkedHashMap<>();
        return new CommandArguments(options, line.substring(optionsEnd(line, options)).strip());
    }

    /** Where the expression starts in {@code line}: after the command's name and options, and blanks. */
    static int expressionStart(String line) {
        int start = optionsEnd(line, new LinkedHashMap<>());
        while (start < line.length() && Character.isWhitespace(line.charAt(start))) {
            start++;
        }
        return start;
    }

    /** Reads the options after the command's name into {@code options}; returns where they end. */
    private static int optionsEnd(String line, Map<String, String> options) {
        int end = nameEnd(line);
        Matcher m = OPTION.matcher(line);
        m.region(end, line.length());
        while (m.find()) {
            options.put(m.group(1), m.group(2));
            end = m.end();
        }
        return end;
    }

    private static int nameEnd(String line) {
        int i = line.length() - line.stripLeading().length();
        while (i < line.length() && !Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        return i;
    }
}
