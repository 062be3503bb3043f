package dev.sandprof.sandbox;

import java.io.BufferedInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The program's {@code System.in}: file descriptor 0 after the launch secret, where the host
 * copies the program's input (or which it closed at once: end of input). Buffered as the JDK's
 * own {@code System.in} is. Before a read of the descriptor that would wait, the program's output
 * is sent: a prompt printed without a newline is shown before the program blocks for its answer,
 * as it is under {@code java}, whose {@code System.out} writes through at once.
 */
final class ProgramInput extends InputStream {

    private final FileInputStream fd = new FileInputStream(FileDescriptor.in);
    private final Runnable sendOutput;

    private ProgramInput(Runnable sendOutput) {
        this.sendOutput = sendOutput;
    }

    /** Makes {@code System.in} read file descriptor 0, sending output first before a read that would wait. */
    static void install(Runnable sendOutput) {
        System.setIn(new BufferedInputStream(new ProgramInput(sendOutput)));
    }

    @Override
    public int read() throws IOException {
        beforeRead();
        return fd.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len > 0) {
            beforeRead();
        }
        return fd.read(b, off, len);
    }

    @Override
    public int available() throws IOException {
        return fd.available();
    }

    @Override
    public void close() throws IOException {
        fd.close();
    }

    private void beforeRead() {
        int ready;
        try {
            ready = fd.available();
        } catch (IOException e) {
            ready = 0; // the read says what is wrong
        }
        if (ready == 0) {
            sendOutput.run();
        }
    }
}
