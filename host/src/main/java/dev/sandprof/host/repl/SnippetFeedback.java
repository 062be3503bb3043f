package dev.sandprof.host.repl;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.TypeDeclSnippet;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

/**
 * What the REPL prints of a snippet's events, as the jshell tool prints them in its normal feedback
 * mode (its default, {@code jshell --feedback normal}): a value ({@code x ==> 5}), what was declared
 * and what it waits for ({@code |  created method g(), however, it cannot be invoked until method
 * h() is declared}), a variable reset by a redeclared class ({@code |    update replaced variable f,
 * reset to null}), a call that cannot run yet ({@code |  attempted to call method ...}), the
 * compiler's errors and warnings ({@link SnippetErrors}) and exceptions.
 *
 * <p>The wording and the choice of what to say follow the tool's normal mode: its formats
 * ({@code /set format normal ...}), the truncation of long values, and the event it takes for
 * each kind of snippet.
 */
final class SnippetFeedback {

    /** The tool's truncation of values: 1,000 characters for an expression's or a variable's value, 80 elsewhere. */
    private static final int VALUE_TRUNCATION = 1000;
    private static final int TRUNCATION = 80;
    private static final String PRE = "|  ";

    /** The tool's actions, as its formats name them. */
    private enum Action {
        CREATED("created"), MODIFIED("modified"), REPLACED("replaced"), OVERWROTE("overwrote"), DROPPED("dropped"), USED("used");

        final String word;

        Action(String word) {
            this.word = word;
        }
    }

    /** Whether a declaration is complete (OK), or waits for others: callable meanwhile (DEFINED) or not (NOTDEFINED). */
    private enum Resolution { OK, DEFINED, NOTDEFINED }

    private final JShell shell;
    private final PrintStream out;

    SnippetFeedback(JShell shell, PrintStream out) {
        this.shell = shell;
        this.out = out;
    }

    /**
     * Prints one event of an evaluation or a drop as the tool does.
     *
     * @return whether the snippet failed: it did not compile, threw, or called what is not declared yet
     */
    boolean event(SnippetEvent e) {
        Snippet s = e.snippet();
        List<Diag> diagnostics = shell.diagnostics(s).toList();
        if (e.causeSnippet() != null) {
            // An update of a snippet that depends on the one evaluated: only what is said of declarations.
            if (s instanceof DeclarationSnippet) {
                out.print(display(s, action(e), true, e.value(), errorsOnly(diagnostics)));
            }
            return false;
        }
        SnippetErrors.diagnostics(s.source(), diagnostics, out);
        if (e.status() == Snippet.Status.REJECTED) {
            if (diagnostics.isEmpty()) {
                out.println(PRE + "Failed.");
            }
            return true;
        }
        if (e.exception() != null) {
            exception(e.exception());
            return true;
        }
        out.print(display(s, action(e), false, e.value(), diagnostics));
        return false;
    }

    /** For {@code /methods} and {@code /types}: what the declaration waits for, on a line of its own, indented. */
    void resolution(DeclarationSnippet s) {
        List<String> errorLines = new ArrayList<>();
        List<Diag> errors = errorsOnly(shell.diagnostics(s).toList());
        errors.forEach(d -> SnippetErrors.lines(s.source(), d, errorLines));
        errorLines.replaceAll(l -> "    " + l);
        String resolve = resolve(s, Action.USED, true, errors.size(), errorLines);
        if (!resolve.isBlank()) {
            out.println(PRE + "    " + resolve);
        }
    }

    /** An exception out of a snippet; one caused by a call of what is not declared yet says what that waits for. */
    private void exception(JShellException thrown) {
        Throwable root = thrown;
        while (root instanceof EvalException) {
            root = root.getCause();
        }
        if (root instanceof UnresolvedReferenceException) {
            DeclarationSnippet s = ((UnresolvedReferenceException) root).getSnippet();
            out.print(display(s, Action.USED, true, null, errorsOnly(shell.diagnostics(s).toList())));
        } else if (thrown instanceof EvalException) {
            SnippetErrors.exception((EvalException) thrown, null, out);
        } else {
            out.println(PRE + "Unexpected execution exception: " + thrown);
        }
    }

