package dev.sandprof.host.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandprof.host.StreamText;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Programs no one here wrote, from Maven Central (the host module's build copies them to
 * {@code target/real-programs}, versions pinned in the parent pom), run by their own {@code main}
 * with their own arguments under {@code sandprof run}, {@code trace} and {@code profile}: their
 * stdout, stderr and exit status must be {@code java}'s, byte for byte, run in the same test.
 * google-java-format formats files in a thread pool and catches a reflective lookup's exception
 * for every comment; Rhino's shell runs scripts from files (and stdin), its JavaScript exceptions
 * being Java exceptions thrown and caught inside it; H2's RunScript runs a SQL file on java.sql.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // up to three JVMs a test (java, sandprof, its sandbox) on a busy machine
class RealProgramsIT {

    static final Path ROOT = RunCommandIT.ROOT;
    static final Path PROGRAMS = Path.of(System.getProperty("sandprof.real.programs")).toAbsolutePath();
    static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    static final Program GJF = new Program(PROGRAMS.resolve("google-java-format.jar"),
            "com.google.googlejavaformat.java.Main",
            Stream.of("api", "code", "file", "parser", "tree", "util")
                    .map(p -> "--add-exports=jdk.compiler/com.sun.tools.javac." + p + "=ALL-UNNAMED").collect(Collectors.toList()));
    static final Program RHINO = new Program(PROGRAMS.resolve("rhino.jar"), "org.mozilla.javascript.tools.shell.Main", List.of());
    static final Program H2 = new Program(PROGRAMS.resolve("h2.jar"), "org.h2.tools.RunScript", List.of());

    /** A program from a jar: its main class and the JVM flags it needs under {@code java} too. */
    record Program(Path jar, String mainClass, List<String> jvmFlags) {}

    record Result(int status, String out, String err) {}

    @TempDir
    Path dir;

    // ---- google-java-format: files, a thread pool, caught exceptions ----

