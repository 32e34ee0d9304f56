package lab.gil.process;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import lab.gil.interpreter.BurnKernel;

/**
 * The main class of a worker process: one emulated CPython interpreter with its own GIL, taking tasks from the
 * server on stdin and answering on stdout in {@link Wire} frames. No Spring: it loads only the interpreter.
 *
 * <p>Invariant: the worker lives exactly as long as its stdin is open. When the server closes it, or dies and the
 * kernel closes it, the worker halts at once, whatever it was doing, so no worker outlives its server.
 */
public final class WorkerMain {

    /** The argument that makes the worker run one small task and exit: the training run of its AOT cache. */
    static final String TRAIN = "--train";

    private WorkerMain() {}

    public static void main(String[] args) {
        if (args.length == 1 && TRAIN.equals(args[0])) {
            TaskHost.train();
            return;
        }
        // stdout carries frames only: anything printed by mistake goes to stderr with the logs.
        DataOutputStream frames = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));
        int status = 0;
        try {
            TaskHost host = new TaskHost(frames);
            // Compiled while the worker waits for its first task, which may start with a long copy charge.
            if (BurnKernel.warmUp() == 0) {
                System.err.println("worker: the kernel reached xorshift's fixed point"); // keeps the result live
            }
            host.send(new Message.Ready(ProcessHandle.current().pid()));
            while (true) {
                // Handled in a method of its own: a local of this loop would keep the last task's arguments
                // reachable (an interpreted frame keeps its locals) while the next message is awaited.
                handle(host, Wire.read(in));
            }
        } catch (EOFException e) {
            // The server closed our stdin (or died): end now.
        } catch (IOException | RuntimeException e) {
            System.err.println("worker " + ProcessHandle.current().pid() + ": " + e);
            status = 2;
        }
        Runtime.getRuntime().halt(status);
    }

    private static void handle(TaskHost host, Wire.Received received) throws IOException {
        Message message = received.message();
        if (message instanceof Message.Sync) {
            host.send(new Message.Clock(System.nanoTime()));
        } else if (message instanceof Message.RunTask task) {
            host.submit(task, received.readNanos());
        } else if (message instanceof Message.QueueItem item) {
            host.queue().answer(item.taken());
        } else {
            throw new IOException("a worker does not accept that message");
        }
    }
}
