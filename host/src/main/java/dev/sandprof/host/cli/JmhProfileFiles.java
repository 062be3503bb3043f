package dev.sandprof.host.cli;

import dev.sandprof.host.ProfileResult;
import java.io.IOException;
import java.nio.file.Path;

/** {@code bench --engine jmh}: a fork's profile written as the default engine writes it, and its line. */
final class JmhProfileFiles {

    private JmhProfileFiles() {}

    static String write(ProfileResult profile, Path dir, String subject) throws IOException {
        ProfileFiles.write(profile, dir, subject);
        return "# Profile (" + ProfileReport.describe(profile) + "): " + dir;
    }
}
