package dev.sandprof.host.cli;

import static dev.sandprof.host.cli.RunCommandIT.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sandprof.host.StreamText;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code sandprof repl}'s transcript is jshell's: one script with every kind of snippet and the
 * commands both have, piped to the JDK's own {@code jshell --feedback normal} and to
 * {@code bin/sandprof repl}, both on the JDK running this test.
 */
class ReplTranscriptIT {

    /** Every kind of snippet and feedback; no value shows an identity hash (it differs between any two runs). */
    private static final List<String> SCRIPT = List.of(
            "1 + 1",
            "\"text\".length()",                  // snippet 2: $2
            "int x = 5;",
            "int y;",                             // without initialiser
            "x = 6",                              // assignment
            "x",                                  // a variable's value
            "String s = \"a\"",
            "int x = 7;",                         // redefinition, same type
            "double x = 1.5;",                    // another type
            "int a = 1; int b = 2;",              // two snippets on a line
            "int c = \"no\"; int d = 4;",         // what follows a rejected one is dropped
            "int m() { return 1; }",
            "int m() { return 2; }",              // modified
            "long m() { return 3L; }",            // replaced
            "void g() { h(); }",                  // a forward reference
            "g()",                                // attempted to call
            "void h() { System.out.println(\"h ran\"); }",
            "g()",
            "class Box { int v = 3; public String toString() { return \"Box\" + v; } }",
            "Box box = new Box()",
            "class Box { int w = 4; public String toString() { return \"Box\" + w; } }", // box is reset to null
            "box",
            "record Pair(int l, int r) {}",
            "new Pair(1, 2)",
            "interface Shape { double area(); }",
            "enum Color { RED, GREEN }",
            "Color.GREEN",
            "@interface Tag {}",
            "Missing missing;",                   // waits for a class
            "import java.time.*;",
            "LocalDate.of(2020, 1, 2)",
            "for (int i = 0; i < 2; i++) System.out.println(\"i=\" + i);",
            "Integer.parseInt(\"x\")",            // thrown by the JDK
            "int fail(String why) { try { return Integer.parseInt(why); } catch (NumberFormatException e) "
                    + "{ throw new IllegalStateException(\"cannot: \" + why, e); } }",
            "fail(\"y\")",                        // thrown by a snippet, with a cause
            "undefinedThing + 1",                 // a compile error: e1, $N left to the next
            "$2 * 10",                            // the value of snippet 2
            "String big = \"x\".repeat(200)",     // truncated
            "\"y\".repeat(120)",
            "List<String> raw = new ArrayList();", // a warning
            "/list",
            "/vars",
            "/methods",
            "/types",
            "/imports",
            "/drop m",
            "/drop 3",
            "/drop nothere",
            "/list x",
            "/list -start",
            "/reset",
            "int later(int n) {",                 // multi-line
            "  return 2 * n;",
            "}",
            "later(21)",
            "/vars",
            "/exit");

    @Test
    void sandprofReplPrintsWhatJshellPrints() throws Exception {
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path jshell = javaHome.resolve("bin/jshell");
        Assumptions.assumeTrue(Files.isExecutable(jshell), "skipped: the JDK running the tests has no jshell: " + jshell);
        String script = String.join("\n", SCRIPT) + "\n";
        // Preferences of their own: a user's retained jshell settings (start-up, feedback modes) do not apply.
        Path prefs = Files.createTempDirectory("sandprof-jshell-prefs-");
        Run expected = run(List.of(jshell.toString(), "-J-Djava.util.prefs.userRoot=" + prefs, "--feedback", "normal"), script, javaHome);
        Run actual = run(List.of(ROOT.resolve("bin/sandprof").toString(), "repl"), script, javaHome);

        // What must differ, removed from jshell's transcript: its banner (up to its first prompt) and
        // its prompts ("\njshell> ", on 17 followed by " \b", its line editor's): sandprof prints none
        // when its input is not a terminal, a script's output being what its snippets and commands
        // print, as java prints only what a program prints. Nothing else is removed; the two run on
        // the same JDK, so even the JDK's frames' line numbers agree.
        assertThat(actual.out()).as("sandprof repl's transcript (stderr: %s)", actual.err()).isEqualTo(withoutPrompts(expected.out()));
        // The comparison is of something: jshell's transcript says what the script makes it say.
        assertThat(actual.out()).contains("$2 ==> 4\n").contains("$36 ==> 40\n")
                .contains("|  created method g(), however, it cannot be invoked until method h() is declared\n")
                .contains("|  attempted to call method g() which cannot be invoked until method h() is declared\n")
                .contains("|    update replaced variable box, reset to null\n")
                .contains("|  Exception java.lang.NumberFormatException: For input string: \"x\"\n|        at NumberFormatException.forInputString (")
                .contains("|  Caused by: java.lang.NumberFormatException: For input string: \"y\"\n")
                .contains("|  Error:\n|  cannot find symbol\n").contains("|  Warning:\n")
                .contains("   2 : \"text\".length()\n").contains("|    int $2 = 4\n").contains("|  dropped method m()\n")
                .contains("|  Resetting state.\n").contains("$2 ==> 42\n").endsWith("|  Goodbye\n");
        // Snippets failed: a script's status says so (jshell's is 0 whatever happened).
        assertThat(actual.status()).isEqualTo(1);
    }

    /** jshell's transcript without its banner and prompts. */
    static String withoutPrompts(String jshell) {
        int first = jshell.indexOf("jshell> ");
        assertThat(first).as("jshell's first prompt in: %s", jshell).isNotNegative();
        return ("\n" + jshell.substring(first)).replaceAll("\njshell> (?: \b)?", "");
    }

    private record Run(int status, String out, String err) {}

    private static Run run(List<String> command, String script, Path javaHome) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(Files.createTempDirectory("sandprof-transcript-").toFile());
        pb.environment().put("JAVA_HOME", javaHome.toString()); // bin/sandprof runs on it, and its sandbox too
        Process p = pb.start();
        CompletableFuture<String> out = StreamText.read(p.getInputStream());
        CompletableFuture<String> err = StreamText.read(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            in.write(script.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not end within 5 minutes of its input's end");
        }
        return new Run(p.exitValue(), out.get(1, TimeUnit.MINUTES), err.get(1, TimeUnit.MINUTES));
    }

}
