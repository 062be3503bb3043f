package dev.sandprof.host.internal;

import dev.sandprof.host.CompilationException;
import dev.sandprof.host.CompiledProgram;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.EmptyStatementTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.tools.Diagnostic;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;

/**
 * Turns a snippet (an expression, or statements ending in one) into a class with one static method
 * whose parameters are the snippet's bindings: {@code public static Object eval(java.util.List xs)
 * { ...; return (EXPR); }}. The value of the last expression statement is returned (boxed); a
 * snippet whose last expression is {@code void}, or that ends in another statement, compiles to a
 * {@code void} method.
 */
public final class SnippetCompiler {

    /** The name of the snippet class's one method. */
    public static final String METHOD = "eval";
    private static final String PARSE_PREFIX = "class P { void m() {\n";
    private static final AtomicLong COUNTER = new AtomicLong();
    /** The class and method lines that stand before the snippet's first line. */
    private static final int LINES_BEFORE = 2;

    private final InMemoryJavac compiler;
    private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();

    public SnippetCompiler(InMemoryJavac compiler) {
        this.compiler = compiler;
    }

    /**
     * @param bindings binding name to the type it is declared as, in parameter order
     * @throws CompilationException with the snippet's errors as {@code snippet:LINE:COL: error: ...},
     *     lines counted from the snippet's first
     */
    public CompiledProgram compile(String code, Map<String, String> bindings, Map<String, byte[]> known,
                            List<Path> classPath, int release) {
        String className = "SandprofSnippet" + COUNTER.incrementAndGet();
        // Most snippets are one expression; a literal or a name alone is no statement, so ask first.
        int[] last = isExpression(code) ? new int[] {0, code.length()} : lastExpression(code);
        if (last != null) {
            String valued = code.substring(0, last[0]) + "return (" + code.substring(last[0], last[1]) + ");"
                    + code.substring(last[1]).replaceFirst("^\\s*;", "");
            InMemoryJavac.Outcome outcome = compiler.compileSource(className,
                    source(className, "Object", bindings, valued), known, classPath, release);
            if (outcome.errors.isEmpty()) {
                return new CompiledProgram(outcome.classes, className);
            }
            if (!isVoidValue(outcome.errors)) {
                outcome.throwErrors("snippet", LINES_BEFORE);
            }
        } else if (endsInReturn(code)) {
            InMemoryJavac.Outcome outcome = compiler.compileSource(className,
                    source(className, "Object", bindings, code), known, classPath, release);
            outcome.throwErrors("snippet", LINES_BEFORE);
            return new CompiledProgram(outcome.classes, className);
        }
        InMemoryJavac.Outcome outcome = compiler.compileSource(className,
                source(className, "void", bindings, code), known, classPath, release);
        outcome.throwErrors("snippet", LINES_BEFORE);
        return new CompiledProgram(outcome.classes, className);
    }

    /** The snippet on lines of its own, after {@value #LINES_BEFORE} lines of the class and method. */
    private static String source(String className, String returnType, Map<String, String> bindings, String body) {
        StringBuilder params = new StringBuilder();
        bindings.forEach((name, type) -> params.append(params.length() == 0 ? "" : ", ").append(type).append(' ').append(name));
        return "public final class " + className + " {\n"
                + "public static " + returnType + " " + METHOD + "(" + params + ") throws Throwable {\n"
                + body + (body.trim().endsWith(";") || body.trim().endsWith("}") ? "" : ";") + "\n}\n}\n";
    }

    /** Whether the one error is that the returned expression is {@code void}. */
    private static boolean isVoidValue(List<Diagnostic<? extends JavaFileObject>> errors) {
        if (errors.size() != 1) {
            return false;
        }
        Diagnostic<? extends JavaFileObject> e = errors.get(0);
        return "compiler.err.void.not.allowed.here".equals(e.getCode())
                || "compiler.err.prob.found.req".equals(e.getCode())
                        && e.getMessage(java.util.Locale.ROOT).contains("void cannot be converted");
    }

    /** Where the last statement's expression is, if the snippet ends in an expression statement. */
    private int[] lastExpression(String code) {
        StatementTree last = lastStatement(code);
        if (!(last instanceof ExpressionStatementTree)) {
            return null;
        }
        return span(((ExpressionStatementTree) last).getExpression());
    }

    /** Whether the whole snippet parses as one expression. */
    private synchronized boolean isExpression(String code) {
        boolean[] failed = {false};
        return parse("class P { Object m() { return (\n" + code + "\n); } }", failed) != null && !failed[0];
    }

    /** Parses a compilation unit, noting in {@code failed} whether it has syntax errors. */
    private JavacTask parse(String text, boolean[] failed) {
        JavacTask task = (JavacTask) javac.getTask(null, null, d -> failed[0] |= d.getKind() == Diagnostic.Kind.ERROR,
                List.of("-proc:none"), null, List.of(InMemoryJavac.sourceFile("P", text)));
        try {
            unit = task.parse().iterator().next();
            return task;
        } catch (IOException e) {
            return null;
        }
    }

    private boolean endsInReturn(String code) {
        return lastStatement(code) instanceof ReturnTree;
    }

    private SourcePositions positions;
    private CompilationUnitTree unit;

    private synchronized StatementTree lastStatement(String code) {
        JavacTask task = parse(PARSE_PREFIX + code + "\n;}}", new boolean[1]);
        if (task == null) {
            return null;
        }
        positions = Trees.instance(task).getSourcePositions();
        ClassTree c = (ClassTree) unit.getTypeDecls().get(0);
        BlockTree body = c.getMembers().stream().filter(MethodTree.class::isInstance).map(MethodTree.class::cast)
                .findFirst().map(MethodTree::getBody).orElse(null);
        if (body == null) {
            return null;
        }
        List<? extends StatementTree> statements = body.getStatements();
        for (int i = statements.size() - 1; i >= 0; i--) {
            if (!(statements.get(i) instanceof EmptyStatementTree)) {
                return statements.get(i);
            }
        }
        return null;
    }

    private synchronized int[] span(com.sun.source.tree.Tree t) {
        long start = positions.getStartPosition(unit, t) - PARSE_PREFIX.length();
        long end = positions.getEndPosition(unit, t) - PARSE_PREFIX.length();
        return start < 0 || end < start ? null : new int[] {(int) start, (int) end};
    }
}
