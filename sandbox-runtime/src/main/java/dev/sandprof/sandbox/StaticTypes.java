package dev.sandprof.sandbox;

import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The type source code compiled on the host can name a value by. A value's runtime class is
 * often not nameable (an anonymous or private class, {@code ImmutableCollections.ListN} in a
 * package java.base does not export): then the public supertype with the most public methods,
 * which for such classes is the interface the value is used through ({@code java.util.List}).
 */
final class StaticTypes {

    private StaticTypes() {}

    static String nameableType(Class<?> c) {
        if (isNameable(c)) {
            return c.getCanonicalName();
        }
        if (c.isArray()) {
            return nameableType(c.getComponentType()) + "[]";
        }
        Class<?> best = Object.class;
        int bestCount = 0;
        for (Class<?> candidate : supertypes(c)) {
            int count = ownMethods(candidate);
            if (isNameable(candidate) && count > bestCount) {
                best = candidate;
                bestCount = count;
            }
        }
        return best.getCanonicalName();
    }

    /** Public methods beyond Object's: what a binding of this type lets a snippet call. */
    private static int ownMethods(Class<?> c) {
        int n = 0;
        for (java.lang.reflect.Method m : c.getMethods()) {
            if (m.getDeclaringClass() != Object.class) {
                n++;
            }
        }
        return n;
    }

    static boolean isNameable(Class<?> c) {
        if (c.isPrimitive()) {
            return true;
        }
        if (c.isArray()) {
            return isNameable(c.getComponentType());
        }
        if (c.isAnonymousClass() || c.isLocalClass() || c.isHidden() || c.getCanonicalName() == null) {
            return false;
        }
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers())) {
                return false;
            }
        }
        return c.getModule().isExported(c.getPackageName());
    }

    private static Set<Class<?>> supertypes(Class<?> c) {
        Set<Class<?>> all = new LinkedHashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>();
        todo.add(c);
        while (!todo.isEmpty()) {
            Class<?> k = todo.poll();
            if (k.getSuperclass() != null && all.add(k.getSuperclass())) {
                todo.add(k.getSuperclass());
            }
            for (Class<?> i : k.getInterfaces()) {
                if (all.add(i)) {
                    todo.add(i);
                }
            }
        }
        return all;
    }
}
