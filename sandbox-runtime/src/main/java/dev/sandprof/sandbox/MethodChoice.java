package dev.sandprof.sandbox;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Chooses the public method a call by name with given argument objects means, as Java's overload
 * resolution would by the arguments' runtime classes (boxing included), and finds a declaration of
 * it that can be invoked from outside: a public method of a non-public class ({@code size()} of a
 * {@code List.of(..)} list) is called through the public interface or superclass declaring it.
 */
final class MethodChoice {

    private static final Map<Class<?>, Class<?>> BOXES = Map.of(
            boolean.class, Boolean.class, byte.class, Byte.class, char.class, Character.class,
            short.class, Short.class, int.class, Integer.class, long.class, Long.class,
            float.class, Float.class, double.class, Double.class);

    private MethodChoice() {}

    /**
     * @throws RequestRefused when no public method fits, or several fit equally well
     */
    static Method choose(Class<?> type, String name, Object[] args) {
        List<Method> applicable = new ArrayList<>();
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name) && !Modifier.isStatic(m.getModifiers()) && applies(m, args)) {
                applicable.add(m);
            }
        }
        if (applicable.isEmpty()) {
            throw new RequestRefused(type.getName() + " has no public method " + name + " taking "
                    + describe(args));
        }
        List<Method> best = new ArrayList<>();
        for (Method m : applicable) {
            if (applicable.stream().allMatch(o -> o == m || moreSpecific(m, o) || sameParameters(m, o))) {
                best.add(m);
            }
        }
        if (best.isEmpty()) {
            throw new RequestRefused("the call " + name + "(" + describe(args) + ") on " + type.getName()
                    + " is ambiguous between " + applicable);
        }
        return invocable(best.get(0));
    }

    private static boolean applies(Method m, Object[] args) {
        Class<?>[] params = m.getParameterTypes();
        if (params.length != args.length) {
            return false;
        }
        for (int i = 0; i < params.length; i++) {
            Class<?> p = params[i].isPrimitive() ? BOXES.get(params[i]) : params[i];
            if (args[i] == null ? params[i].isPrimitive() : !p.isInstance(args[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean moreSpecific(Method a, Method b) {
        Class<?>[] pa = a.getParameterTypes();
        Class<?>[] pb = b.getParameterTypes();
        for (int i = 0; i < pa.length; i++) {
            Class<?> x = pa[i].isPrimitive() ? BOXES.get(pa[i]) : pa[i];
            Class<?> y = pb[i].isPrimitive() ? BOXES.get(pb[i]) : pb[i];
            if (!y.isAssignableFrom(x)) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameParameters(Method a, Method b) {
        return java.util.Arrays.equals(a.getParameterTypes(), b.getParameterTypes());
    }

    /** The same method, declared by a public class or interface, so that it can be invoked. */
    private static Method invocable(Method m) {
        if (StaticTypes.isNameable(m.getDeclaringClass())) {
            return m;
        }
        for (Class<?> k = m.getDeclaringClass(); k != null; k = k.getSuperclass()) {
            Method found = inInterfaces(k, m);
            if (found != null) {
                return found;
            }
            if (k != m.getDeclaringClass() && StaticTypes.isNameable(k)) {
                try {
                    return k.getMethod(m.getName(), m.getParameterTypes());
                } catch (NoSuchMethodException e) {
                    // not declared up here
                }
            }
        }
        return m; // the caller's setAccessible decides
    }

    private static Method inInterfaces(Class<?> k, Method m) {
        for (Class<?> i : k.getInterfaces()) {
            if (StaticTypes.isNameable(i)) {
                try {
                    return i.getMethod(m.getName(), m.getParameterTypes());
                } catch (NoSuchMethodException e) {
                    // not this one
                }
            }
            Method deeper = inInterfaces(i, m);
            if (deeper != null) {
                return deeper;
            }
        }
        return null;
    }

    private static String describe(Object[] args) {
        List<String> types = new ArrayList<>();
        for (Object a : args) {
            types.add(a == null ? "null" : a.getClass().getName());
        }
        return args.length == 0 ? "no arguments" : "(" + String.join(", ", types) + ")";
    }
}
