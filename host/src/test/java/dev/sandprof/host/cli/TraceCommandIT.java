package dev.sandprof.host.cli;

import static dev.sandprof.host.cli.RunCommandIT.ROOT;
import static dev.sandprof.host.cli.RunCommandIT.sandprof;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandprof.host.KnownProgram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/sandprof trace}, run as a user runs it. */
class TraceCommandIT {

    @TempDir
    Path dir;

    @Test
    void listsEveryExceptionAndWritesTheSameAsJson() throws Exception {
        Files.writeString(dir.resolve("Known.java"), KnownProgram.SOURCE);
        Path json = dir.resolve("out.json");
        RunCommandIT.Result r = sandprof(dir, "trace", "--json", json.toString(), "Known.java");
        assertThat(r.status()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("Exception in thread \"main\" java.lang.IllegalStateException: deep")
                .contains("sandprof trace: 4 exceptions raised in instrumented code:")
                .contains("[1] java.lang.NumberFormatException: For input string: \"a\"\n"
                        + "      at Known.main(Known.java:3)\n"
                        + "    caught in Known.main(Known.java:3)\n")
                .contains("[4] java.lang.IllegalStateException: deep\n"
                        + "      at Known.d(Known.java:11)\n"
                        + "      at Known.c(Known.java:10)\n"
                        + "      at Known.b(Known.java:9)\n"
                        + "      at Known.a(Known.java:8)\n"
                        + "      at Known.main(Known.java:6)\n"
                        + "    escaped\n");

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.get("exitStatus").asInt()).isEqualTo(1);
        List<dev.sandprof.host.TracedException> parsed = new ArrayList<>();
        for (JsonNode e : root.get("exceptions")) {
            List<dev.sandprof.host.StackFrame> stack = new ArrayList<>();
            e.get("stack").forEach(f -> stack.add(frame(f)));
            for (JsonNode t : e.get("threads")) {
                parsed.add(new dev.sandprof.host.TracedException(t.get("thread").asText(), t.get("threadId").asLong(),
                        e.get("exception").asText(),
                        t.get("message").isNull() ? null : t.get("message").asText(), t.get("count").asLong(),
                        dev.sandprof.host.TracedException.Outcome.valueOf(e.get("outcome").asText().toUpperCase()),
                        stack, e.get("stoppedAt").isNull() ? null : frame(e.get("stoppedAt")), e.get("jvmTrace").asBoolean()));
            }
        }
        KnownProgram.assertTrace(parsed);
    }

    private static dev.sandprof.host.StackFrame frame(JsonNode f) {
        return new dev.sandprof.host.StackFrame(f.get("class").asText(), f.get("method").asText(),
                f.get("file").isNull() ? null : f.get("file").asText(), f.get("line").asInt());
    }

