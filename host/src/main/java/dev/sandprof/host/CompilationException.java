package dev.sandprof.host;

import java.util.List;

/**
 * The sources did not compile. {@link #getMessage()} lists every error as
 * {@code File.java:LINE:COL: error: message}, followed by the source line and a caret.
 */
public final class CompilationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> errors;

    public CompilationException(List<String> errors) {
        super(String.join("\n", errors));
        this.errors = List.copyOf(errors);
    }

    /** Each error, formatted with its location, source line and caret. */
    public List<String> errors() {
        return errors;
    }
}
