package lab.gil.run.calibration;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import lab.gil.interpreter.Calibration;

/**
 * The calibration this server's runs use: measured once, in the background, after the server has started, and
 * the same for the server's life. Runs wait for it.
 *
 * <p>Why not while the server starts: the JIT then compiles the server's own code on every core, and a CPython
 * timed at that moment came out 20.2, 21.5 and 36.0 ns per iteration over three starts (a quiet {@code python3 -S}:
 * 21-23), an error that every absolute time on the page would carry until the next restart.
 */
public final class ServerCalibration {

    /** The longest a run waits for the calibration: about a second, seconds on a busy machine, python3 at most 20. */
    static final Duration WAIT_LIMIT = Duration.ofSeconds(60);

    /** Measures the calibration; called once, on the calibration thread. */
    private final Supplier<Calibration> measure;
    /** The calibration, once measured. */
    private final CompletableFuture<Calibration> result = new CompletableFuture<>();
    /** Set by whoever starts the measurement first: the server being ready, or the first run. */
    private final AtomicBoolean started = new AtomicBoolean();

    private ServerCalibration(Supplier<Calibration> measure) {
        this.measure = measure;
    }

    /** A calibration known already, as tests give one. */
    public static ServerCalibration of(Calibration known) {
        ServerCalibration calibration = new ServerCalibration(() -> known);
        calibration.started.set(true);
        calibration.result.complete(known);
        return calibration;
    }

    /** A calibration that {@code measure} will find when {@link #startInBackground()} is first called. */
    public static ServerCalibration measuredBy(Supplier<Calibration> measure) {
        return new ServerCalibration(measure);
    }

    /** Starts measuring on a thread of its own, unless that has started already. */
    void startInBackground() {
        if (started.compareAndSet(false, true)) {
            Thread.ofPlatform().daemon().name("calibration").start(() -> {
                try {
                    result.complete(measure.get());
                } catch (RuntimeException | Error e) {
                    result.completeExceptionally(e);
                }
            });
        }
    }

    /** The calibration if it is known already. */
    public Optional<Calibration> now() {
        return Optional.ofNullable(result.getNow(null));
    }

    /** The calibration, measuring it first if nobody has started to; waits at most {@link #WAIT_LIMIT}. */
    public Calibration await() throws InterruptedException {
        startInBackground();
        try {
            return result.get(WAIT_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the calibration failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the calibration took longer than " + WAIT_LIMIT.toSeconds() + " s", e);
        }
    }
}
