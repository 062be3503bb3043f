package dev.sandprof.sandbox.bench;

import dev.sandprof.sandbox.RequestRefused;
import dev.sandprof.wire.BenchmarkInfo;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Finds the {@code @Benchmark} methods of classes and reads their JMH annotations, the method's
 * overriding the class's, as JMH's annotation processor does. What sandprof does not support is
 * refused by name ({@link RequestRefused}), never ignored.
 */
public final class BenchmarkDiscovery {

    private static final Mode[] ALL_MODES = {Mode.Throughput, Mode.AverageTime, Mode.SampleTime, Mode.SingleShotTime};

    private BenchmarkDiscovery() {}

    public static List<BenchmarkInfo> describe(List<Class<?>> classes) {
        List<BenchmarkInfo> out = new ArrayList<>();
        for (Class<?> c : classes) {
            Method[] methods = c.getMethods();
            Arrays.sort(methods, Comparator.comparing(Method::getName));
            for (Method m : methods) {
                if (m.isAnnotationPresent(Benchmark.class)) {
                    out.add(describe(c, m));
                }
            }
        }
        return out;
    }

    private static BenchmarkInfo describe(Class<?> c, Method m) {
        String name = c.getName() + "." + m.getName();
        if (m.isAnnotationPresent(Group.class) || m.isAnnotationPresent(GroupThreads.class)) {
            throw new RequestRefused(name + " uses @Group: asymmetric benchmarks (thread groups) are not supported by sandprof bench");
        }
        List<Class<?>> states = new ArrayList<>();
        if (!Modifier.isStatic(m.getModifiers())) {
            states.add(c);
        }
        for (Class<?> p : m.getParameterTypes()) {
            if (p != Blackhole.class) {
                if (!p.isAnnotationPresent(State.class)) {
                    throw new RequestRefused(name + " takes a " + p.getName() + ", which is not a @State class: a benchmark "
                            + "method takes @State objects and Blackholes only (JMH's rule too)");
                }
                states.add(p);
            }
        }
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (Class<?> s : states) {
            State state = s.getAnnotation(State.class);
            if (state != null && state.value() == Scope.Group) {
                throw new RequestRefused(name + " uses @State(Scope.Group) " + s.getName()
                        + ": thread groups are not supported by sandprof bench; Scope.Benchmark and Scope.Thread are");
            }
            if (s.isAnnotationPresent(AuxCounters.class)) {
                throw new RequestRefused(name + " uses @AuxCounters " + s.getName() + ": not supported by sandprof bench");
            }
            for (Class<?> k = s; k != null && k != Object.class; k = k.getSuperclass()) {
                for (Field f : k.getDeclaredFields()) {
                    Param p = f.getAnnotation(Param.class);
                    if (p != null) {
                        List<String> values = p.value().length == 1 && p.value()[0].equals(Param.BLANK_ARGS)
                                ? enumValues(f) : List.of(p.value());
                        params.putIfAbsent(f.getName(), values);
                    }
                }
            }
        }
        BenchmarkMode modeAnn = annotation(m, c, BenchmarkMode.class);
        List<String> modes = new ArrayList<>();
        for (Mode mode : modeAnn == null ? new Mode[0] : modeAnn.value()) {
            for (Mode one : mode == Mode.All ? ALL_MODES : new Mode[] {mode}) {
                if (!modes.contains(one.shortLabel())) {
                    modes.add(one.shortLabel());
                }
            }
        }
        OutputTimeUnit unit = annotation(m, c, OutputTimeUnit.class);
        Warmup warmup = annotation(m, c, Warmup.class);
        Measurement measurement = annotation(m, c, Measurement.class);
        Fork fork = annotation(m, c, Fork.class);
        Threads threads = annotation(m, c, Threads.class);
        OperationsPerInvocation ops = annotation(m, c, OperationsPerInvocation.class);
        if (warmup != null && warmup.batchSize() > 1 || measurement != null && measurement.batchSize() > 1) {
            throw new RequestRefused(name + " asks for a batchSize above 1 in @Warmup/@Measurement: batches are not supported "
                    + "by sandprof bench");
        }
        if (fork != null && fork.warmups() > 0) {
            throw new RequestRefused(name + " asks for @Fork(warmups = " + fork.warmups() + "): warmup forks are not supported"
                    + " by sandprof bench");
        }
        if (fork != null && !fork.jvm().equals(Fork.BLANK_ARGS)) {
            throw new RequestRefused(name + " names a JVM in @Fork(jvm = ...): use sandprof bench --jvm instead");
        }
        BenchmarkInfo.Builder info = BenchmarkInfo.builder(c.getName(), m.getName()).modes(modes).params(params)
                .signature(Modifier.isStatic(m.getModifiers()) ? null : c.getCanonicalName(),
                        Arrays.stream(m.getParameterTypes()).map(Class::getCanonicalName).collect(Collectors.toList()),
                        m.getReturnType().getCanonicalName());
        // JMH's "blank" values (an annotation element left at its default) say nothing, as an absent annotation.
        if (unit != null) {
            info.timeUnit(unit.value());
        }
        if (warmup != null && warmup.iterations() != Warmup.BLANK_ITERATIONS) {
            info.warmupIterations(warmup.iterations());
        }
        if (warmup != null && warmup.time() != Warmup.BLANK_TIME) {
            info.warmupTime(Duration.ofNanos(warmup.timeUnit().toNanos(warmup.time())));
        }
        if (measurement != null && measurement.iterations() != Measurement.BLANK_ITERATIONS) {
            info.measurementIterations(measurement.iterations());
        }
        if (measurement != null && measurement.time() != Measurement.BLANK_TIME) {
            info.measurementTime(Duration.ofNanos(measurement.timeUnit().toNanos(measurement.time())));
        }
        if (fork != null) {
            if (fork.value() != Fork.BLANK_FORKS) {
                info.forks(fork.value());
            }
            List<String> jvmArgs = new ArrayList<>(args(fork.jvmArgsPrepend()));
            jvmArgs.addAll(args(fork.jvmArgs()));
            info.jvmArgs(jvmArgs, args(fork.jvmArgsAppend()));
        }
        if (threads != null) {
            info.threads(threads.value());
        }
        if (ops != null) {
            info.operationsPerInvocation(ops.value());
        }
        return info.build();
    }

    private static List<String> args(String[] args) {
        return args.length == 1 && args[0].equals(Fork.BLANK_ARGS) ? List.of() : List.of(args);
    }

    private static List<String> enumValues(Field f) {
        List<String> values = new ArrayList<>();
        if (f.getType().isEnum()) {
            for (Object e : f.getType().getEnumConstants()) {
                values.add(((Enum<?>) e).name());
            }
        } else if (f.getType() == boolean.class || f.getType() == Boolean.class) {
            values.addAll(List.of("false", "true"));
        }
        // Otherwise none: the command line must give them (-p name=...), as with JMH.
        return values;
    }

    private static <A extends java.lang.annotation.Annotation> A annotation(Method m, Class<?> c, Class<A> type) {
        A a = m.getAnnotation(type);
        return a != null ? a : c.getAnnotation(type);
    }
}
