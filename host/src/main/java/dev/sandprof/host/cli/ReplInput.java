package dev.sandprof.host.cli;

import dev.sandprof.host.repl.SnippetSession;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Where the REPL's input comes from: a terminal's line editor ({@link TerminalInput}) or a piped
 * script, read a line at a time.
 */
interface ReplInput extends AutoCloseable {

    /**
     * The next input: whole snippets (one or more), or a command line ({@code :name ...}); {@code null}
     * at the end of the input. A script that ends inside a snippet gives that part as it is.
     */
    String next() throws IOException;

    @Override
    void close() throws IOException;

    /** A script on standard input: no prompts, no echo, lines gathered until they hold whole snippets. */
    final class Piped implements ReplInput {

        private final BufferedReader in;
        private final SnippetSession session;

        Piped(InputStream in, SnippetSession session) {
            this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            this.session = session;
        }

        @Override
        public String next() throws IOException {
            StringBuilder pending = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                if (pending.length() == 0 && ReplCommand.isCommand(line)) {
                    return line;
                }
                pending.append(line).append('\n');
                if (!session.needsMore(pending.toString())) {
                    return pending.toString();
                }
            }
            return pending.toString().isBlank() ? null : pending.toString();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
