package dev.sandprof.host.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandprof.host.bench.BenchProfiler;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.options.CommandLineOptions;

class JmhProfilersTest {

    private static JmhProfilers of(String... args) throws Exception {
        return JmhProfilers.of(new CommandLineOptions(args).getProfilers(), Set.of("my.Profiler"));
    }

    @Test
    void jmhsInternalProfilersGoToTheForkAsGiven() throws Exception {
        JmhProfilers p = of("-prof", "gc:churn=true", "-prof", "stack", "-prof", "org.openjdk.jmh.profile.CompilerProfiler",
                "-prof", "my.Profiler:x=1");
        assertThat(p.jmh()).containsExactly("gc:churn=true", "stack", "org.openjdk.jmh.profile.CompilerProfiler", "my.Profiler:x=1");
        assertThat(p.engine()).isNull();
    }

    @Test
    void sandprofsEnginesByTheirNames() throws Exception {
        JmhProfilers p = of("-prof", "gc", "-prof", "jfr:event=alloc;dir=out");
        assertThat(p.jmh()).containsExactly("gc");
        assertThat(p.engine()).isEqualTo(new BenchProfiler(BenchProfiler.Kind.JFR, "alloc", Path.of("out")));
        assertThat(of("-prof", "agent").engine().dir()).isEqualTo(Path.of("prof"));
    }

    @Test
    void refusedByName() {
        assertThatThrownBy(() -> of("-prof", "perf")).hasMessageContaining("-prof perf: an external profiler of JMH's");
        assertThatThrownBy(() -> of("-prof", "org.openjdk.jmh.profile.LinuxPerfAsmProfiler"))
                .hasMessageContaining("an external profiler of JMH's");
        assertThatThrownBy(() -> of("-prof", "org.openjdk.jmh.profile.JavaFlightRecorderProfiler"))
                .hasMessageContaining("use sandprof's -prof jfr");
        assertThatThrownBy(() -> of("-prof", "async", "-prof", "jfr")).hasMessageContaining("one of sandprof's profiles at a time");
        assertThatThrownBy(() -> of("-prof", "gc", "-prof", "org.openjdk.jmh.profile.GCProfiler")).hasMessageContaining("twice");
        assertThatThrownBy(() -> of("-prof", "async:interval=5")).hasMessageContaining("-prof async: no option interval");
        assertThatThrownBy(() -> of("-prof", "stack:lines=x")).hasMessageStartingWith("-prof stack: ");
        assertThatThrownBy(() -> of("-prof", "hs_gc")).hasMessageContaining("-prof hs_gc: no such profiler");
    }

    @Test
    void listsWhatRunsAndWhatDoesNot() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JmhProfilers.list(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String listed = bytes.toString(StandardCharsets.UTF_8);
        String supported = listed.substring(0, listed.indexOf("Unsupported profilers:"));
        for (String name : List.of("agent", "async", "cl", "comp", "gc", "jfr", "mempool", "pauses", "stack")) {
            assertThat(supported).containsPattern("\n +" + name + ": ");
        }
        assertThat(supported).contains("gc: GC profiling via standard MBeans (JMH's)");
        assertThat(listed.substring(listed.indexOf("Unsupported profilers:"))).contains("perfasm: JMH's external profiler")
                .contains("safepoints: ");
    }
}
