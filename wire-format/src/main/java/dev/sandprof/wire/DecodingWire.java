package dev.sandprof.wire;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.BinaryWire;

/**
 * Chronicle's binary wire as {@code WireType.BINARY_LIGHT} makes it, with a scratch buffer for
 * field names and short strings that cannot grow past a bound.
 *
 * <p>Chronicle reuses one {@link StringBuilder} for every field name and short string of a frame.
 * Reading an 8-bit field name into it marks it Latin-1 without converting its array, so after a
 * string beyond Latin-1 has made the array two bytes a character, the next such string inflates it
 * again from twice the size: the buffer doubles at each one. Some 26 stack frames whose method is
 * named {@code m☃} took a 1 GiB heap to {@code OutOfMemoryError} (found by WireCodecPropertyTest,
 * kept in WireCodecTest). Here a buffer that has grown past
 * {@link #SCRATCH_CHARS} is dropped for a new one, so each string costs at most its own length
 * plus that bound.
 */
final class DecodingWire extends BinaryWire {

    /** The largest scratch buffer kept from one string to the next, in characters. */
    static final int SCRATCH_CHARS = 1 << 12;

    private StringBuilder scratch = new StringBuilder();

    DecodingWire(Bytes<?> bytes) {
        // The arguments of BinaryWire.binaryOnly, which WireType.BINARY_LIGHT uses.
        super(bytes, false, false, false, Integer.MAX_VALUE, "binary", false);
    }

    @Override
    protected StringBuilder acquireStringBuilder() {
        if (scratch.capacity() > SCRATCH_CHARS) {
            scratch = new StringBuilder();
        }
        scratch.setLength(0);
        return scratch;
    }
}
