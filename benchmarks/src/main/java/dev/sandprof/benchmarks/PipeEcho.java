package dev.sandprof.benchmarks;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The child JVM of the raw round-trip reference: reads blocks of N bytes from stdin and writes each
 * back to stdout, until stdin ends. It uses the unbuffered file descriptors, so a block costs one
 * read and one write system call, as a frame does on sandprof's socket.
 *
 * <p>Usage: {@code PipeEcho N}
 */
public final class PipeEcho {

    private PipeEcho() {}

    public static void main(String[] args) throws IOException {
        byte[] block = new byte[Integer.parseInt(args[0])];
        InputStream in = new FileInputStream(FileDescriptor.in);
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        while (in.readNBytes(block, 0, block.length) == block.length) {
            out.write(block);
        }
    }
}
