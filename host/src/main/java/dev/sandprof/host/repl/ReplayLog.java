package dev.sandprof.host.repl;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The declarations that took in this session, in force and in order, to replay in a fresh
 * sandbox: a redeclaration replaces the one it overwrites where that stood (what came after may
 * use it); values, expressions and statements are not kept (replaying them would run them again).
 */
final class ReplayLog {

    /**
     * A declaration that took.
     *
     * @param id     its snippet id, which it keeps when replayed
     * @param source as typed
     * @param name   as the user knows it: a method with its parameter types ({@code twice(int)}), else its name
     */
    record Declaration(String id, String source, String name) {}

    private final List<Declaration> declarations = new ArrayList<>();

    void declared(Declaration d) {
        for (int i = 0; i < declarations.size(); i++) {
            if (declarations.get(i).name().equals(d.name())) {
                declarations.set(i, d);
                return;
            }
        }
        declarations.add(d);
    }

    /** The declaration of this snippet id was dropped: it is not replayed. */
    void dropped(String id) {
        declarations.removeIf(d -> d.id().equals(id));
    }

    void clear() {
        declarations.clear();
    }

    int size() {
        return declarations.size();
    }

    /**
     * Replays each declaration, in order, through {@code took} (whether it took again); keeps those
     * that did and gives their names.
     */
    List<String> replay(Predicate<Declaration> took) {
        List<Declaration> replay = new ArrayList<>(declarations);
        declarations.clear();
        List<String> names = new ArrayList<>();
        for (Declaration d : replay) {
            if (took.test(d)) {
                declarations.add(d);
                names.add(d.name());
            }
        }
        return names;
    }
}
