package lab.gil.lesson;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import lab.gil.machine.CpuAllowance;
import lab.gil.machine.MachineFacts;
import lab.gil.machine.ServerMachine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The lessons in the lessons folder, kept current while instructors edit them.
 *
 * <p>Readers always see one consistent, immutable snapshot. On access, at most once per {@link #CHECK_INTERVAL},
 * the folder's file names, modification times and sizes are compared with the snapshot's; when they differ the
 * folder is loaded again and the new snapshot published. Files that cannot be loaded are logged and listed in
 * {@link #problems()}; they never hide the other lessons.
 */
@Component
public class LessonCatalog {

    /** How long a snapshot is trusted before the folder is looked at again. */
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(LessonCatalog.class);

    /** Reads the folder's files into snapshots. */
    private final LessonFolderLoader loader;
    /** The run engine's preset checks, looked up at each load; may supply null when there are none. */
    private final Supplier<PresetValidator> presetValidator;
    /** This server's figures for the lessons' placeholders, now. */
    private final Supplier<Map<String, Double>> figures;
    /** Nanoseconds between folder checks. */
    private final long checkIntervalNanos;
    /** Monotonic clock, {@link System#nanoTime()} outside tests. */
    private final LongSupplier nanoClock;
    /** Held by the one thread checking or reloading the folder; readers never wait for it. */
    private final ReentrantLock reloadLock = new ReentrantLock();
    /** The current lessons, replaced whole on reload. */
    private volatile CatalogSnapshot snapshot;

    @Autowired
    public LessonCatalog(LessonProperties properties, ObjectProvider<PresetValidator> presetValidators,
                         ObjectProvider<ServerMachine> machine) {
        this(properties.folder(), presetValidators::getIfAvailable, figuresOf(machine.getIfAvailable()),
                CHECK_INTERVAL, System::nanoTime);
    }

    /** A catalog whose placeholders read this machine's figures before anything is measured. */
    LessonCatalog(Path folder, Supplier<PresetValidator> presetValidator, Duration checkInterval,
                  LongSupplier nanoClock) {
        this(folder, presetValidator, figuresOf(null), checkInterval, nanoClock);
    }

    LessonCatalog(Path folder, Supplier<PresetValidator> presetValidator, Supplier<Map<String, Double>> figures,
                  Duration checkInterval, LongSupplier nanoClock) {
        this.loader = new LessonFolderLoader(folder);
        this.presetValidator = presetValidator;
        this.figures = figures;
        this.checkIntervalNanos = checkInterval.toNanos();
        this.nanoClock = nanoClock;
        this.snapshot = load(FolderStamp.of(folder), nanoClock.getAsLong());
    }

    /** Every lesson that loaded, sorted by order, then id. */
    public List<Lesson> lessons() {
        return current().lessons();
    }

    /** The lesson with this id, if it loaded. */
    public Optional<Lesson> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(current().byId().get(id));
    }

    /** The files that could not be loaded and why, sorted by file name. */
    public List<LessonProblem> problems() {
        return current().problems();
    }

    /** The figures of {@code machine}, or of this machine unmeasured when the server has none (a web slice). */
    private static Supplier<Map<String, Double>> figuresOf(ServerMachine machine) {
        if (machine != null) {
            return () -> machine.facts().figures();
        }
        Map<String, Double> unmeasured = MachineFacts.unmeasured(CpuAllowance.ofThisProcess(),
                Runtime.getRuntime().availableProcessors()).figures();
        return () -> unmeasured;
    }

    private CatalogSnapshot current() {
        CatalogSnapshot seen = snapshot;
        long now = nanoClock.getAsLong();
        if (now - seen.checkedAt() < checkIntervalNanos || !reloadLock.tryLock()) {
            return seen; // fresh enough, or another thread is checking right now
        }
        try {
            CatalogSnapshot latest = snapshot;
            if (now - latest.checkedAt() < checkIntervalNanos) {
                return latest; // checked by another thread while this one reached the lock
            }
            FolderStamp stamp = FolderStamp.of(loader.folder());
            boolean same = stamp.equals(latest.stamp()) && figures.get().equals(latest.figures());
            snapshot = same ? latest.checkedAgainAt(now) : load(stamp, now);
            return snapshot;
        } finally {
            reloadLock.unlock();
        }
    }

    private CatalogSnapshot load(FolderStamp stamp, long now) {
        PresetValidator validator = presetValidator.get();
        LessonParser parser = new LessonParser(validator == null ? PresetValidator.ACCEPT_ALL : validator,
                figures.get());
        CatalogSnapshot loaded = loader.load(stamp, parser, now);
        log.info("Loaded {} lessons from {}", loaded.lessons().size(), loader.folder().toAbsolutePath());
        loaded.problems().forEach(p -> log.warn("Lesson not loaded from {}: {}", p.fileName(), p.reason()));
        return loaded;
    }
}
