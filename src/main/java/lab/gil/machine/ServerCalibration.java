package lab.gil.machine;

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
 * The calibrations this server's runs use: measured once, in the background, after the server has started, and
 * the same for the server's life. Runs wait for them.
 *
 * <p>Why not while the server starts: the JIT then compiles the server's own code on every core, and a CPython
 * timed at that moment came out 20.2, 21.5 and 36.0 ns per iteration over three starts (a quiet {@code python3 -S}:
 * 21-23), an error that every absolute time on the page would carry until the next restart.
 */
public final class ServerCalibration {

    /**
     * The longest a run waits for the calibration: a few seconds on a quiet machine, a minute on a very busy one,
     * python3 at most 20 s per probe.
     */
    public static final Duration WAIT_LIMIT = Duration.ofSeconds(180);

    /** Measures the calibrations; called once, on the calibration thread. */
    private final Supplier<Calibrations> measure;
    /** The calibrations, once measured. */
    private final CompletableFuture<Calibrations> result = new CompletableFuture<>();
    /** Set by whoever starts the measurement first: the server being ready, or the first run. */
    private final AtomicBoolean started = new AtomicBoolean();

    private ServerCalibration(Supplier<Calibrations> measure) {
        this.measure = measure;
    }

    /** One calibration known already for every kind, as tests give one. */
    public static ServerCalibration of(Calibration known) {
        return of(Calibrations.same(known));
    }

    /** Calibrations known already. */
    public static ServerCalibration of(Calibrations known) {
        ServerCalibration calibration = new ServerCalibration(() -> known);
        calibration.started.set(true);
        calibration.result.complete(known);
        return calibration;
    }

    /** Calibrations that {@code measure} will find when {@link #startInBackground()} is first called. */
    public static ServerCalibration measuredBy(Supplier<Calibrations> measure) {
        return new ServerCalibration(measure);
    }

    /** Starts measuring on a thread of its own, unless that has started already. */
    public void startInBackground() {
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

    /** Calls {@code action} once the measurement has ended, found or failed (at once if it has). */
    public void whenMeasured(Runnable action) {
        result.whenComplete((calibrations, failure) -> action.run());
    }

    /** The calibrations if they are known already. */
    public Optional<Calibrations> now() {
        return Optional.ofNullable(result.getNow(null));
    }

    /** The calibrations, measuring them first if nobody has started to; waits at most {@link #WAIT_LIMIT}. */
    public Calibrations await() throws InterruptedException {
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
