package dev.sandprof.host.repl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandprof.host.SandboxOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import jdk.jshell.Snippet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The session's snippets, run in this JVM (the in-process engine: no sandbox is started): jshell's
 * numbering, feedback, and which declarations a new shell replays, by name and in order, under
 * their old ids.
 */
class SnippetSessionTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    private final SnippetSession session = new SnippetSession(out, List.of(), inProcess());

    private static SandprofExecutionProvider inProcess() {
        return new SandprofExecutionProvider(SandboxOptions.builder().build(), true);
    }

    @AfterEach
    void close() {
        session.close();
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void snippetsAreNumberedAndShownAsJshellDoes() {
        session.evalAll("int twice(int x) { return 2 * x; }\ntwice(21)\n");
        session.evalAll("twice(4)");
        // A value is named by its snippet's id, as in jshell: twice(21) is snippet 2.
        assertThat(printed()).isEqualTo("|  created method twice(int)\n$2 ==> 42\n$3 ==> 8\n");
        assertThat(session.shell().snippets().filter(s -> s.kind() != Snippet.Kind.IMPORT).map(Snippet::id))
                .containsExactly("1", "2", "3");
        assertThat(session.shell().snippets().filter(s -> s.kind() == Snippet.Kind.IMPORT).map(Snippet::id))
                .startsWith("s1"); // JDK 25's jshell has one, import module java.base
        assertThat(session.failed()).isFalse();
    }

    @Test
    void aSnippetThatDoesNotCompileOrThrowsFailsTheSession() {
        session.evalAll("int x = \"text\";");
        assertThat(printed()).startsWith("|  Error:\n|  incompatible types");
        assertThat(session.failed()).isTrue();
    }

    @Test
    void aNewShellReplaysTheDeclarationsInForceByNameInOrderUnderTheirIds() {
        session.evalAll("int base = 1;");                                  // 1
        session.evalAll("int twice(int x) { return 2 * x; }");             // 2
        session.evalAll("twice(base)");                                    // 3: a value, not replayed
        session.evalAll("class Box { int v = twice(base); }");             // 4
        session.evalAll("System.out.println(\"statement\");");            // 5: a statement, not replayed
        session.evalAll("int base = 10;");                                 // 6: replaces 1 where it stood
        session.evalAll("int broken() { return undefined; }");             // 7: waits for undefined, not replayed
        session.evalAll("int x = \"text\";");                             // e1: rejected
        List<String> replayed = session.replaceEngine(inProcess());
        assertThat(replayed).containsExactly("base", "twice(int)", "Box");
        assertThat(session.shell().snippets().filter(s -> s.kind() != Snippet.Kind.IMPORT).map(Snippet::id))
                .containsExactly("6", "2", "4");
        printed.reset();
        session.evalAll("new Box().v");
        assertThat(printed()).isEqualTo("$8 ==> 20\n"); // and numbering goes on where it was
        assertThat(session.shell().snippets().filter(s -> s.kind() != Snippet.Kind.IMPORT).map(Snippet::id))
                .containsExactly("6", "2", "4", "8");
    }

    @Test
    void sandprofsOwnSnippetsAreNumberedApartAndNotReplayed() {
        session.evalAll("int seed = 3;");
        Snippet own = session.declareInternal("public class Probe { public static int value() { return seed; } }");
        assertThat(own).isNotNull();
        assertThat(own.id()).isEqualTo("sandprof1");
        assertThat(session.className(own)).endsWith("$Probe");
        session.drop(own);
        assertThat(session.replaceEngine(inProcess())).containsExactly("seed");
        session.evalAll("seed + 1");
        assertThat(printed()).isEqualTo("seed ==> 3\n$2 ==> 4\n");
    }

    @Test
    void aRejectedSnippetIsAnErrorsAndLeavesItsValueNameToTheNext() {
        session.evalAll("42");
        session.evalAll("undefinedThing + 1");
        session.evalAll("$1 + 1");
        assertThat(printed()).startsWith("$1 ==> 42\n|  Error:\n|  cannot find symbol\n|    symbol:   variable undefinedThing\n"
                + "|  undefinedThing + 1\n|  ^------------^\n").endsWith("$2 ==> 43\n");
        assertThat(session.shell().snippets().filter(s -> s.kind() != Snippet.Kind.IMPORT).map(Snippet::id))
                .containsExactly("1", "e1", "2");
    }

    @Test
    void whatFollowsAFailedSnippetOnItsLineIsDropped() {
        session.evalAll("int a = \"x\"; int b = 2;");
        assertThat(printed()).startsWith("|  Error:").doesNotContain("b ==> 2");
    }

    @Test
    void inputThatEndsInsideASnippetIsSaidIncompleteAsJshellSaysIt() {
        session.evalInput("int a = 1; int f() {\n  return a;\n");
        assertThat(printed()).isEqualTo("a ==> 1\n|  Incomplete input:  int f() {\n  return a;\n");
        assertThat(session.failed()).isTrue();
    }

    @Test
    void resetStartsAgainWithNothingDeclared() {
        session.evalAll("int keep = 1;");
        session.reset();
        session.evalAll("2 + 2");
        assertThat(printed()).isEqualTo("keep ==> 1\n$1 ==> 4\n");
        assertThat(session.shell().snippets().filter(s -> s.kind() != Snippet.Kind.IMPORT).map(Snippet::id)).containsExactly("1");
        assertThat(session.replaceEngine(inProcess())).isEmpty();
    }

    @Test
    void whetherInputEndsInsideASnippet() {
        assertThat(session.needsMore("int f(int x) {")).isTrue();
        assertThat(session.needsMore("int f(int x) {\n return x; }\n")).isFalse();
        assertThat(session.needsMore("1 + 1\n2 +")).isTrue();
    }
}