    private static Action action(SnippetEvent e) {
        switch (e.status()) {
            case VALID:
            case RECOVERABLE_DEFINED:
            case RECOVERABLE_NOT_DEFINED:
                if (e.previousStatus().isActive()) {
                    return e.isSignatureChange() ? Action.REPLACED : Action.MODIFIED;
                }
                return Action.CREATED;
            case OVERWRITTEN:
                return Action.OVERWROTE;
            default:
                return Action.DROPPED;
        }
    }

    private static List<Diag> errorsOnly(List<Diag> diagnostics) {
        return diagnostics.stream().filter(Diag::isError).toList();
    }

    /**
     * What the tool's normal mode displays of an event (with its line ends), or nothing: its formats
     * for the event's kind of snippet, action, primary or update, and resolution, the most recent
     * format that covers the event first, as the tool looks them up.
     */
    private String display(Snippet s, Action action, boolean update, String value, List<Diag> diagnostics) {
        List<String> errorLines = new ArrayList<>();
        diagnostics.forEach(d -> SnippetErrors.lines(s.source(), d, errorLines));
        Resolution resolution = resolution(s);
        String name = name(s);
        // The tool has no word for "used": its formats then print none.
        String act = action == Action.USED ? "" : (update ? "  update " : "") + action.word;
        String resolve = resolve(s, action, update, diagnostics.size(), errorLines);
        String kind = typeKind(s);
        Snippet.SubKind sub = s.subKind();
        boolean variable = sub == Snippet.SubKind.VAR_DECLARATION_SUBKIND || sub == Snippet.SubKind.VAR_DECLARATION_WITH_INITIALIZER_SUBKIND;
        boolean expression = sub == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
        boolean valued = variable || expression || sub == Snippet.SubKind.VAR_VALUE_SUBKIND || sub == Snippet.SubKind.ASSIGNMENT_SUBKIND;
        boolean declaring = action == Action.CREATED || action == Action.MODIFIED || action == Action.REPLACED;
        // {result}: only of a primary event that took, added, modified or replaced.
        String result = !update && declaring && resolution == Resolution.OK ? name + " ==> " + truncated(s, value) + "\n" : "";
        if (valued && !update && declaring && resolution == Resolution.OK) {
            return result;
        }
        if (variable && action == Action.REPLACED && resolution == Resolution.NOTDEFINED) {
            return PRE + act + " variable " + name + resolve + "\n";
        }
        if (variable && action == Action.REPLACED && resolution == Resolution.OK && update) {
            return PRE + act + " variable " + name + ", reset to null\n";
        }
        if (update && action != Action.USED) {
            return ""; // normal mode says nothing else of an update
        }
        if (action == Action.USED && s instanceof MethodSnippet) {
            return PRE + "attempted to call method " + name + "(" + type(s) + ")" + resolve + "\n";
        }
        if (action == Action.USED && kind != null) {
            return PRE + "attempted to use " + kind + " " + name + resolve + "\n";
        }
        if (s instanceof MethodSnippet) {
            return PRE + act + " method " + name + "(" + type(s) + ")" + resolve + "\n";
        }
        if (kind != null) {
            return PRE + act + " " + kind + " " + name + resolve + "\n";
        }
        if (action == Action.DROPPED && (variable || expression)) {
            return PRE + act + " variable " + name + "\n";
        }
        if (variable && resolution == Resolution.NOTDEFINED) {
            return PRE + act + " variable " + name + resolve + "\n";
        }
        if (variable) {
            return result + PRE + act + " variable " + name + " : " + type(s) + resolve + "\n";
        }
        if (sub == Snippet.SubKind.ASSIGNMENT_SUBKIND && !update) {
            return result + PRE + "assigned to " + name + " : " + type(s) + "\n";
        }
        return ""; // imports, statements
    }

    /** The tool's "{until}{unrerr}": what a declaration waits for, and the errors to correct. */
    private String resolve(Snippet s, Action action, boolean update, int errors, List<String> errorLines) {
        Resolution resolution = resolution(s);
        if (resolution == Resolution.OK || action == Action.OVERWROTE || action == Action.DROPPED) {
            return "";
        }
        List<String> unresolved = shell.unresolvedDependencies((DeclarationSnippet) s).toList();
        return until(s, resolution, update) + unresolvedAndErrors(unresolved, errors, errorLines);
    }

