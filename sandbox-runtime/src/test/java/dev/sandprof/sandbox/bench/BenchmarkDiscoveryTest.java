package dev.sandprof.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandprof.wire.BenchmarkInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Threads;

/**
 * {@link BenchmarkDiscovery} on small annotated classes compiled by the test: what the annotations
 * say (the method's over the class's), absent where they say nothing (JMH's blank values
 * included), and what sandprof does not support refused by name.
 */
class BenchmarkDiscoveryTest {

    private static final String IMPORTS = "import java.util.concurrent.TimeUnit;\nimport org.openjdk.jmh.annotations.*;\n"
            + "import org.openjdk.jmh.infra.Blackhole;\n";

    @TempDir
    Path dir;

    /** Compiles one top-level class {@code name} and describes it. */
    private List<BenchmarkInfo> describe(String name, String body) {
        return BenchmarkDiscovery.describe(List.of(compile(name, IMPORTS + body)));
    }

    private BenchmarkInfo only(String name, String body) {
        List<BenchmarkInfo> found = describe(name, body);
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private Class<?> compile(String name, String source) {
        try {
            Path src = Files.writeString(dir.resolve(name + ".java"), source);
            Path out = Files.createDirectories(dir.resolve("classes"));
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            String jmh = Path.of(Benchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            int status = javac.run(null, null, null, "-proc:none", "-cp", jmh, "-d", out.toString(), src.toString());
            assertThat(status).as("javac of " + name).isZero();
            URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader());
            return loader.loadClass(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aMethodWithoutAnnotationsHasEveryValueAbsent() {
        BenchmarkInfo b = only("Plain", "public class Plain {\n    @Benchmark public int run() { return 1; }\n}\n");
        assertThat(b.benchmarkClass()).isEqualTo("Plain");
        assertThat(b.method()).isEqualTo("run");
        assertThat(b.modes()).isEmpty();
        assertThat(b.timeUnit()).isEmpty();
        assertThat(b.warmupIterations()).isEmpty();
        assertThat(b.warmupTime()).isEmpty();
        assertThat(b.measurementIterations()).isEmpty();
        assertThat(b.measurementTime()).isEmpty();
        assertThat(b.forks()).isEmpty();
        assertThat(b.threads()).isEmpty();
        assertThat(b.operationsPerInvocation()).isEmpty();
        assertThat(b.jvmArgs()).isEmpty();
        assertThat(b.jvmArgsAppend()).isEmpty();
        assertThat(b.params()).isEmpty();
        assertThat(b.receiverType()).isEqualTo("Plain");
        assertThat(b.parameterTypes()).isEmpty();
        assertThat(b.returnType()).isEqualTo("int");
    }

    @Test
    void theMethodsAnnotationsOverrideTheClasss() {
        List<BenchmarkInfo> found = describe("Layered", "@BenchmarkMode(Mode.AverageTime) @OutputTimeUnit(TimeUnit.MICROSECONDS)\n"
                + "@Warmup(iterations = 2, time = 300, timeUnit = TimeUnit.MILLISECONDS) @Measurement(iterations = 7, time = 2)\n"
                + "@Fork(value = 3, jvmArgsPrepend = \"-Dfirst=1\", jvmArgs = {\"-Xmx1g\"}, jvmArgsAppend = \"-Dlast=1\")\n"
                + "@Threads(4) @State(Scope.Benchmark)\n"
                + "public class Layered {\n"
                + "    @Benchmark public void byClass() {}\n"
                + "    @Benchmark @BenchmarkMode({Mode.Throughput, Mode.SampleTime}) @OutputTimeUnit(TimeUnit.SECONDS)\n"
                + "    @Warmup(iterations = 1) @Fork(1) @Threads(Threads.MAX) @OperationsPerInvocation(10)\n"
                + "    public static long byMethod(Blackhole bh) { return 0; }\n"
                + "}\n");
        assertThat(found).extracting(BenchmarkInfo::method).containsExactly("byClass", "byMethod"); // by name
        BenchmarkInfo byClass = found.get(0);
        assertThat(byClass.modes()).containsExactly("avgt");
        assertThat(byClass.timeUnit()).contains(TimeUnit.MICROSECONDS);
        assertThat(byClass.warmupIterations()).hasValue(2);
        assertThat(byClass.warmupTime()).contains(Duration.ofMillis(300));
        assertThat(byClass.measurementIterations()).hasValue(7);
        assertThat(byClass.measurementTime()).contains(Duration.ofSeconds(2)); // @Measurement's unit defaults to seconds
        assertThat(byClass.forks()).hasValue(3);
        assertThat(byClass.jvmArgs()).containsExactly("-Dfirst=1", "-Xmx1g");
        assertThat(byClass.jvmArgsAppend()).containsExactly("-Dlast=1");
        assertThat(byClass.threads()).hasValue(4);
        assertThat(byClass.operationsPerInvocation()).isEmpty();
        BenchmarkInfo byMethod = found.get(1);
        assertThat(byMethod.modes()).containsExactly("thrpt", "sample");
        assertThat(byMethod.timeUnit()).contains(TimeUnit.SECONDS);
        // An annotation on the method replaces the class's whole: its blank elements say nothing.
        assertThat(byMethod.warmupIterations()).hasValue(1);
        assertThat(byMethod.warmupTime()).isEmpty();
        assertThat(byMethod.measurementIterations()).hasValue(7);
        assertThat(byMethod.forks()).hasValue(1);
        assertThat(byMethod.jvmArgs()).isEmpty();
        assertThat(byMethod.threads()).isEqualTo(OptionalInt.of(Threads.MAX));
        assertThat(byMethod.operationsPerInvocation()).hasValue(10);
        assertThat(byMethod.receiverType()).isNull();
        assertThat(byMethod.parameterTypes()).containsExactly("org.openjdk.jmh.infra.Blackhole");
        assertThat(byMethod.returnType()).isEqualTo("long");
    }

    @Test
    void blankAnnotationValuesSayNothing() {
        BenchmarkInfo b = only("Blank", "@Warmup(time = 1) @Measurement(iterations = 3) @Fork(jvmArgsAppend = \"-Da=1\")\n"
                + "public class Blank {\n    @Benchmark public void run() {}\n}\n");
        assertThat(b.warmupIterations()).isEmpty();
        assertThat(b.warmupTime()).contains(Duration.ofSeconds(1));
        assertThat(b.measurementIterations()).hasValue(3);
        assertThat(b.measurementTime()).isEmpty();
        assertThat(b.forks()).isEmpty();
        assertThat(b.jvmArgs()).isEmpty();
        assertThat(b.jvmArgsAppend()).containsExactly("-Da=1");
    }

    @Test
    void modeAllStandsForTheFourModesEachOnce() {
        BenchmarkInfo b = only("All", "public class All {\n"
                + "    @Benchmark @BenchmarkMode({Mode.AverageTime, Mode.All}) public void run() {}\n}\n");
        assertThat(b.modes()).containsExactly("avgt", "thrpt", "sample", "ss");
    }

    @Test
    void paramsOfEveryStateAreFoundWithTheirValues() {
        BenchmarkInfo b = only("Params", "@State(Scope.Thread)\npublic class Params {\n"
                + "    public enum Kind { ARRAY, LINKED }\n"
                + "    @Param({\"10\", \"1000\"}) public int size;\n"
                + "    @Param public Kind kind;\n"
                + "    @State(Scope.Benchmark) public static class Base { @Param public boolean sorted; }\n"
                + "    @State(Scope.Benchmark) public static class Data extends Base { @Param public String text; }\n"
                + "    @Benchmark public void run(Data data, Blackhole bh) {}\n}\n");
        assertThat(b.params()).containsExactly(Map.entry("size", List.of("10", "1000")), Map.entry("kind", List.of("ARRAY", "LINKED")),
                Map.entry("text", List.of()), Map.entry("sorted", List.of("false", "true")));
        assertThat(b.parameterTypes()).containsExactly("Params.Data", "org.openjdk.jmh.infra.Blackhole");
    }

    @Test
    void whatSandprofDoesNotSupportIsRefusedByName() {
        List<String[]> refused = new ArrayList<>();
        refused.add(new String[] {"G1", "public class G1 {\n    @Benchmark @Group(\"g\") public void run() {}\n}\n", "uses @Group"});
        refused.add(new String[] {"G2", "@State(Scope.Group) public class G2 {\n    @Benchmark public void run() {}\n}\n",
                "uses @State(Scope.Group)"});
        refused.add(new String[] {"A1", "@State(Scope.Thread) @AuxCounters public class A1 {\n    @Benchmark public void run() {}\n}\n",
                "uses @AuxCounters A1"});
        refused.add(new String[] {"B1", "@Measurement(batchSize = 5) public class B1 {\n    @Benchmark public void run() {}\n}\n",
                "batchSize above 1"});
        refused.add(new String[] {"W1", "@Fork(warmups = 1) public class W1 {\n    @Benchmark public void run() {}\n}\n",
                "@Fork(warmups = 1): warmup forks are not supported"});
        refused.add(new String[] {"J1", "@Fork(jvm = \"/usr/bin/java\") public class J1 {\n    @Benchmark public void run() {}\n}\n",
                "use sandprof bench --jvm instead"});
        refused.add(new String[] {"S1", "public class S1 {\n    @Benchmark public void run(String s) {}\n}\n",
                "takes a java.lang.String, which is not a @State class"});
        for (String[] r : refused) {
            assertThatThrownBy(() -> describe(r[0], r[1])).as(r[0]).isInstanceOf(dev.sandprof.sandbox.RequestRefused.class)
                    .hasMessageStartingWith(r[0] + ".run").hasMessageContaining(r[2]);
        }
    }
}
