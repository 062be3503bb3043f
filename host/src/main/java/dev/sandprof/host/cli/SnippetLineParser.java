package dev.sandprof.host.cli;

import dev.sandprof.host.repl.SnippetSession;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import jdk.jshell.SourceCodeAnalysis;

/**
 * How the line editor reads Java snippets: Enter accepts the input once it holds whole snippets
 * (else it goes on, on a {@code ...>} line, as in jshell), and Tab completes what JShell's
 * {@link SourceCodeAnalysis} suggests at the cursor, or a REPL command's name. Nothing is split
 * into words or unescaped: the input is Java.
 */
final class SnippetLineParser implements Parser, Completer {

    private final SnippetSession session;
    private final List<String> commands;

    SnippetLineParser(SnippetSession session, List<String> commands) {
        this.session = session;
        this.commands = List.copyOf(commands);
    }

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        boolean command = ReplCommand.isCommand(line);
        if (context == ParseContext.ACCEPT_LINE && !command && session.needsMore(line)) {
            throw new EOFError(-1, -1, "the snippet goes on");
        }
        if (context != ParseContext.COMPLETE) {
            return new Completions(line, cursor, cursor, List.of());
        }
        if (command) {
            int start = line.length() - line.stripLeading().length();
            String typed = line.substring(Math.min(start, cursor), cursor);
            if (!typed.contains(" ")) {
                // Completed as typed: ":pro" or jshell's "/pro".
                String prefix = typed.isEmpty() ? ":" : typed.substring(0, 1);
                List<String> names = new ArrayList<>();
                commands.stream().map(c -> prefix + c.substring(1)).filter(c -> c.startsWith(typed)).forEach(names::add);
                return new Completions(line, cursor, start, names);
            }
            // A command's expression (:trace, :profile, :bench) completes as a snippet.
            int expression = CommandArguments.expressionStart(line);
            if (cursor < expression) {
                return new Completions(line, cursor, cursor, List.of());
            }
            return snippet(line, cursor, expression);
        }
        return snippet(line, cursor, 0);
    }

    /** JShell's suggestions for the snippet that starts at {@code offset}. */
    private Completions snippet(String line, int cursor, int offset) {
        int[] anchor = new int[1];
        List<String> continuations = new ArrayList<>();
        List<SourceCodeAnalysis.Suggestion> suggestions =
                session.analysis().completionSuggestions(line.substring(offset), cursor - offset, anchor);
        // Those that fit the expected type first, as jshell lists them.
        suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType).map(SourceCodeAnalysis.Suggestion::continuation)
                .distinct().forEach(continuations::add);
        if (continuations.isEmpty()) {
            suggestions.stream().map(SourceCodeAnalysis.Suggestion::continuation).distinct().forEach(continuations::add);
        }
        return new Completions(line, cursor, offset + anchor[0], continuations);
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        for (String c : ((Completions) line).suggestions) {
            // complete = false: no space after the word, JShell's continuations say what follows ("fib(").
            candidates.add(new Candidate(c, c, null, null, null, null, false));
        }
    }

    /** The input, with the word being completed (from JShell's anchor to the cursor) and its completions. */
    private static final class Completions implements CompletingParsedLine {
        private final String line;
        private final int cursor;
        private final int wordStart;
        private final List<String> suggestions;

        Completions(String line, int cursor, int wordStart, List<String> suggestions) {
            this.line = line;
            this.cursor = cursor;
            this.wordStart = Math.max(0, Math.min(wordStart, cursor));
            this.suggestions = suggestions;
        }

        @Override
        public String word() {
            return line.substring(wordStart, cursor);
        }

        @Override
        public int wordCursor() {
            return cursor - wordStart;
        }

        @Override
        public int wordIndex() {
            return 0;
        }

        @Override
        public List<String> words() {
            return List.of(word());
        }

        /** Java needs no escaping: a candidate goes in as it is. */
        @Override
        public CharSequence escape(CharSequence candidate, boolean complete) {
            return candidate;
        }

        @Override
        public int rawWordCursor() {
            return wordCursor();
        }

        @Override
        public int rawWordLength() {
            return cursor - wordStart;
        }

        @Override
        public String line() {
            return line;
        }

        @Override
        public int cursor() {
            return cursor;
        }
    }
}
