package dev.sandprof.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandprof.host.ProfileOptions.Engine;
import dev.sandprof.host.profile.CallPathProfile;
import dev.sandprof.host.profile.StackProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Profiles of a real sandbox through the host API, with the real async-profiler and JFR. */
class ProfileIT {

    /**
     * One method per kind of cost; main runs the one named by its argument until its thread has had
     * 600 ms of CPU (sleep: 30 rounds of three spins and a sleep four times as long as they took on
     * the clock, at least 40 ms: on a busy machine the spins take longer, and the sleep's share of
     * the wall clock stays the same; three spins a round keep the CPU a sleep costs to enter and
     * leave a small share). Counted in CPU time, not on the clock: on a busy machine the program
     * gets as many samples as on an idle one, only later.
     */
    static final String WORK = "public class Work {\n"
            + "    static volatile Object sink;\n"
            + "    public static void main(String[] args) throws Exception {\n"
            + "        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();\n"
            + "        long end = cpu.getCurrentThreadCpuTime() + 600_000_000L;\n"
            + "        for (int round = 0; args[0].equals(\"sleep\") ? round < 30 : cpu.getCurrentThreadCpuTime() < end; round++) {\n"
            + "            switch (args[0]) {\n"
            + "                case \"spin\": spin(); break;\n"
            + "                case \"allocate\": allocate(); spin(); break;\n"
            + "                case \"sleep\": {\n"
            + "                    // Asleep four times as long as the spins took, however slow a busy machine makes them.\n"
            + "                    long t0 = System.nanoTime();\n"
            + "                    spin(); spin(); spin();\n"
            + "                    sleep(Math.max(40, 4 * (System.nanoTime() - t0) / 1_000_000));\n"
            + "                    break;\n"
            + "                }\n"
            + "                default: throw new IllegalArgumentException(args[0]);\n"
            + "            }\n"
            + "        }\n"
            + "    }\n"
            + "    static double spin() { double s = 0; for (int i = 1; i < 200_000; i++) s += Math.sqrt(i) / i; return s; }\n"
            + "    static void allocate() { for (int i = 0; i < 2_000; i++) sink = new long[256]; }\n"
            + "    static void sleep(long millis) throws InterruptedException { Thread.sleep(millis); }\n"
            + "}\n";

    private static Interpreter sandbox;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        sandbox = Interpreter.external(SandboxOptions.builder().spare(false).build());
        sandbox.define(Programs.compile(dir, "Work", WORK).classes());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static ProfileResult profile(ProfileOptions options, String work) {
        String main = options.engine() == Engine.AGENT ? "Tree" : "Work";
        ProfileResult r = sandbox.profile(options, i -> i.runMain(main, List.of(work)));
        assertThat(r.failure()).isEmpty();
        return r;
    }

    /** The share of the profile's weight in stacks where {@code method} is on top (self) or anywhere (total). */
    private static double share(StackProfile p, String method, boolean self) {
        return p.methods().stream().filter(m -> m.method().equals(method))
                .mapToDouble(m -> (double) (self ? m.self() : m.total()) / p.total()).findFirst().orElse(0);
    }

    @Test
    void asyncCpuSamplesLandInTheHotMethod() {
        ProfileResult r = profile(ProfileOptions.of(Engine.ASYNC, "cpu").interval(Duration.ofMillis(1)), "spin");
        assertThat(r.event()).isIn("cpu", "itimer");
        assertThat(r.stacks().total()).isGreaterThan(100);
        assertThat(share(r.stacks(), "Work.spin", true)).isGreaterThanOrEqualTo(0.8);
        // Trimmed: every stack starts at the program's main (nothing of the JVM's or sandprof's above
        // it) and holds none of sandprof's frames. The JVM's own frames may appear below the program's
        // native calls (JavaThread::check_special_condition_for_native_trans under the CPU-time query,
        // on a busy machine): they are the program's cost.
        assertThat(r.stacks().stacks().keySet()).allSatisfy(stack -> {
            assertThat(stack).startsWith("Work.main");
            assertThat(stack).doesNotContain("dev.sandprof");
        });
    }

    @Test
    void jfrCpuSamplesLandInTheHotMethodAndTheRecordingIsKept() throws Exception {
        Path jfr = dir.resolve("cpu.jfr");
        ProfileResult r = profile(ProfileOptions.of(Engine.JFR, "cpu").interval(Duration.ofMillis(1)).jfrFile(jfr), "spin");
        assertThat(r.stacks().total()).isGreaterThan(50);
        assertThat(share(r.stacks(), "Work.spin", true)).isGreaterThanOrEqualTo(0.8);
        assertThat(r.jfrFile()).contains(jfr.toAbsolutePath().normalize());
        assertThat(Files.size(jfr)).isPositive();
    }

