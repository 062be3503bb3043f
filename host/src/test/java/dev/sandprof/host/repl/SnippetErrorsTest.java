package dev.sandprof.host.repl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Frames, carets and long values as the jshell tool prints them. */
class SnippetErrorsTest {

    @Test
    void framesAreShortenedAsJshellShortensThem() {
        assertThat(SnippetErrors.frame(new StackTraceElement("java.lang.Integer", "parseInt", "Integer.java", 668)))
                .isEqualTo("Integer.parseInt (Integer.java:668)");
        assertThat(SnippetErrors.frame(new StackTraceElement("java.util.HashMap$Node", "get", "HashMap.java", 1)))
                .isEqualTo("HashMap$Node.get (HashMap.java:1)");
        assertThat(SnippetErrors.frame(new StackTraceElement("Plain", "run", null, -1))).isEqualTo("Plain.run (Unknown Source)");
        assertThat(SnippetErrors.frame(new StackTraceElement("java.lang.Thread", "sleep", null, -2))).isEqualTo("Thread.sleep (Native Method)");
        assertThat(SnippetErrors.frame(new StackTraceElement("x.Y", "z", "Y.java", -1))).isEqualTo("Y.z (Y.java)");
        // JShell names a snippet's frames by snippet, without a class; its top level without a method.
        assertThat(SnippetErrors.frame(new StackTraceElement("", "fib", "#3", 1))).isEqualTo("fib (#3:1)");
        assertThat(SnippetErrors.frame(new StackTraceElement("", "", "#4", 1))).isEqualTo("(#4:1)");
    }

    @Test
    void aDiagnosticShowsItsLineAndACaretUnderItsExtent() {
        assertThat(lines("int x = undefinedThing + 1;", diag("cannot find symbol\n  symbol: variable undefinedThing\n  location: class", 8, 22)))
                .containsExactly("cannot find symbol", "  symbol: variable undefinedThing", "int x = undefinedThing + 1;",
                        "        ^------------^");
        assertThat(lines("int f() {\n  return nope;\n}", diag("cannot find symbol", 19, 23)))
                .containsExactly("cannot find symbol", "  return nope;", "         ^--^");
        assertThat(lines("x", diag("one", 0, 1))).containsExactly("one", "x", "^");
        // Over the end of its line: the caret line goes on with "-...".
        assertThat(lines("int f() {\n  return 1;\n}", diag("missing", 0, 25)))
                .containsExactly("missing", "int f() {", "^--------...");
        // No position: the whole snippet.
        assertThat(lines("abc", diag("somewhere", -1, -1))).containsExactly("somewhere", "abc", "^-^");
    }

    @Test
    void longValuesAreCutAsJshellCutsThem() {
        String value = "\"" + "x".repeat(200) + "\"";
        String cut = SnippetFeedback.truncated(value, 80);
        assertThat(cut).hasSize(80).startsWith("\"" + "x".repeat(48) + " ... ").endsWith("x".repeat(25) + "\"");
        assertThat(SnippetFeedback.truncated("short", 80)).isEqualTo("short");
        assertThat(SnippetFeedback.truncated(null, 80)).isEmpty();
    }

    private static List<String> lines(String source, Diagnostic d) {
        List<String> lines = new ArrayList<>();
        SnippetErrors.lines(source, d.message(), d.start(), d.end(), lines);
        return lines;
    }

    private record Diagnostic(String message, long start, long end) {}

    private static Diagnostic diag(String message, long start, long end) {
        return new Diagnostic(message, start, end);
    }
}
