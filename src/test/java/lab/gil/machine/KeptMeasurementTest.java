package lab.gil.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import lab.gil.interpreter.Calibration;
import lab.gil.interpreter.CopyCost;
import lab.gil.interpreter.PipeCost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A measurement kept in a real file, read back as the next start reads it. What is measured here is counted rather
 * than made (a real one takes 30 s; {@code ClusterIT} shows two real servers sharing one), so that each test can
 * tell whether a start measured.
 */
class KeptMeasurementTest {

    /** Only reached when a server waiting for another's measurement is broken. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Instant NOW = Instant.parse("2026-12-08T02:00:00Z");
    private static final Duration WEEK = Duration.ofDays(7);

    private static final MeasuredFor TWO_CORES = machine(List.of(0, 1));

    @TempDir
    Path data;

    private final AtomicInteger measured = new AtomicInteger();

    private static MeasuredFor machine(List<Integer> cores) {
        return new MeasuredFor("build 1", "OpenJDK 25", List.of("-XX:MaxRAMPercentage=75"), "a CPU", cores, 0, 2,
                true, List.of(new EventLoopSources.Source("gevent", "/usr/bin/python3")), "Python 3.11.7");
    }

    /** A measurement with every part a real one has: charges, copy costs, a kind without a figure (NaN). */
    private static MachineMeasurement.Result result(double threadNs) {
        CopyCost copy = new CopyCost(List.of(CopyCost.Point.ofMiB(1, 2.5), CopyCost.Point.ofMiB(100, 330)));
        Calibration threads = new Calibration(33.6, 12.5, 2.7, Calibration.Source.MEASURED_CPYTHON, "3.11.7",
                Calibration.Charges.NONE, 0.7);
        Calibration processes = threads.withCharges(Calibration.Charges.ofCopies(PipeCost.always(copy),
                PipeCost.always(copy)));
        Calibration greenlets = threads.withCharges(Calibration.Charges.ofGreenlets(15_100, 6_500));
        CPythonCosts cpython = new CPythonCosts("3.11.7", 33.6, 23.5, PipeCost.always(copy), PipeCost.always(copy),
                12.6, 6.5, "gevent 22.10.2");
        return new MachineMeasurement.Result(new Calibrations(threads, processes, greenlets), new double[] {1, 1.93},
                new ServerCosts(cpython, threadNs, Double.NaN, 34.1,
                        Instant.parse("2026-12-08T01:31:11Z")));
    }

