package lab.gil.run;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import lab.gil.program.Step;
import lab.gil.program.TaskProgram;

/** Runs task programs as plain Java with no GIL: real CPU loops and real waits. */
final class PlainJavaRuntime implements TaskRuntime {

    /** Rounds of the mixing kernel one emulated loop iteration costs, about one CPython countdown iteration. */
    private static final int ROUNDS_PER_ITERATION = 40;
    private static final int CANCEL_CHECK_EVERY = 4096;

    @Override
    public Worker attach(int index) {
        return new PlainWorker();
    }

    private static final class PlainWorker implements Worker {
        /** Iterations done, written by the worker, read by the observer. */
        private final AtomicLong iterations = new AtomicLong();
        /** Keeps the kernel's result alive so that the JIT cannot remove the loop. */
        private long sink = 1;

        @Override
        public void run(TaskProgram program, BooleanSupplier cancelled) throws InterruptedException {
            for (Step step : program.steps()) {
                switch (step) {
                    case Step.Cpu cpu -> burn(cpu.iterations(), cancelled);
                    case Step.Io io -> TimeUnit.NANOSECONDS.sleep(io.duration().toNanos());
                    default -> throw new UnsupportedOperationException(step.text());
                }
                if (cancelled.getAsBoolean()) {
                    return;
                }
            }
        }

        private void burn(long n, BooleanSupplier cancelled) {
            long x = sink;
            long before = iterations.getPlain();
            long i = 0;
            while (i < n) {
                for (int r = 0; r < ROUNDS_PER_ITERATION; r++) {
                    x ^= x << 13;
                    x ^= x >>> 7;
                    x ^= x << 17;
                }
                i++;
                if ((i & (CANCEL_CHECK_EVERY - 1)) == 0) {
                    iterations.setOpaque(before + i);
                    if (cancelled.getAsBoolean()) {
                        break;
                    }
                }
            }
            iterations.setOpaque(before + i);
            sink = x;
        }

        @Override
        public long cpuIterationsDone() {
            return iterations.getOpaque();
        }

        @Override
        public void detach() {}
    }
}