    @Test
    void anAllocationHeavyMethodDominatesTheAllocationProfile() {
        for (Engine engine : List.of(Engine.ASYNC, Engine.JFR)) {
            ProfileResult r = profile(ProfileOptions.of(engine, "alloc"), "allocate");
            assertThat(share(r.stacks(), "Work.allocate", false)).as(engine + " alloc").isGreaterThanOrEqualTo(0.8);
        }
    }

    @Test
    void aSleepingMethodDominatesWallClockAndNotCpu() {
        ProfileResult wall = profile(ProfileOptions.of(Engine.ASYNC, "wall").interval(Duration.ofMillis(1)), "sleep");
        assertThat(share(wall.stacks(), "Work.sleep", false)).isGreaterThanOrEqualTo(0.6);
        ProfileResult cpu = profile(ProfileOptions.of(Engine.ASYNC, "cpu").interval(Duration.ofMillis(1)), "sleep");
        assertThat(share(cpu.stacks(), "Work.sleep", false)).isLessThan(0.2);
        assertThat(share(cpu.stacks(), "Work.spin", false)).isGreaterThanOrEqualTo(0.6);
    }

    @Test
    void theAgentCountsEntriesExactlyAndACallersTimeCoversItsCallees() {
        sandbox.instrument();
        sandbox.define(Programs.compile(dir, "Tree", "public class Tree {\n"
                + "    public static void main(String[] args) { System.out.println(fib(20) + spin()); }\n"
                + "    static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }\n"
                + "    static double spin() {\n"
                + "        double s = 0;\n"
                + "        for (int i = 0; i < 3_000; i++) s += leaf(i);\n"
                + "        return s;\n"
                + "    }\n"
                + "    static double leaf(int i) { double s = 0; for (int k = 1; k < 20_000; k++) s += Math.sqrt(k + i); return s; }\n"
                + "}\n").classes());
        ProfileResult r = profile(ProfileOptions.of(Engine.AGENT, "cpu").interval(Duration.ofMillis(1)), "ignored");
        CallPathProfile p = r.callPaths().orElseThrow();
        assertThat(p.entriesOf("Tree.fib")).isEqualTo(21_891);
        assertThat(p.entriesOf("Tree.leaf")).isEqualTo(3_000);
        assertThat(p.entriesOf("Tree.main")).isEqualTo(1);
        assertThat(p.root().inheritedTicks()).isPositive();
        checkInherited(p.root());
        assertThat(share(r.stacks(), "Tree.leaf", true)).isGreaterThanOrEqualTo(0.5);
    }

    /** A call path's inherited time is its own plus its callees' (so at least the sum of its callees'). */
    private static void checkInherited(CallPathProfile.Node n) {
        long callees = n.children().stream().mapToLong(CallPathProfile.Node::inheritedTicks).sum();
        assertThat(n.inheritedTicks()).isGreaterThanOrEqualTo(callees).isEqualTo(n.individualTicks() + callees);
        n.children().forEach(ProfileIT::checkInherited);
    }

    @Test
    void whatCannotBeProfiledIsRefusedByName() {
        assertThatThrownBy(() -> sandbox.profile(ProfileOptions.of(Engine.JFR, "wall"), i -> { }))
                .isInstanceOf(RequestRefusedException.class).hasMessageContaining("--engine async");
        assertThatThrownBy(() -> sandbox.profile(ProfileOptions.of(Engine.ASYNC, "cycles"), i -> { }))
                .isInstanceOf(RequestRefusedException.class).hasMessageContaining("no event cycles");
        assertThatThrownBy(() -> sandbox.profile(ProfileOptions.of(Engine.AGENT, "alloc"), i -> { }))
                .isInstanceOf(RequestRefusedException.class).hasMessageContaining("--engine async");
        try (Interpreter inProcess = Interpreter.inProcess(SandboxOptions.defaults())) {
            assertThatThrownBy(() -> inProcess.profile(ProfileOptions.of(Engine.AGENT, "cpu"), i -> { }))
                    .isInstanceOf(RequestRefusedException.class).hasMessageContaining("external sandbox");
        }
        // A refused start leaves nothing running: the next profile starts.
        assertThat(profile(ProfileOptions.of(Engine.ASYNC, "cpu"), "spin").stacks().total()).isPositive();
    }

    @Test
    void aProgramThatExitsStillGetsItsProfile() {
        try (Interpreter own = Interpreter.external(SandboxOptions.builder().spare(false).build())) {
            own.define(Programs.compile(dir, "Quits", "public class Quits {\n"
                    + "    public static void main(String[] args) throws Exception { Work.main(new String[] {\"spin\"}); System.exit(4); }\n"
                    + "}\n", "Work", WORK).classes());
            ProfileResult r = own.profile(ProfileOptions.of(Engine.ASYNC, "cpu"), i -> i.runMain("Quits", List.of()));
            assertThat(r.failure()).get().isInstanceOfSatisfying(SandboxDiedException.class, e -> assertThat(e.exitStatus()).isEqualTo(4));
            assertThat(share(r.stacks(), "Work.spin", true)).isGreaterThanOrEqualTo(0.8);
        }
    }
}
