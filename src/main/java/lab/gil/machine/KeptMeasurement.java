package lab.gil.machine;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.convert.DurationStyle;
import tools.jackson.databind.json.JsonMapper;

/**
 * A machine measurement kept in a file (by default {@code machine-measurement.json} in the data folder), for as long
 * as {@code gillab.machine.measurement-kept-for} says and only for the machine, JVM, build and CPython it was made
 * for ({@link MeasuredFor}).
 *
 * <p>Why: the measurement takes 25-45 s of both cores after every start, and meanwhile the first run waits
 * ("Calibrating") and a server of a cluster claims no run. A server restarted in front of a class answers its first
 * run at once with what it measured at its last start. Servers that share the file on one machine (a compose stack
 * on one host) measure it once between them, one after the other, rather than each at once on the same cores,
 * where each measured the other's measuring.
 *
 * <p>A measurement is made and written under a lock on {@code <file>.lock} (the operating system's, between
 * processes; this JVM's, between its servers), so that a server that finds the file being made waits for it.
 * A file that cannot be read, written or locked is measured past with a warning: keeping is a saving, never a
 * condition for running.
 */
final class KeptMeasurement {

    private static final Logger log = LoggerFactory.getLogger(KeptMeasurement.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The lock of each file within this JVM: the operating system's lock is the process's, not a thread's. */
    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    /** What the file holds: the measurement (which says when it was made) and what it holds for. */
    record Kept(MeasuredFor machine, MachineMeasurement.Result result) {

        /** A file without the measurement's time holds no usable measurement. */
        Kept {
            Objects.requireNonNull(result.costs().measuredAt(), "the measurement's time");
        }

        Instant measuredAt() {
            return result.costs().measuredAt();
        }
    }

    /**
     * The longest a measurement is kept: a host's neighbours, a laptop's power plan or an updated kernel change what
     * the same machine does, and nothing else would tell.
     */
    static final Duration LONGEST = Duration.ofDays(30);

    /** Where the measurement is kept; empty when it is not. */
    private final Optional<Path> file;
    private final Duration keptFor;
    private final Clock clock;

    /**
     * @param file    where to keep it; empty to measure at every start
     * @param keptFor how long a kept measurement is used; zero to measure at every start
     */
    KeptMeasurement(Optional<Path> file, Duration keptFor, Clock clock) {
        if (keptFor.isNegative() || keptFor.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("gillab.machine.measurement-kept-for must be between 0s and 30d, not "
                    + DurationStyle.SIMPLE.print(keptFor, java.time.temporal.ChronoUnit.HOURS));
        }
        this.file = file.map(p -> p.toAbsolutePath().normalize());
        this.keptFor = keptFor;
        this.clock = clock;
    }

    /**
     * The measurement kept for {@code machine} when there is one young enough, else {@code measure}'s, kept for the
     * next start.
     */
    MachineMeasurement.Result measureOrReuse(Supplier<MeasuredFor> machine,
                                             Supplier<MachineMeasurement.Result> measure) {
        if (file.isEmpty() || keptFor.isZero()) {
            return measure.get();
        }
        Path path = file.get();
        MeasuredFor here;
        FileChannel lockFile;
        try {
            here = machine.get();
            lockFile = openLock(path);
        } catch (IOException | RuntimeException cannotKeep) {
            return withoutKeeping(path, cannotKeep, measure);
        }
        ReentrantLock inThisJvm = LOCKS.computeIfAbsent(path, p -> new ReentrantLock());
        inThisJvm.lock();
        MachineMeasurement.Result answer = null; // kept through a lock that fails to close
        try (lockFile; FileLock ignored = lock(lockFile, path)) {
            Optional<Kept> kept = read(path);
            if (kept.isPresent() && kept.get().machine().equals(here)) {
                Duration age = Duration.between(kept.get().measuredAt(), clock.instant());
                if (!age.isNegative() && age.compareTo(keptFor) < 0) {
                    log.info("The machine measurement made {} ago is this server's (same cores, JVM, build and CPython,"
                                    + " kept in {}): no measuring; delete the file, or set"
                                    + " gillab.machine.measurement-kept-for=0, to measure again", shortly(age), path);
                    answer = kept.get().result();
                    return answer;
                }
                log.info("The machine measurement kept in {} is {} old: measuring again", path, shortly(age));
            } else if (kept.isPresent()) {
                log.info("The machine measurement kept in {} was made for another machine, JVM, build or CPython:"
                        + " measuring again", path);
            }
            answer = measure.get(); // a failure is the caller's, as without keeping
            keep(path, new Kept(here, answer));
            return answer;
        } catch (IOException cannotLock) {
            return answer != null ? answer : withoutKeeping(path, cannotLock, measure);
        } finally {
            inThisJvm.unlock();
        }
    }

    private static MachineMeasurement.Result withoutKeeping(Path path, Exception cannotKeep,
                                                            Supplier<MachineMeasurement.Result> measure) {
        log.warn("The machine measurement cannot be kept in {} ({}): measuring without keeping it", path,
                cannotKeep.toString());
        return measure.get();
    }

    private static FileChannel openLock(Path path) throws IOException {
        Files.createDirectories(path.getParent());
        return FileChannel.open(path.resolveSibling(path.getFileName() + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
    }

    /** Waits for whoever else is measuring into the file: at most their measurement's own limits. */
    private static FileLock lock(FileChannel lockFile, Path path) throws IOException {
        FileLock free = lockFile.tryLock();
        if (free != null) {
            return free;
        }
        log.info("Another server is measuring this machine into {}: waiting for its measurement", path);
        return lockFile.lock();
    }

    /** What the file holds; empty when there is none, or what it holds is not a measurement (it is then replaced). */
    private static Optional<Kept> read(Path path) {
        try {
            return Optional.of(JSON.readValue(Files.readString(path), Kept.class));
        } catch (NoSuchFileException none) {
            return Optional.empty();
        } catch (IOException | RuntimeException unreadable) {
            log.warn("The machine measurement kept in {} cannot be read ({}): measuring again", path,
                    unreadable.getMessage());
            return Optional.empty();
        }
    }

    /** Written whole or not at all (a server reading it never sees half of it); a failure is only warned of. */
    private static void keep(Path path, Kept kept) {
        Path written = path.resolveSibling(path.getFileName() + ".new");
        try {
            Files.writeString(written, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(kept));
            Files.move(written, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            log.info("The machine measurement is kept in {} for the next start", path);
        } catch (IOException | RuntimeException e) {
            log.warn("The machine measurement could not be kept in {} ({}): the next start measures again", path,
                    e.toString());
        }
    }

    private static String shortly(Duration age) {
        return age.toHours() >= 1 ? age.toHours() + " h " + age.toMinutesPart() + " min"
                : age.toMinutes() + " min " + age.toSecondsPart() + " s";
    }
}
