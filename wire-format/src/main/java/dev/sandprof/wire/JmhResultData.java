package dev.sandprof.wire;

import net.openhft.chronicle.wire.SelfDescribingMarshallable;

/**
 * One of JMH's {@code Result}s as data: its class by simple name, role, label, unit and
 * aggregation policy, and its one value, or a sample buffer's non-zero cells as (bucket, cell,
 * count) triples with the output unit, or a text result's output.
 */
public final class JmhResultData extends SelfDescribingMarshallable {

    private String kind;
    private String role;
    private String label;
    private String unit;
    private String policy;
    private double value;
    private long[] cells = new long[0];
    private String text;
    private String timeUnit;

    private JmhResultData() {}

    public JmhResultData(String kind, String role, String label, String unit, String policy, double value, long[] cells,
                         String text, String timeUnit) {
        this.kind = kind;
        this.role = role;
        this.label = label;
        this.unit = unit;
        this.policy = policy;
        this.value = value;
        this.cells = cells == null ? new long[0] : cells.clone();
        this.text = text;
        this.timeUnit = timeUnit;
    }

    public String kind() {
        return kind;
    }

    public String role() {
        return role;
    }

    public String label() {
        return label;
    }

    public String unit() {
        return unit;
    }

    public String policy() {
        return policy;
    }

    public double value() {
        return value;
    }

    public long[] cells() {
        return cells.clone();
    }

    public String text() {
        return text;
    }

    public String timeUnit() {
        return timeUnit;
    }
}
