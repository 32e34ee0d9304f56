package lab.gil.interpreter;

import java.util.function.BooleanSupplier;

/**
 * The queue the {@code put} and {@code get} steps of one run share: an unbounded queue of items, like
 * {@code queue.Queue()} between threads or {@code multiprocessing.Queue()} between processes. Items carry no data
 * here; what matters is who waits for whom.
 */
public interface ItemQueue {

    /** Puts one item; never waits (the queue is unbounded). */
    void put() throws InterruptedException;

    /** Takes one item if there is one, without waiting. */
    boolean tryTake() throws InterruptedException;

    /**
     * Takes one item, waiting while the queue is empty; returns false if {@code cancelled} became true first.
     * The caller has released the GIL, as {@code q.get()} does while it blocks.
     */
    boolean take(BooleanSupplier cancelled) throws InterruptedException;
}
