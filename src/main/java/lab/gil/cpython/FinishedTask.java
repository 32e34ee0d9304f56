package lab.gil.cpython;

/** One line a generated program prints as a task finishes: which task, and how long it took in seconds. */
public record FinishedTask(int task, double seconds) {}
