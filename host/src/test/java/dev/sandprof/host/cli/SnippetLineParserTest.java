package dev.sandprof.host.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandprof.host.SandboxOptions;
import dev.sandprof.host.repl.SandprofExecutionProvider;
import dev.sandprof.host.repl.SnippetSession;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser.ParseContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * How the line editor reads snippets: Enter inside an unfinished snippet goes on, Tab completes
 * from JShell's analysis or a command's name. The session runs in this JVM (no sandbox).
 */
class SnippetLineParserTest {

    private static final SnippetSession SESSION = new SnippetSession(new PrintStream(OutputStream.nullOutputStream()), List.of(),
            new SandprofExecutionProvider(SandboxOptions.builder().build(), true));
    private final SnippetLineParser parser = new SnippetLineParser(SESSION, ReplCommand.COMMANDS);

    @AfterAll
    static void close() {
        SESSION.close();
    }

    private List<String> complete(String line) {
        ParsedLine parsed = parser.parse(line, line.length(), ParseContext.COMPLETE);
        List<Candidate> candidates = new ArrayList<>();
        parser.complete(null, parsed, candidates);
        List<String> values = new ArrayList<>();
        candidates.forEach(c -> values.add(c.value()));
        return values;
    }

    @Test
    void enterInsideAnUnfinishedSnippetGoesOnToTheNextLine() {
        assertThatThrownBy(() -> parser.parse("int f(int x) {", 14, ParseContext.ACCEPT_LINE)).isInstanceOf(EOFError.class);
        assertThatThrownBy(() -> parser.parse("String s = \"a\" +", 16, ParseContext.ACCEPT_LINE)).isInstanceOf(EOFError.class);
        assertThat(parser.parse("int f(int x) {\n  return x;\n}", 27, ParseContext.ACCEPT_LINE).line())
                .isEqualTo("int f(int x) {\n  return x;\n}");
        assertThat(parser.parse("1 + 1", 5, ParseContext.ACCEPT_LINE).line()).isEqualTo("1 + 1");
    }

    @Test
    void aCommandLineIsNeverUnfinished() {
        assertThat(parser.parse(":bench fib(", 11, ParseContext.ACCEPT_LINE).line()).isEqualTo(":bench fib(");
        assertThat(parser.parse("/exit", 5, ParseContext.ACCEPT_LINE).line()).isEqualTo("/exit");
    }

    @Test
    void tabCompletesFromJshellsAnalysis() {
        ParsedLine parsed = parser.parse("Integer.parseI", 14, ParseContext.COMPLETE);
        assertThat(parsed.word()).isEqualTo("parseI");
        assertThat(complete("Integer.parseI")).containsExactly("parseInt(");
        assertThat(complete("StringBui")).contains("StringBuilder");
    }

    @Test
    void tabCompletesCommandNamesAsTyped() {
        assertThat(complete(":pro")).containsExactly(":profile");
        assertThat(complete("/pro")).containsExactly("/profile");
        assertThat(complete(":")).containsExactlyElementsOf(ReplCommand.COMMANDS);
        assertThat(complete(":nothing")).isEmpty();
    }

    @Test
    void aCommandsExpressionCompletesAsASnippetItsOptionsDoNot() {
        assertThat(complete(":trace Integer.parseI")).containsExactly("parseInt(");
        assertThat(complete(":bench -wi 1 Integer.parseI")).containsExactly("parseInt(");
        ParsedLine inOptions = parser.parse(":bench -wi 1 Integer.parseI", 10, ParseContext.COMPLETE); // after -wi
        List<Candidate> none = new ArrayList<>();
        parser.complete(null, inOptions, none);
        assertThat(none).isEmpty();
        assertThat(inOptions.word()).isEmpty();
    }
}