    /** Some of sandprof's own sources: real Java, a few thousand lines, many comments. */
    private List<String> javaSources() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("host/src/main/java/dev/sandprof/host/cli"))) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().limit(6)
                    .map(Path::toString).collect(Collectors.toList());
        }
    }

    @Test
    void googleJavaFormatFormatsSeveralFilesAsJavaDoes() throws Exception {
        List<String> args = javaSources();
        Result java = java(GJF, args, null);
        assertThat(java.status()).as(java.err()).isZero();
        assertThat(java.out()).contains("package dev.sandprof.host.cli;\n\nimport ");
        assertSame(sandprof("run", List.of(), GJF, args, null), java);

        // --dry-run lists the files that would change; --set-exit-if-changed makes that status 1.
        List<String> dryRun = new ArrayList<>(List.of("--dry-run", "--set-exit-if-changed"));
        dryRun.addAll(args);
        Result listed = java(GJF, dryRun, null);
        assertThat(listed.status()).isEqualTo(1);
        assertThat(listed.out()).contains(args.get(0));
        assertSame(sandprof("run", List.of(), GJF, dryRun, null), listed);
    }

    @Test
    void googleJavaFormatReportsASyntaxErrorAsJavaDoes() throws Exception {
        Files.writeString(dir.resolve("Broken.java"), "class Broken {\n  void f() { int x = ; }\n}\n");
        Files.writeString(dir.resolve("Fine.java"), "class   Fine { int y ; }\n");
        List<String> args = List.of("Fine.java", "Broken.java");
        Result java = java(GJF, args, null);
        assertThat(java.status()).isEqualTo(1);
        assertThat(java.err()).startsWith("Broken.java:2:22: error: illegal start of expression\n");
        assertSame(sandprof("run", List.of(), GJF, args, null), java);
    }

    @Test
    void googleJavaFormatsCaughtExceptionsAreTracedOnItsPoolThreadsAtItsOwnFrames() throws Exception {
        List<String> args = javaSources();
        Result java = java(GJF, args, null);
        Path json = dir.resolve("trace.json");
        // Without --instrument: a program run from its class path has all of it instrumented.
        Result traced = sandprof("trace", List.of("--json", json.toString()), GJF, args, null);
        assertSame(programPart(traced, "\nsandprof trace: "), java);
        assertThat(traced.err()).contains("java.lang.NoSuchFieldException");

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.get("exitStatus").asInt()).isZero();
        // Every comment costs a reflective lookup of a field javac 17 does not have, caught at once.
        List<JsonNode> lookups = exceptions(root).filter(e -> e.get("exception").asText().equals("java.lang.NoSuchFieldException"))
                .collect(Collectors.toList());
        assertThat(lookups).isNotEmpty();
        for (JsonNode e : lookups) {
            assertThat(e.get("outcome").asText()).isEqualTo("caught");
            assertThat(e.get("threads")).isNotEmpty();
            e.get("threads").forEach(t -> assertThat(t.get("thread").asText()).startsWith("pool-"));
            assertThat(e.get("stoppedAt").get("method").asText()).isEqualTo("getRawCharactersReflectively");
            assertThat(e.get("stack").get(0).get("class").asText())
                    .isEqualTo("com.google.googlejavaformat.java.JavacTokens$CommentSavingTokenizer");
            assertThat(methods(e)).contains("com.google.googlejavaformat.java.FormatFileCallable.call");
        }
        assertThat(lookups.stream().mapToLong(e -> e.get("count").asLong()).sum()).isGreaterThan(10);
    }

    @Test
    void googleJavaFormatsProfileIsItsOwnCode() throws Exception {
        List<String> args = javaSources();
        Result java = java(GJF, args, null);
        Path out = dir.resolve("prof");
        Result profiled = sandprof("profile", List.of("--out", out.toString(), "--interval", "1ms"), GJF, args, null);
        assertSame(programPart(profiled, "\nsandprof profile: "), java);
        // The formatting itself, not only the entry point: most of the rest is javac's parser it drives.
        assertThat(hottest(out, 10, false)).anyMatch(m -> m.startsWith("com.google.googlejavaformat.java.Formatter."));
    }

    @Test
    void googleJavaFormatFormatsStandardInputAsJavaDoes() throws Exception {
        byte[] in = "class   Y { int x=1 ; /* c */ }\n".getBytes(StandardCharsets.UTF_8);
        List<String> args = List.of("-");
        Result java = java(GJF, args, in);
        assertThat(java.out()).isEqualTo("class Y {\n  int x = 1; /* c */\n}\n");
        assertSame(sandprof("run", List.of(), GJF, args, in), java);
    }

    // ---- Rhino: scripts from files and stdin, JavaScript exceptions as Java exceptions ----

    private static final String LIB_JS = "function parse(s) {\n"
            + "  var n = Number(s);\n"
            + "  if (isNaN(n)) throw new Error('not a number: ' + s);\n"
            + "  return n;\n"
            + "}\n";

    private static final String MAIN_JS = "load(arguments[0]);\n"
            + "var total = 0, bad = [];\n"
            + "['1', '2', 'x', '40', 'y'].forEach(function (s) {\n"
            + "  try { total += parse(s); } catch (e) { bad.push(e.message); }\n"
            + "});\n"
            + "print('total ' + total + ', rejected: ' + bad.join('; '));\n"
            + "try { null.f(); } catch (e) { print('caught ' + e.name + ': ' + e.message); }\n"
            + "try { java.lang.Integer.parseInt('zz'); } catch (e) { print('java: ' + e.javaException); }\n"
            + "print('args: ' + Array.prototype.slice.call(arguments).join(' | '));\n";

    private List<String> rhinoScripts() throws IOException {
        Files.writeString(dir.resolve("lib.js"), LIB_JS);
        Files.writeString(dir.resolve("main.js"), MAIN_JS);
        return List.of("main.js", "lib.js", "two words", "-x");
    }

    @Test
    void rhinoRunsScriptsFromFilesAsJavaDoes() throws Exception {
        List<String> args = rhinoScripts();
        Result java = java(RHINO, args, null);
        assertThat(java.out()).isEqualTo("total 43, rejected: not a number: x; not a number: y\n"
                + "caught TypeError: Cannot call method \"f\" of null\n"
                + "java: java.lang.NumberFormatException: For input string: \"zz\"\n"
                + "args: lib.js | two words | -x\n");
        assertSame(sandprof("run", List.of(), RHINO, args, null), java);

        // An uncaught JavaScript error: Rhino's message on stderr, status 3; quit(N) is System.exit(N).
        Files.writeString(dir.resolve("bad.js"), "function f() { throw new TypeError('bad ' + 1); }\nprint('before');\nf();\n");
        Result uncaught = java(RHINO, List.of("bad.js"), null);
        assertThat(uncaught.status()).isEqualTo(3);
        assertThat(uncaught.err()).contains("TypeError: bad 1");
        assertSame(sandprof("run", List.of(), RHINO, List.of("bad.js"), null), uncaught);

        Result quit = java(RHINO, List.of("-e", "print('bye'); quit(7)"), null);
        assertThat(quit.status()).isEqualTo(7);
        assertSame(sandprof("run", List.of(), RHINO, List.of("-e", "print('bye'); quit(7)"), null), quit);
    }

    @Test
    void rhinosExceptionsAreTracedAtItsOwnFrames() throws Exception {
        List<String> args = rhinoScripts();
        Result java = java(RHINO, args, null);
        Path json = dir.resolve("trace.json");
        Result traced = sandprof("trace", List.of("--json", json.toString()), RHINO, args, null);
        assertSame(programPart(traced, "\nsandprof trace: "), java);

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        List<JsonNode> all = exceptions(root).collect(Collectors.toList());
        // JavaScript's throw, a TypeError of the runtime, a Java exception wrapped for JavaScript.
        assertThat(all).anySatisfy(e -> {
            assertThat(e.get("exception").asText()).isEqualTo("org.mozilla.javascript.JavaScriptException");
            assertThat(e.get("message").asText()).startsWith("Error: not a number: ");
            assertThat(e.get("count").asLong()).isEqualTo(2);
            // Raised in the script's parse, a class Rhino compiled and defined in a loader of its own,
            // called from the forEach callback, another: the JVM's trace has the same frames.
            assertThat(methods(e)).startsWith("org.mozilla.javascript.gen.lib_js_2._c_parse_1", "org.mozilla.javascript.gen.lib_js_2.call")
                    .contains("org.mozilla.javascript.gen.main_js_1._c_anonymous_1", "org.mozilla.javascript.tools.shell.Main.main");
        });
        assertThat(all).anySatisfy(e -> {
            assertThat(e.get("exception").asText()).isEqualTo("org.mozilla.javascript.EcmaError");
            assertThat(e.get("message").asText()).isEqualTo("TypeError: Cannot call method \"f\" of null");
            assertThat(e.get("stack").get(0).get("class").asText()).isEqualTo("org.mozilla.javascript.ScriptRuntime");
        });
        assertThat(all).anySatisfy(e -> {
            assertThat(e.get("exception").asText()).isEqualTo("org.mozilla.javascript.WrappedException");
            assertThat(e.get("message").asText()).contains("java.lang.NumberFormatException: For input string: \"zz\"");
        });
        // Rhino looks for an optional class of its own and catches the miss in its own frame.
        assertThat(all).anySatisfy(e -> {
            assertThat(e.get("exception").asText()).isEqualTo("java.lang.ClassNotFoundException");
            assertThat(e.get("message").asText()).isEqualTo("org.mozilla.javascript.VMBridge_custom");
            assertThat(e.get("outcome").asText()).isEqualTo("caught");
            assertThat(e.get("stoppedAt").get("class").asText()).isEqualTo("org.mozilla.javascript.Kit");
        });
        // Its context class loader finds its own classes, as under java (it found none once).
        assertThat(all).noneSatisfy(e -> assertThat(e.get("message").asText()).isEqualTo("org.mozilla.javascript.ContextFactory"));
    }

    @Test
    void rhinosProfileIsItsInterpreter() throws Exception {
        Files.writeString(dir.resolve("fib.js"), "function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }\n"
                + "print(fib(Number(arguments[0])));\n");
        // -opt -1: Rhino interprets (compiled scripts are classes Rhino defines itself at run time).
        List<String> args = List.of("-opt", "-1", "fib.js", "24");
        Result java = java(RHINO, args, null);
        assertThat(java.out()).isEqualTo("46368\n");
        Path out = dir.resolve("prof");
        Result profiled = sandprof("profile", List.of("--out", out.toString(), "--interval", "1ms"), RHINO, args, null);
        assertSame(programPart(profiled, "\nsandprof profile: "), java);
        assertThat(hottest(out, 3, true)).contains("org.mozilla.javascript.Interpreter.interpretLoop");
    }

    @Test
    void rhinoRunsAScriptFromStandardInputAsJavaDoes() throws Exception {
        byte[] in = "var xs = [3, 1, 2].sort();\ntry { undefined.x; } catch (e) { print('caught ' + e.name); }\nprint(xs.join(','));\n"
                .getBytes(StandardCharsets.UTF_8);
        Result java = java(RHINO, List.of(), in);
        assertThat(java.out()).isEqualTo("caught TypeError\n1,2,3\n");
        assertSame(sandprof("run", List.of(), RHINO, List.of(), in), java);
    }

    // ---- H2's RunScript: a SQL file, on java.sql ----

    private List<String> sqlScript() throws IOException {
        Files.writeString(dir.resolve("q.sql"), "create table t(i int primary key, s varchar);\n"
                + "insert into t select x, 'row ' || x from system_range(1, 2000);\n"
                + "select sum(i), count(*) from t;\n"
                + "select s, i * i from t where mod(i, 500) = 0 order by i desc;\n"
                + "select count(*) from system_range(1, 300000) a where mod(a.x, 7) = 3;\n");
        return List.of("-url", "jdbc:h2:mem:real", "-script", "q.sql", "-showResults");
    }

    @Test
    void h2RunsASqlScriptAsJavaDoes() throws Exception {
        List<String> args = sqlScript();
        Result java = java(H2, args, null);
        assertThat(java.status()).as(java.err()).isZero();
        assertThat(java.out()).contains("--> 2001000 2000\n").contains("--> row 2000 4000000\n");
        assertSame(sandprof("run", List.of(), H2, args, null), java);
    }

    /**
     * With {@code -continueOnError} RunScript prints the stack trace of each failed statement
     * itself, down to its main: as under {@code java}, no loader name before the program's frames
     * and nothing of sandprof's below main.
     */
    @Test
    void h2PrintsTheStackTraceOfAFailedStatementAsJavaDoes() throws Exception {
        Files.writeString(dir.resolve("bad.sql"), "select * from nosuch;\n");
        List<String> args = List.of("-url", "jdbc:h2:mem:bad", "-script", "bad.sql", "-continueOnError", "-showResults");
        Result java = java(H2, args, null);
        assertThat(java.out()).contains("Table \"NOSUCH\" not found").endsWith("\tat org.h2.tools.RunScript.main(RunScript.java:66)\n");
        assertSame(sandprof("run", List.of(), H2, args, null), java);
    }

    @Test
    void h2sProfileIsItsOwnCode() throws Exception {
        List<String> args = sqlScript();
        Result java = java(H2, args, null);
        Path out = dir.resolve("prof");
        Result profiled = sandprof("profile", List.of("--out", out.toString(), "--interval", "1ms"), H2, args, null);
        assertSame(programPart(profiled, "\nsandprof profile: "), java);
        assertThat(hottest(out, 10, false)).anyMatch(m -> m.startsWith("org.h2.") && !m.startsWith("org.h2.tools."));
    }

    @Test
    void h2sExceptionsAreTracedAtItsOwnFrames() throws Exception {
        Files.writeString(dir.resolve("e.sql"), "create table t(i int primary key);\n"
                + "insert into t values (1);\n"
                + "select i from t;\n");
        List<String> args = List.of("-url", "jdbc:h2:mem:traced", "-script", "e.sql", "-showResults");
        Result java = java(H2, args, null);
        Path json = dir.resolve("trace.json");
        // All of H2, without --instrument: nothing on stderr but the trace (the agent once failed on
        // org.h2.value.ValueGeometry, whose optional JTS is not on the class path, and said so).
        Result traced = sandprof("trace", List.of("--json", json.toString()), H2, args, null);
        assertSame(programPart(traced, "\nsandprof trace: "), java);
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.get("exitStatus").asInt()).isZero();
        // H2 looks for ICU4J's collator, optional, and catches the miss in its own static initialiser.
        assertThat(exceptions(root).collect(Collectors.toList())).anySatisfy(e -> {
            assertThat(e.get("exception").asText()).isEqualTo("java.lang.ClassNotFoundException");
            assertThat(e.get("message").asText()).isEqualTo("com.ibm.icu.text.Collator");
            assertThat(e.get("outcome").asText()).isEqualTo("caught");
            assertThat(e.get("stoppedAt").get("class").asText()).isEqualTo("org.h2.value.CompareMode");
            assertThat(e.get("stoppedAt").get("method").asText()).isEqualTo("<clinit>");
            // The initialiser is a frame, and the constructors that triggered it are still running.
            assertThat(methods(e)).startsWith("org.h2.value.CompareMode.<clinit>")
                    .contains("org.h2.jdbc.JdbcConnection.<init>", "org.h2.tools.RunScript.main");
        });
    }

    /**
     * With {@code -continueOnError} RunScript prints each failed statement's stack trace itself:
     * where H2 made the exception ({@code DbException.get}, called by the method that throws it).
     * The trace's stack of that exception is the stack at its throw: the printed frames below the
     * ones that made it, every one of them.
     */
    @Test
    void h2sTracedStackIsTheOneItPrintsBelowWhereItMadeTheException() throws Exception {
        Files.writeString(dir.resolve("bad.sql"), "select * from nosuch;\n");
        List<String> args = List.of("-url", "jdbc:h2:mem:bad", "-script", "bad.sql", "-continueOnError", "-showResults");
        Result java = java(H2, args, null);
        List<String> printed = java.out().lines().filter(l -> l.startsWith("\tat org.h2."))
                .map(l -> l.substring("\tat ".length(), l.indexOf('('))).collect(Collectors.toList());
        assertThat(printed).startsWith("org.h2.message.DbException.getJdbcSQLException").endsWith("org.h2.tools.RunScript.main");
        Path json = dir.resolve("trace.json");
        Result traced = sandprof("trace", List.of("--json", json.toString()), H2, args, null);
        assertThat(traced.status()).isEqualTo(java.status());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        JsonNode made = exceptions(root).filter(e -> e.get("exception").asText().equals("org.h2.message.DbException"))
                .findFirst().orElseThrow();
        List<String> atThrow = methods(made);
        assertThat(atThrow.get(0)).isEqualTo("org.h2.command.Parser.readTableOrView");
        assertThat(printed.subList(printed.indexOf(atThrow.get(0)), printed.size())).isEqualTo(atThrow);
    }

    // ---- the comparison ----

    /** The program under {@code java}, as its users run it. */
    private Result java(Program p, List<String> args, byte[] stdin) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(JAVA.toString()));
        cmd.addAll(p.jvmFlags());
        cmd.addAll(List.of("-cp", p.jar().toString(), p.mainClass()));
        cmd.addAll(args);
        return exec(cmd, stdin);
    }

    /** The program under {@code bin/sandprof COMMAND}: its JVM flags as --jvm-arg, its arguments after --. */
    private Result sandprof(String command, List<String> options, Program p, List<String> args, byte[] stdin) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("bin/sandprof").toString(), command));
        cmd.addAll(options);
        p.jvmFlags().forEach(f -> cmd.add("--jvm-arg=" + f));
        cmd.addAll(List.of("--class-path", p.jar().toString(), "--main", p.mainClass(), "--"));
        cmd.addAll(args);
        return exec(cmd, stdin);
    }

    private Result exec(List<String> cmd, byte[] stdin) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
        CompletableFuture<String> out = StreamText.read(p.getInputStream());
        CompletableFuture<String> err = StreamText.read(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        boolean ended = p.waitFor(4, TimeUnit.MINUTES);
        if (!ended) {
            p.destroyForcibly();
        }
        assertThat(ended).as("%s ended", cmd).isTrue();
        return new Result(p.exitValue(), out.get(1, TimeUnit.MINUTES), err.get(1, TimeUnit.MINUTES));
    }


    private static void assertSame(Result sandprof, Result java) {
        assertThat(sandprof.err()).as("standard error").isEqualTo(java.err());
        assertThat(sandprof.out()).as("standard output").isEqualTo(java.out());
        assertThat(sandprof.status()).as("exit status").isEqualTo(java.status());
    }

    /** The program's own output of a trace or profile: its stderr ends with sandprof's report, which starts with {@code report}. */
    private static Result programPart(Result r, String report) {
        int at = r.err().lastIndexOf(report);
        assertThat(at).as("sandprof's report in:%n%s", r.err()).isNotNegative();
        return new Result(r.status(), r.out(), r.err().substring(0, at));
    }

    private static Stream<JsonNode> exceptions(JsonNode root) {
        return StreamSupport.stream(root.get("exceptions").spliterator(), false);
    }

    private static List<String> methods(JsonNode exception) {
        return StreamSupport.stream(exception.get("stack").spliterator(), false)
                .map(f -> f.get("class").asText() + "." + f.get("method").asText()).collect(Collectors.toList());
    }

    /**
     * The {@code n} methods with the most samples, from the profile's collapsed stacks
     * ({@code a;b;c COUNT}): samples on their stacks (total), or at the top of them (self).
     */
    private static List<String> hottest(Path out, int n, boolean self) throws IOException {
        java.util.Map<String, Long> total = new java.util.HashMap<>();
        for (String line : Files.readAllLines(out.resolve("profile.collapsed"))) {
            int space = line.lastIndexOf(' ');
            long count = Long.parseLong(line.substring(space + 1));
            String[] frames = line.substring(0, space).split(";");
            Stream<String> counted = self ? Stream.of(frames[frames.length - 1]) : Stream.of(frames).distinct();
            counted.forEach(m -> total.merge(m, count, Long::sum));
        }
        return total.entrySet().stream().sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(n).map(java.util.Map.Entry::getKey).collect(Collectors.toList());
    }
}
