package dev.sandprof.sandbox;

import java.io.BufferedInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The program's {@code System.in}: file descriptor 0 after the launch secret, where the host
 * copies the program's input (or which it closed at once: end of input). Buffered as the JDK's
 * own {@code System.in} is. Before a read of the descriptor that would wait, the program's output
 * is sent: a prompt printed without a newline is shown before the program blocks for its answer,
 * as it is under {@code java}, whose {@code System.out} writes through at once. The first read
 * tells the host that input is wanted: a host at a terminal sends none until then.
 */
final class ProgramInput extends InputStream {

    private final FileInputStream fd = new FileInputStream(FileDescriptor.in);
    private final Runnable sendOutput;
    private final AtomicBoolean asked = new AtomicBoolean();
    private final Runnable askForInput;

    private ProgramInput(Runnable sendOutput, Runnable askForInput) {
        this.sendOutput = sendOutput;
        this.askForInput = askForInput;
    }

    /**
     * Makes {@code System.in} read file descriptor 0, sending output first before a read that would wait.
     *
     * @param askForInput sends the host {@link dev.sandprof.wire.InputWanted}; run once, at the first read
     */
    static void install(Runnable sendOutput, Runnable askForInput) {
        System.setIn(new BufferedInputStream(new ProgramInput(sendOutput, askForInput)));
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
        if (!asked.get() && asked.compareAndSet(false, true)) {
            sendOutput.run(); // what was printed first comes first
            askForInput.run();
            return;
        }
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
