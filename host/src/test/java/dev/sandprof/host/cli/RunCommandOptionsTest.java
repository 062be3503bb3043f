package dev.sandprof.host.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandprof.host.SandboxOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The options value and the command line agree, both ways (as JMH checks for its own options). */
class RunCommandOptionsTest {

    private static SandboxOptions parse(List<String> args) {
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs(args.toArray(String[]::new));
        return run.options();
    }

    @Test
    void everyOptionSurvivesTheRoundTripThroughTheCommandLine() {
        SandboxOptions options = SandboxOptions.builder()
                .java(Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"))
                .jvmArg("-Xmx64m").jvmArg("-Dx=a b")
                .timeout(Duration.ofMillis(1500))
                .startTimeout(Duration.ofSeconds(5))
                .livenessTimeout(Duration.ofMillis(2500))
                .spare(false)
                .build();
        List<String> args = new ArrayList<>(options.toCommandLine());
        args.add("App.java");
        SandboxOptions parsed = parse(args);
        assertThat(parsed).isEqualTo(options);
    }

    @Test
    void theDefaultsNeedNoOptions() {
        SandboxOptions defaults = SandboxOptions.builder().spare(false).build();
        assertThat(defaults.toCommandLine()).isEmpty();
        assertThat(parse(List.of("App.java"))).isEqualTo(defaults);
    }

    private static RunCommand parsed(String... args) {
        RunCommand run = new RunCommand();
        new CommandLine(run).setStopAtPositional(true).parseArgs(args);
        return run;
    }

    @Test
    void afterTheDelimiterEveryParameterIsTheProgramsArgument() {
        RunCommand run = parsed("-cp", "f.jar", "--main", "app.Main", "--", "A.java", "-x");
        assertThat(run.parameters).containsExactly("A.java", "-x");
        assertThat(run.afterEndOfOptions()).isTrue();

        RunCommand delimiterOnly = parsed("--main", "app.Main", "--");
        assertThat(delimiterOnly.parameters).isEmpty();
        assertThat(delimiterOnly.afterEndOfOptions()).isTrue();

        // After the first file, "--" is the program's own argument, as "-v" is.
        RunCommand program = parsed("App.java", "--", "x");
        assertThat(program.parameters).containsExactly("App.java", "--", "x");
        assertThat(program.afterEndOfOptions()).isFalse();
        assertThat(parsed("--main", "app.Main", "A.java", "--").afterEndOfOptions()).isFalse();
    }

    @Test
    void durationsReadAsAPersonWritesThem() {
        DurationConverter c = new DurationConverter();
        assertThat(c.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(c.convert("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.convert("3")).isEqualTo(Duration.ofSeconds(3));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.convert("soon"))
                .hasMessageContaining("'soon' is not a duration");
    }
}
