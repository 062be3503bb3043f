package dev.sandprof.host.cli;

import dev.sandprof.host.repl.SnippetSession;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The REPL at a terminal: JLine's line editor (Emacs keys, arrows), history kept in a file across
 * sessions, Tab completion from JShell, snippets that go on over several lines, Ctrl-C to
 * interrupt a running snippet or drop the line being typed, Ctrl-D to leave.
 */
final class TerminalInput implements ReplInput {

    static final String PROMPT = "sandprof> ";
    static final String CONTINUATION_PROMPT = "   ...> ";

    private final Terminal terminal;
    private final LineReader reader;

    /**
     * @param history  the history file (made with its folder when missing)
     * @param onCtrlC  what Ctrl-C does while a snippet runs (at the prompt it drops the line)
     */
    TerminalInput(SnippetSession session, List<String> commands, Path history, Runnable onCtrlC) throws IOException {
        terminal = TerminalBuilder.builder().system(true).name("sandprof").build();
        SnippetLineParser parser = new SnippetLineParser(session, commands);
        reader = LineReaderBuilder.builder().terminal(terminal).appName("sandprof").parser(parser).completer(parser)
                .variable(LineReader.HISTORY_FILE, history)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION_PROMPT)
                // Java has '!' (not, !=): it is not bash's history expansion here.
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.HISTORY_IGNORE_SPACE, false)
                .build();
        terminal.handle(Terminal.Signal.INT, signal -> onCtrlC.run());
    }

    /** Whether standard input and output are a terminal (on JDK 22 and later a Console exists without one). */
    static boolean interactive() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // before JDK 22 a console means a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    @Override
    public String next() {
        while (true) {
            try {
                return reader.readLine(PROMPT);
            } catch (UserInterruptException e) {
                // Ctrl-C at the prompt: the line is dropped, a fresh prompt comes (as in jshell)
            } catch (EndOfFileException e) {
                return null;
            } finally {
                // JLine's Ctrl-C interrupts this thread to end the read; left set, it would end the next
                // wait for the sandbox's reply as if the sandbox had gone.
                Thread.interrupted();
            }
        }
    }

    @Override
    public void close() throws IOException {
        reader.getHistory().save();
        terminal.close();
    }
}
