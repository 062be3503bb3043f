package dev.sandprof.sandbox.stub;

import java.util.Arrays;

/**
 * The sampled call times of one thread in one iteration, kept the way JMH keeps them: calls are
 * picked at random (a mask on a linear congruential sequence), and when the buffer fills, every
 * other sample is dropped and the mask widens, so that the samples stay spread over the whole
 * iteration in bounded memory.
 */
public final class SampleBuffer {

    private final long[] samples;
    private int size;

    public SampleBuffer(int capacity) {
        samples = new long[capacity];
    }

    /**
     * Adds a sample; returns the sampling mask to use from now on ({@code mask} widened by one bit
     * when the buffer had to be halved).
     */
    public int add(long nanos, int mask) {
        if (size == samples.length) {
            for (int i = 0; i < size / 2; i++) {
                samples[i] = samples[2 * i];
            }
            size /= 2;
            mask = (mask << 1) | 1;
        }
        samples[size++] = nanos;
        return mask;
    }

    public long[] samples() {
        return Arrays.copyOf(samples, size);
    }
}
