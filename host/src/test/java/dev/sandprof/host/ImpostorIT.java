package dev.sandprof.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandprof.host.Impostor.Mode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Processes of the user race each sandbox's JVM to its channel, launch after launch, the way the
 * issue found the channel open: they read the socket's path from the sandbox's command line and
 * connect before it does. Every impostor is refused and reported, every sandbox still starts
 * within its start timeout and answers correctly.
 */
class ImpostorIT {

    /** Launches raced by an impostor thread of the host's own JVM, cycling through the modes. */
    static final int THREAD_RACES = 24;
    /** Launches raced by an impostor that is a process of its own. */
    static final int PROCESS_RACES = 12;

    static final String PREFIX = "sandprof: refused a connection to the channel of sandbox ";

    @TempDir
    static Path dir;
    static CompiledProgram program;

    @BeforeAll
    static void compile() {
        program = Programs.compile(dir, "Echo", Programs.mainOf("Echo", "System.out.println(String.join(\" \", args));"));
    }

    /** The channels of the sandboxes alive now: an impostor races only those started later. */
    private static Set<String> channelsNow() {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ProcessHandle.current().descendants().forEach(p -> p.info().arguments().ifPresent(a -> {
            int i = Arrays.asList(a).indexOf("--connect");
            if (i >= 0 && i + 1 < a.length) {
                seen.add(a[i + 1]);
            }
        }));
        return seen;
    }

    /** One launch and one call; returns the sandbox's pid and what went to its stderr. */
    private static String[] launchAndCall(int n) {
        SynchronizedBuffer out = new SynchronizedBuffer();
        SynchronizedBuffer err = new SynchronizedBuffer();
        long pid;
        try (Interpreter sandbox = Interpreter.external(SandboxOptions.builder().spare(false)
                .stdout(out).stderr(err).build())) {
            sandbox.define(program.classes());
            sandbox.runMain("Echo", List.of("launch", Integer.toString(n)));
            pid = sandbox.info().pid();
        }
        assertThat(out.text()).as("the call in launch %d", n).isEqualTo("launch " + n + "\n");
        return new String[] {Long.toString(pid), err.text()};
    }

    /** Checks one race; returns whether the impostor had connected (and so was refused). */
    private static boolean check(int n, Mode mode, String outcome, String[] launched) {
        String pid = launched[0];
        List<String> refusals = launched[1].lines().filter(l -> l.startsWith("sandprof: refused")).collect(Collectors.toList());
        assertThat(outcome).as("race %d (%s)", n, mode).matches("(REFUSED|TOO_LATE) .*");
        if (outcome.startsWith("TOO_LATE")) {
            assertThat(refusals).as("race %d (%s): nothing to report", n, mode).isEmpty();
            return false;
        }
        assertThat(refusals).as("race %d (%s): the refusal reported", n, mode).hasSize(1);
        String reason = refusals.get(0);
        assertThat(reason).startsWith(PREFIX + pid + ": ");
        switch (mode) {
            case SILENT:
                assertThat(reason).endsWith("it sent no complete handshake before the sandbox's own was admitted");
                break;
            case WRONG_SECRET:
            case OTHER_PID:
                assertThat(reason).contains(": wrong secret: ");
                break;
            default:
                break; // random bytes: refused for whatever they happen to be
        }
        return true;
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void anImpostorThreadIsRefusedInEveryRaceAndEverySandboxWorks() throws Exception {
        ExecutorService impostor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "impostor");
            t.setDaemon(true);
            return t;
        });
        try {
            Set<String> seen = channelsNow();
            int refused = 0;
            for (int n = 0; n < THREAD_RACES; n++) {
                Mode mode = Mode.values()[n % Mode.values().length];
                Future<String> race = impostor.submit(() -> Impostor.race(ProcessHandle.current(), seen, mode, 300));
                String[] launched = launchAndCall(n);
                if (check(n, mode, race.get(5, TimeUnit.MINUTES), launched)) {
                    refused++;
                }
            }
            System.out.println("impostor thread: connected first and was refused in " + refused + " of "
                    + THREAD_RACES + " races, too late in " + (THREAD_RACES - refused) + "; admitted in 0");
            assertThat(refused).as("races in which the impostor connected at all").isPositive();
        } finally {
            impostor.shutdownNow();
        }
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void anImpostorProcessIsRefusedInEveryRaceAndEverySandboxWorks() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Impostor.class.getName(),
                Long.toString(ProcessHandle.current().pid())));
        List<Mode> modes = new ArrayList<>();
        for (int n = 0; n < PROCESS_RACES; n++) {
            modes.add(Mode.values()[n % Mode.values().length]);
            cmd.add(modes.get(n).toString());
        }
        Process impostor = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(impostor.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                lines.add("READ FAILED " + e);
            }
        }, "impostor-output");
        reader.setDaemon(true);
        reader.start();
        try {
            assertThat(lines.poll(5, TimeUnit.MINUTES)).isEqualTo("ready");
            int refused = 0;
            for (int n = 0; n < PROCESS_RACES; n++) {
                String[] launched = launchAndCall(n);
                if (check(n, modes.get(n), lines.poll(5, TimeUnit.MINUTES), launched)) {
                    refused++;
                }
            }
            assertThat(impostor.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(impostor.exitValue()).isZero();
            System.out.println("impostor process: connected first and was refused in " + refused + " of "
                    + PROCESS_RACES + " races, too late in " + (PROCESS_RACES - refused) + "; admitted in 0");
            assertThat(refused).as("races in which the impostor connected at all").isPositive();
        } finally {
            impostor.destroyForcibly();
        }
    }
}