    /** A pool's threads each raising at the same place: one entry, the threads folded, each one's count in the JSON. */
    @Test
    void theSamePlaceInAPoolsThreadsIsOneEntry() throws Exception {
        Files.writeString(dir.resolve("Pool.java"), "import java.util.concurrent.*;\n"
                + "public class Pool {\n"
                + "    static final int THREADS = 4;\n"
                + "    public static void main(String[] args) throws Exception {\n"
                + "        ExecutorService pool = Executors.newFixedThreadPool(THREADS);\n"
                + "        CyclicBarrier allThere = new CyclicBarrier(THREADS);\n"
                + "        for (int i = 0; i < THREADS; i++) pool.submit(() -> work(allThere));\n"
                + "        pool.shutdown();\n"
                + "        if (!pool.awaitTermination(60, TimeUnit.SECONDS)) throw new IllegalStateException(\"pool stuck\");\n"
                + "        System.out.println(\"done\");\n"
                + "    }\n"
                + "    static int work(CyclicBarrier allThere) throws Exception {\n"
                + "        allThere.await(60, TimeUnit.SECONDS); // each task holds its thread until all have one\n"
                + "        int missing = 0;\n"
                + "        for (int i = 0; i < 3; i++) {\n"
                + "            try { Pool.class.getDeclaredField(\"indent\"); } catch (NoSuchFieldException e) { missing++; }\n"
                + "        }\n"
                + "        return missing;\n"
                + "    }\n"
                + "}\n");
        Path json = dir.resolve("out.json");
        RunCommandIT.Result r = sandprof(dir, "trace", "--json", json.toString(), "Pool.java");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("done\n");
        assertThat(r.err()).as(r.err())
                .contains("sandprof trace: 12 exceptions raised in instrumented code, at 1 place:")
                .containsPattern("\\[1] java.lang.NoSuchFieldException: indent   \\(12 times\\)   "
                        + "in 4 threads: pool-\\d+-thread-1\\.\\.4\n"
                        // The lambda's body is a frame, as in the JVM's stack trace: the pool's run is the JDK's.
                        + "      at Pool.work\\(Pool.java:16\\)\n"
                        + "      at Pool.lambda\\$main\\$0\\(Pool.java:7\\)\n"
                        + "    caught in Pool.work\\(Pool.java:16\\)\n");

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.get("exceptions")).hasSize(1);
        JsonNode place = root.get("exceptions").get(0);
        assertThat(place.get("count").asLong()).isEqualTo(12);
        List<String> threads = new ArrayList<>();
        Set<Long> ids = new HashSet<>();
        for (JsonNode t : place.get("threads")) {
            assertThat(t.get("count").asLong()).as(t.toString()).isEqualTo(3);
            assertThat(t.get("message").asText()).isEqualTo("indent");
            threads.add(t.get("thread").asText().replaceFirst("^pool-\\d+-", ""));
            ids.add(t.get("threadId").asLong());
        }
        assertThat(threads).containsExactly("thread-1", "thread-2", "thread-3", "thread-4");
        assertThat(ids).hasSize(4);
    }

    @Test
    void theReadmeExampleKeepsTheProgramsOutputAndStatus() throws Exception {
        RunCommandIT.Result r = sandprof(ROOT, "trace", "examples/Exceptions.java");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains("x -> -1").contains("50000 misses");
        assertThat(r.err()).contains("[1] java.lang.IllegalArgumentException: no entry for 1   (50000 times)\n")
                .contains("[3] java.lang.IllegalStateException: settings.conf is missing\n");
        // Every one of the 16 threads runs a task: each is started with one of the first 16.
        RunCommandIT.Result pool = sandprof(ROOT, "trace", "examples/ThreadPool.java");
        assertThat(pool.status()).as(pool.err()).isZero();
        assertThat(pool.out()).isEqualTo("40 files, 4160 columns\n");
        assertThat(pool.err()).contains("sandprof trace: 40 exceptions raised in instrumented code, at 1 place:\n")
                .containsPattern("\\[1] java.lang.NoSuchFieldException: indent   \\(40 times\\)   "
                        + "in 16 threads: pool-\\d+-thread-1\\.\\.16\n");
    }

    @Test
    void inProcessThereIsNoAgentAndTheMessageSaysWhatToDo() throws Exception {
        Files.writeString(dir.resolve("Known.java"), KnownProgram.SOURCE);
        RunCommandIT.Result r = sandprof(dir, "trace", "--in-process", "Known.java");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("drop --in-process");
    }

    @Test
    void tracesOnAJava25Sandbox() throws Exception {
        assumeTrue(Files.isExecutable(RunCommandIT.JAVA_25), "no JDK 25 at " + RunCommandIT.JAVA_25 + ": skipping the Java 25 sandbox test");
        Files.writeString(dir.resolve("Known.java"), KnownProgram.SOURCE);
        RunCommandIT.Result r = sandprof(dir, "trace", "--java", RunCommandIT.JAVA_25.toString(), "Known.java");
        assertThat(r.status()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("sandprof trace: 4 exceptions raised in instrumented code:")
                .contains("      at Known.d(Known.java:11)\n");
    }

    @Test
    void classesOfTheClassPathAreTracedWhenNamed() throws Exception {
        Files.createDirectories(dir.resolve("lib/util"));
        Files.writeString(dir.resolve("lib/util/Checks.java"), "package util;\npublic class Checks {\n"
                + "    public static int positive(int n) {\n"
                + "        if (n <= 0) throw new IllegalArgumentException(\"not positive: \" + n);\n"
                + "        return n;\n"
                + "    }\n"
                + "}\n");
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        assertThat(javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                dir.resolve("lib/util/Checks.java").toString())).isZero();
        Files.writeString(dir.resolve("App.java"), "public class App {\n"
                + "    public static void main(String[] args) {\n"
                + "        try { util.Checks.positive(-1); } catch (IllegalArgumentException e) { }\n"
                + "    }\n"
                + "}\n");
        // Without --instrument the class path's code is not instrumented: the raise is the caller's.
        RunCommandIT.Result plain = sandprof(dir, "trace", "-cp", "classes", "App.java");
        assertThat(plain.err()).contains("      at App.main(App.java:3)\n    caught in App.main(App.java:3)")
                .doesNotContain("Checks");
        RunCommandIT.Result named = sandprof(dir, "trace", "--instrument", "util.*", "-cp", "classes", "App.java");
        assertThat(named.err()).contains("      at util.Checks.positive(Checks.java:4)\n      at App.main(App.java:3)\n");
        RunCommandIT.Result byPath = sandprof(dir, "trace", "--instrument", "classes/", "-cp", "classes", "App.java");
        assertThat(byPath.err()).contains("      at util.Checks.positive(Checks.java:4)\n");
    }

    /**
     * A program shipped as a jar is traced without --instrument: its own classes are the program.
     * It prints, for each exception it catches, its own stack trace's frames of its own classes:
     * the trace has the same frames. A lambda's body, a static initialiser and a class the program
     * defines in a loader of its own are among them.
     */
    @Test
    void aJarProgramsOwnExceptionsAreTracedAsItsStackTracesShowThem() throws Exception {
        Path src = dir.resolve("src/app");
        Files.createDirectories(src);
        Files.writeString(src.resolve("Main.java"), "package app;\n"
                + "import java.util.*;\n"
                + "public class Main {\n"
                + "    public static void report(Throwable e) {\n"
                + "        StringBuilder b = new StringBuilder(e.getClass().getName() + \":\");\n"
                + "        for (StackTraceElement f : e.getStackTrace()) {\n"
                + "            if (f.getClassName().startsWith(\"app.\")) b.append(' ').append(f.getClassName()).append('.').append(f.getMethodName());\n"
                + "        }\n"
                + "        System.out.println(b);\n"
                + "    }\n"
                + "    static class Config {\n"
                + "        static final int PORT;\n"
                + "        static { int p; try { p = Integer.parseInt(\"eighty\"); } catch (NumberFormatException e) { report(e); p = 80; } PORT = p; }\n"
                + "    }\n"
                + "    public static void main(String[] args) throws Exception {\n"
                + "        List.of(\"1\", \"x\").forEach(s -> {\n"
                + "            try { Integer.parseInt(s); } catch (NumberFormatException e) { report(e); }\n"
                + "        });\n"
                + "        System.out.println(\"port \" + Config.PORT);\n"
                + "        byte[] bytes;\n"
                + "        try (java.io.InputStream in = Main.class.getResourceAsStream(\"/plugin.bin\")) { bytes = in.readAllBytes(); }\n"
                + "        ClassLoader own = new ClassLoader(Main.class.getClassLoader()) {\n"
                + "            @Override protected Class<?> findClass(String name) throws ClassNotFoundException {\n"
                + "                if (!name.equals(\"app.Plugin\")) throw new ClassNotFoundException(name);\n"
                + "                return defineClass(name, bytes, 0, bytes.length);\n"
                + "            }\n"
                + "        };\n"
                + "        ((Runnable) own.loadClass(\"app.Plugin\").getConstructor().newInstance()).run();\n"
                + "    }\n"
                + "}\n");
        Files.writeString(src.resolve("Plugin.java"), "package app;\n"
                + "public class Plugin implements Runnable {\n"
                + "    public void run() { try { check(); } catch (IllegalStateException e) { Main.report(e); } }\n"
                + "    void check() { throw new IllegalStateException(\"plugin\"); }\n"
                + "}\n");
        Path classes = dir.resolve("classes");
        assertThat(javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                src.resolve("Main.java").toString(), src.resolve("Plugin.java").toString())).isZero();
        // The plugin's class is a resource of the jar, not one of its classes: only the program's loader defines it.
        Path jar = dir.resolve("app.jar");
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, "app.Main");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                String name = classes.relativize(f).toString();
                out.putNextEntry(new java.util.jar.JarEntry(name.equals("app/Plugin.class") ? "plugin.bin" : name));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }

        Path json = dir.resolve("out.json");
        RunCommandIT.Result r = sandprof(dir, "trace", "--json", json.toString(), "-jar", "app.jar");
        assertThat(r.status()).as(r.err()).isZero();
        List<String> reported = r.out().lines().filter(l -> l.contains(":")).toList();
        assertThat(reported).containsExactly(
                "java.lang.NumberFormatException: app.Main.lambda$main$0 app.Main.main",
                "java.lang.NumberFormatException: app.Main$Config.<clinit> app.Main.main",
                "java.lang.IllegalStateException: app.Plugin.check app.Plugin.run app.Main.main");
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        List<String> traced = new ArrayList<>();
        for (JsonNode e : root.get("exceptions")) {
            StringBuilder b = new StringBuilder(e.get("exception").asText() + ":");
            e.get("stack").forEach(f -> b.append(' ').append(f.get("class").asText()).append('.').append(f.get("method").asText()));
            traced.add(b.toString());
            assertThat(e.get("outcome").asText()).isEqualTo("caught");
        }
        assertThat(traced).containsExactlyElementsOf(reported);

        // The same program as a class path and a main class.
        RunCommandIT.Result cp = sandprof(dir, "trace", "--class-path", "app.jar", "--main", "app.Main");
        assertThat(cp.err()).contains("sandprof trace: 3 exceptions raised in instrumented code")
                .contains("      at app.Plugin.check(Plugin.java:4)\n");
    }

    @Test
    void theHostLoadsNoAgentOrByteBuddyClasses() throws Exception {
        Files.writeString(dir.resolve("Known.java"), KnownProgram.SOURCE);
        // One class-loading log per JVM: the host's and its sandbox's (the variable reaches both).
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("bin/sandprof").toString(), "trace", "Known.java")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().put("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + dir.resolve("classes-%p.log"));
        Process p = pb.start();
        assertThat(p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        Path hostLog = dir.resolve("classes-" + p.pid() + ".log");
        String host = Files.readString(hostLog);
        assertThat(host).contains("dev.sandprof.host.cli.TraceCommand")
                .doesNotContain("dev.sandprof.agent").doesNotContain("bytebuddy");
        String sandbox;
        try (Stream<Path> logs = Files.list(dir)) {
            sandbox = logs.filter(f -> f.getFileName().toString().startsWith("classes-") && !f.equals(hostLog))
                    .map(f -> {
                        try {
                            return Files.readString(f);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    // The sandbox that ran the program: not a class-data archive's training JVM
                    // (SandboxMain --train), which a first start of a new build sets off beside it.
                    .filter(s -> s.contains("dev.sandprof.sandbox.SandboxMain") && s.contains("] Known source: "))
                    .findFirst().orElseThrow();
        }
        assertThat(sandbox).contains("dev.sandprof.agent.internal.bytebuddy");
    }
}
