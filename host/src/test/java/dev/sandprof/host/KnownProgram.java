package dev.sandprof.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandprof.host.TracedException.Outcome;
import java.util.List;
import java.util.stream.Collectors;

/** The trace tests' program, and what its trace must hold; shared by the API's and the CLI's tests. */
public final class KnownProgram {

    /** The program: three NumberFormatExceptions caught at lines 3-5, then one escaping four calls deep. */
    public static final String SOURCE = "public class Known {\n"
            + "    public static void main(String[] args) {\n"
            + "        try { Integer.parseInt(\"a\"); } catch (NumberFormatException e) { }\n"
            + "        try { Integer.parseInt(\"b\"); } catch (NumberFormatException e) { }\n"
            + "        try { Integer.parseInt(\"c\"); } catch (NumberFormatException e) { }\n"
            + "        a();\n"
            + "    }\n"
            + "    static void a() { b(); }\n"
            + "    static void b() { c(); }\n"
            + "    static void c() { d(); }\n"
            + "    static void d() { throw new IllegalStateException(\"deep\"); }\n"
            + "}\n";

    private KnownProgram() {}

    /** Each frame as method:line. */
    public static List<String> frames(TracedException e) {
        return e.stack().stream().map(f -> f.methodName() + ":" + f.lineNumber()).collect(Collectors.toList());
    }

    /** A frame as Class.method:line. */
    public static String at(StackFrame f) {
        return f.className() + "." + f.methodName() + ":" + f.lineNumber();
    }

    /** What the issue asks of the program's trace, through any path (the API, the CLI's JSON). */
    public static void assertTrace(List<TracedException> traced) {
        assertThat(traced).hasSize(4);
        for (int i = 0; i < 3; i++) {
            TracedException nfe = traced.get(i);
            assertThat(nfe.exceptionClass()).isEqualTo("java.lang.NumberFormatException");
            assertThat(nfe.stack()).extracting(StackFrame::describe).containsExactly("Known.main(Known.java:" + (3 + i) + ")");
            assertThat(nfe.outcome()).isEqualTo(Outcome.CAUGHT);
            assertThat(at(nfe.stoppedAt())).isEqualTo("Known.main:" + (3 + i));
        }
        TracedException deep = traced.get(3);
        assertThat(deep.exceptionClass()).isEqualTo("java.lang.IllegalStateException");
        assertThat(deep.message()).isEqualTo("deep");
        assertThat(frames(deep)).containsExactly("d:11", "c:10", "b:9", "a:8", "main:6");
        assertThat(deep.outcome()).isEqualTo(Outcome.ESCAPED);
        assertThat(deep.stoppedAt()).isNull();
        assertThat(traced).allSatisfy(e -> assertThat(e.thread()).isEqualTo("main"));
    }
}
