package dev.sandprof.host.cli;

import dev.sandprof.host.ProfileResult;
import dev.sandprof.host.profile.FlameGraph;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of a profile, as {@code profile}, {@code bench -prof} and the REPL's {@code :profile}
 * write them: {@code flame.html}, {@code profile.collapsed}, and the agent engine's
 * {@code profile.prof} (the JFR recording is written by the sandbox itself).
 */
final class ProfileFiles {

    private ProfileFiles() {}

    /**
     * Writes the profile of {@code subject} (what was profiled, for titles) into {@code dir}, made
     * if missing; returns the files written, the JFR recording included when there is one.
     */
    static List<Path> write(ProfileResult profile, Path dir, String subject) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        Path flame = dir.resolve("flame.html");
        Files.writeString(flame, FlameGraph.html(profile.stacks(), subject + ": " + ProfileReport.describe(profile)), StandardCharsets.UTF_8);
        written.add(flame);
        Path collapsed = dir.resolve("profile.collapsed");
        Files.writeString(collapsed, profile.stacks().collapsed(), StandardCharsets.UTF_8);
        written.add(collapsed);
        if (profile.callPaths().isPresent()) {
            Path prof = dir.resolve("profile.prof");
            Files.writeString(prof, profile.callPaths().get().prof("sandprof agent profile of " + subject), StandardCharsets.UTF_8);
            written.add(prof);
        }
        profile.jfrFile().ifPresent(written::add);
        return written;
    }

    /** The files as a line: {@code a, b, c}. */
    static String list(List<Path> files) {
        List<String> names = new ArrayList<>();
        files.forEach(f -> names.add(f.toString()));
        return String.join(", ", names);
    }
}