    private static String until(Snippet s, Resolution resolution, boolean update) {
        if (resolution == Resolution.NOTDEFINED) {
            return update ? " which cannot be referenced until" : ", however, it cannot be referenced until";
        }
        switch (s.subKind()) {
            case CLASS_SUBKIND:
            case RECORD_SUBKIND:
                return update ? " which cannot be instantiated or its methods invoked until"
                        : ", however, it cannot be instantiated or its methods invoked until";
            case INTERFACE_SUBKIND:
                return update ? " whose methods cannot be invoked until" : ", however, its methods cannot be invoked until";
            case ENUM_SUBKIND:
            case ANNOTATION_TYPE_SUBKIND:
                return update ? "" : ", however, it cannot be used until";
            case METHOD_SUBKIND:
                return update ? " which cannot be invoked until" : ", however, it cannot be invoked until";
            default:
                return "";
        }
    }

    /** {@code  method h() is declared}, {@code  a, b, and c are declared and this error is corrected: ...} */
    private static String unresolvedAndErrors(List<String> unresolved, int errors, List<String> errorLines) {
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < unresolved.size(); i++) {
            int fromLast = unresolved.size() - 1 - i;
            names.append(i == 0 ? " " : "").append(unresolved.get(i)).append(fromLast == 0 ? "" : fromLast == 1 ? ", and " : ", ");
        }
        StringBuilder errorText = new StringBuilder();
        errorLines.forEach(l -> errorText.append('\n').append(PRE).append("    ").append(l));
        String declared = unresolved.isEmpty() ? "" : names + (unresolved.size() == 1 ? " is declared" : " are declared");
        if (errors == 0) {
            return declared;
        }
        String corrected = (errors == 1 ? " this error is corrected: " : " these errors are corrected: ") + errorText;
        return unresolved.isEmpty() ? corrected : declared + " and" + corrected;
    }

    private Resolution resolution(Snippet s) {
        if (!(s instanceof DeclarationSnippet)) {
            return Resolution.OK;
        }
        switch (shell.status(s)) {
            case RECOVERABLE_DEFINED:
                return Resolution.DEFINED;
            case RECOVERABLE_NOT_DEFINED:
                return Resolution.NOTDEFINED;
            default:
                return Resolution.OK;
        }
    }

    private static String name(Snippet s) {
        if (s instanceof DeclarationSnippet) {
            return ((DeclarationSnippet) s).name();
        }
        return s instanceof ExpressionSnippet ? ((ExpressionSnippet) s).name() : "";
    }

    /** A method's parameter types, a variable's or value's type. */
    private static String type(Snippet s) {
        if (s instanceof MethodSnippet) {
            return ((MethodSnippet) s).parameterTypes();
        }
        if (s instanceof VarSnippet) {
            return ((VarSnippet) s).typeName();
        }
        return s instanceof ExpressionSnippet ? ((ExpressionSnippet) s).typeName() : "";
    }

    /** The tool's word for a type declaration's kind, or {@code null} for other snippets. */
    private static String typeKind(Snippet s) {
        if (!(s instanceof TypeDeclSnippet)) {
            return null;
        }
        switch (s.subKind()) {
            case INTERFACE_SUBKIND:
                return "interface";
            case ENUM_SUBKIND:
                return "enum";
            case ANNOTATION_TYPE_SUBKIND:
                return "annotation interface";
            case RECORD_SUBKIND:
                return "record";
            default:
                return "class";
        }
    }

    private static String truncated(Snippet s, String value) {
        boolean wide = s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND || s.subKind() == Snippet.SubKind.VAR_VALUE_SUBKIND;
        return truncated(value, wide ? VALUE_TRUNCATION : TRUNCATION);
    }

    /** For {@code /vars}: a variable's value as the tool shows it there. */
    static String varValue(String value) {
        return truncated(value, VALUE_TRUNCATION);
    }

    /** As the tool cuts a long value: its start, {@code " ... "}, its last third. */
    static String truncated(String value, int limit) {
        if (value == null) {
            return "";
        }
        if (value.length() <= limit) {
            return value;
        }
        int end = limit / 3;
        int start = limit - 5 - end;
        return value.substring(0, start) + " ... " + value.substring(value.length() - end);
    }
}
