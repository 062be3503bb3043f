package dev.sandprof.wire;

import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.wire.SelfDescribingMarshallable;

/**
 * One {@code @Param} field of a benchmark: its name and declared values. A class of its own, not a
 * map entry: Chronicle writes a map's keys as field names, in 8 bits, so a name outside Latin-1 came
 * back mangled (found by {@code WireCodecPropertyTest}).
 */
public final class BenchmarkParam extends SelfDescribingMarshallable {

    private String name;
    private List<String> values = new ArrayList<>();

    public BenchmarkParam(String name, List<String> values) {
        this.name = name;
        this.values = new ArrayList<>(values);
    }

    public String name() {
        return name;
    }

    public List<String> values() {
        return List.copyOf(values);
    }
}
