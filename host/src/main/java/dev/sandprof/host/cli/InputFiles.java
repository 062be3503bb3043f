package dev.sandprof.host.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Checks the files a command line names before anything starts, so that a wrong one is told in
 * one line, with the reason the system gives.
 */
final class InputFiles {

    private InputFiles() {
    }

    /**
     * What keeps {@code file} from being read as a {@code what} (a source file, a jar), or null
     * if it can be.
     */
    static String problem(Path file, String what) {
        if (Files.isDirectory(file)) {
            return file + " is a directory, not a " + what;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return null;
        } catch (NoSuchFileException e) {
            return "no such " + what + ": " + file;
        } catch (AccessDeniedException e) {
            return "cannot read the " + what + " " + file + ": permission denied";
        } catch (IOException e) {
            return "cannot read the " + what + " " + file + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /** The path an argument names, or a message saying it names none. */
    static Path path(String argument, String what) {
        try {
            return Path.of(argument);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(argument + " is not a path to a " + what + ": " + e.getReason());
        }
    }
}