    private KeptMeasurement keptFor(Duration keptFor, Instant now) {
        return new KeptMeasurement(Optional.of(data.resolve("machine-measurement.json")), keptFor,
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private Supplier<MachineMeasurement.Result> measuring(double threadNs) {
        return () -> {
            measured.incrementAndGet();
            return result(threadNs);
        };
    }

    @Test
    void aServerStartedAgainOnTheSameMachineRunsWithWhatItMeasuredLastTimeWithoutMeasuring() {
        MachineMeasurement.Result first = keptFor(WEEK, NOW).measureOrReuse(() -> TWO_CORES, measuring(33.9));
        MachineMeasurement.Result again = keptFor(WEEK, NOW.plus(Duration.ofHours(20)))
                .measureOrReuse(() -> TWO_CORES, measuring(99));

        assertThat(measured).as("measured once, at the first start").hasValue(1);
        assertThat(again).usingRecursiveComparison().ignoringFields("costs.processNs").isEqualTo(first);
        assertThat(again.costs().processNs()).as("a kind without a figure stays without one").isNaN();
        assertThat(again.calibrations().greenlets().charges().greenletStartNanos()).isEqualTo(15_100);
    }

    @Test
    void anotherMachineJvmBuildOrCPythonMeasuresAgainAndKeepsItsOwn() {
        keptFor(WEEK, NOW).measureOrReuse(() -> TWO_CORES, measuring(33.9));
        MeasuredFor oneCore = machine(List.of(0));

        MachineMeasurement.Result onOneCore = keptFor(WEEK, NOW).measureOrReuse(() -> oneCore, measuring(35.0));
        MachineMeasurement.Result keptForOneCore = keptFor(WEEK, NOW).measureOrReuse(() -> oneCore, measuring(99));

        assertThat(measured).hasValue(2);
        assertThat(onOneCore.costs().threadNs()).isEqualTo(35.0);
        assertThat(keptForOneCore.costs().threadNs()).isEqualTo(35.0);
    }

    @Test
    void aMeasurementOlderThanItIsKeptForIsMadeAgain() {
        keptFor(WEEK, NOW).measureOrReuse(() -> TWO_CORES, measuring(33.9));

        MachineMeasurement.Result later = keptFor(WEEK, NOW.plus(Duration.ofDays(8)))
                .measureOrReuse(() -> TWO_CORES, measuring(36.0));

        assertThat(measured).hasValue(2);
        assertThat(later.costs().threadNs()).isEqualTo(36.0);
    }

    @Test
    void keptForZeroOrNoFileMeasuresAtEveryStartAndWritesNothing() throws Exception {
        keptFor(Duration.ZERO, NOW).measureOrReuse(() -> TWO_CORES, measuring(33.9));
        keptFor(Duration.ZERO, NOW).measureOrReuse(() -> TWO_CORES, measuring(33.9));
        new KeptMeasurement(Optional.empty(), WEEK, Clock.systemUTC()).measureOrReuse(() -> TWO_CORES, measuring(33.9));

        assertThat(measured).hasValue(3);
        try (var files = Files.list(data)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aTimeOutOfBoundsIsRefusedNamingTheSetting() {
        for (Duration wrong : List.of(Duration.ofDays(-1), Duration.ofDays(31))) {
            assertThatThrownBy(() -> keptFor(wrong, NOW))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("gillab.machine.measurement-kept-for must be between 0s and 30d, not "
                            + wrong.toHours() + "h");
        }
        assertThat(keptFor(Duration.ofDays(30), NOW)).as("the bound itself").isNotNull();
    }

    @Test
    void aFileThatIsNotAMeasurementIsMeasuredPastAndReplaced() throws Exception {
        Files.writeString(data.resolve("machine-measurement.json"), "{\"machine\": 3, half a measur");

        keptFor(WEEK, NOW).measureOrReuse(() -> TWO_CORES, measuring(33.9));
        keptFor(WEEK, NOW).measureOrReuse(() -> TWO_CORES, measuring(99));

        assertThat(measured).as("measured past the broken file, then kept").hasValue(1);
    }

    @Test
    void whereNothingCanBeWrittenTheServerMeasuresAndRuns() throws Exception {
        Path aFile = Files.writeString(data.resolve("not-a-folder"), "");
        KeptMeasurement unwritable = new KeptMeasurement(Optional.of(aFile.resolve("machine-measurement.json")), WEEK,
                Clock.systemUTC());

        MachineMeasurement.Result result = unwritable.measureOrReuse(() -> TWO_CORES, measuring(33.9));

        assertThat(result.costs().threadNs()).isEqualTo(33.9);
        assertThat(measured).hasValue(1);
    }

    @Test
    void aFailedMeasurementIsTheCallersAndIsNotMadeTwice() {
        Supplier<MachineMeasurement.Result> failing = () -> {
            measured.incrementAndGet();
            throw new IllegalStateException("the worker pool closed");
        };

        assertThatThrownBy(() -> keptFor(WEEK, NOW).measureOrReuse(() -> TWO_CORES, failing))
                .hasMessage("the worker pool closed");
        assertThat(measured).hasValue(1);
        assertThat(data.resolve("machine-measurement.json")).doesNotExist();
    }

    @Test
    void twoServersStartingTogetherMeasureOnceAndTheSecondRunsWithTheFirstsMeasurement() throws Exception {
        CountDownLatch firstMeasuring = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        Supplier<MachineMeasurement.Result> slow = () -> {
            measured.incrementAndGet();
            firstMeasuring.countDown();
            try {
                assertThat(releaseFirst.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return result(33.9);
        };
        var first = CompletableFuture.supplyAsync(() -> keptFor(WEEK, NOW).measureOrReuse(() -> TWO_CORES, slow));
        assertThat(firstMeasuring.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("the first measures").isTrue();
        Thread second = new Thread(() -> keptFor(WEEK, NOW).measureOrReuse(() -> TWO_CORES, measuring(99)));
        second.start();
        awaitWaiting(second);

        releaseFirst.countDown();
        second.join(TIMEOUT.toMillis());

        assertThat(first.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).costs().threadNs()).isEqualTo(33.9);
        assertThat(second.isAlive()).isFalse();
        assertThat(measured).as("the second waited and took the first's").hasValue(1);
    }

    /** Until {@code thread} waits for a lock (the first's measurement), at most {@link #TIMEOUT}. */
    private static void awaitWaiting(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (thread.getState() != Thread.State.WAITING) {
            assertThat(System.nanoTime()).as("the second server waits for the first's measurement").isLessThan(deadline);
            Thread.sleep(10); // the thread's state is polled: a lock's waiters announce nothing
        }
    }
}
