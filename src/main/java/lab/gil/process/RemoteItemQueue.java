package lab.gil.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import lab.gil.interpreter.ItemQueue;

/**
 * A worker's view of its run's queue, which lives in the server, as a {@code multiprocessing.Queue} lives in a
 * pipe between processes: a put is a message that needs no answer; a take asks the server and waits for the item.
 *
 * <p>Invariant: at most one take is outstanding, because a worker has one Python thread; its answer arrives through
 * {@link #answer}, called by the worker's main thread, which reads stdin.
 */
final class RemoteItemQueue implements ItemQueue {

    /** Sends a message to the server. */
    interface Sender {
        void send(Message message) throws IOException;
    }

    /** How often a waiting take looks at cancellation. */
    private static final long CANCEL_POLL_MILLIS = 2;

    private final Sender sender;
    /** The server's answers to takes; one at most is ever waiting. */
    private final BlockingQueue<Boolean> answers = new ArrayBlockingQueue<>(1);

    RemoteItemQueue(Sender sender) {
        this.sender = sender;
    }

    @Override
    public void put() {
        send(new Message.QueuePut());
    }

    /** Always asks the server: there is no local copy of the queue to look at. */
    @Override
    public boolean tryTake() {
        return false;
    }

    @Override
    public boolean take(BooleanSupplier cancelled) throws InterruptedException {
        send(new Message.QueueTake());
        while (true) {
            Boolean taken = answers.poll(CANCEL_POLL_MILLIS, TimeUnit.MILLISECONDS);
            if (taken != null) {
                return taken;
            }
            if (cancelled.getAsBoolean()) {
                return false;
            }
        }
    }

    /** The server's answer to the outstanding take. */
    void answer(boolean taken) {
        if (!answers.offer(taken)) {
            throw new IllegalStateException("the server answered a take nobody asked for");
        }
    }

    private void send(Message message) {
        try {
            sender.send(message);
        } catch (IOException e) {
            throw new UncheckedIOException("the server has gone", e);
        }
    }
}
