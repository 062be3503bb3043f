package dev.sandprof.host.repl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandprof.host.repl.ReplayLog.Declaration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The declarations a fresh sandbox gets: those in force, by name, in the order they stand. */
class ReplayLogTest {

    @Test
    void aRedeclarationReplacesTheOneItOverwritesWhereThatStood() {
        ReplayLog log = new ReplayLog();
        log.declared(new Declaration("1", "int x = 1;", "x"));
        log.declared(new Declaration("2", "int twice(int v) { return 2 * v; }", "twice(int)"));
        log.declared(new Declaration("3", "class Box {}", "Box"));
        log.declared(new Declaration("4", "int x = 2;", "x"));
        log.declared(new Declaration("5", "long twice(long v) { return 2 * v; }", "twice(long)")); // an overload: another name
        List<String> sources = new ArrayList<>();
        assertThat(log.replay(d -> sources.add(d.id() + ": " + d.source()))).containsExactly("x", "twice(int)", "Box", "twice(long)");
        assertThat(sources).containsExactly("4: int x = 2;", "2: int twice(int v) { return 2 * v; }", "3: class Box {}",
                "5: long twice(long v) { return 2 * v; }");
    }

    @Test
    void aDeclarationThatNoLongerTakesIsDroppedAndTheOthersGoOn() {
        ReplayLog log = new ReplayLog();
        log.declared(new Declaration("1", "a", "a"));
        log.declared(new Declaration("2", "b", "b"));
        log.declared(new Declaration("3", "c", "c"));
        assertThat(log.replay(d -> !d.name().equals("b"))).containsExactly("a", "c");
        assertThat(log.size()).isEqualTo(2);
        assertThat(log.replay(d -> true)).containsExactly("a", "c");
    }
}
