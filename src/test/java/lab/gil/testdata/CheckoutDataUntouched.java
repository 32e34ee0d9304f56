package lab.gil.testdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails the test class after which the checkout's data folder ({@code ./data}) is no longer what it was when the
 * test run began: created, or a file in it added, removed or written. A newcomer who runs {@code ./mvnw verify} first
 * and {@code ./mvnw spring-boot:run} second must still be shown the instructor password the app generates there.
 * Every test class gets it (registered in {@code META-INF/services}, switched on in {@code junit-platform.properties});
 * after one failure the folder as it then is becomes the reference, so that only the class that changed it fails.
 */
public final class CheckoutDataUntouched implements AfterAllCallback {

    /** The checkout's own data folder: Maven runs the tests in the project's folder. */
    static final Path CHECKOUT_DATA = Path.of(TestDataFolder.CHECKOUTS_OWN);

    private final Path folder;
    /** What the folder held when the test run began, or after the last change reported; guarded by this. */
    private List<String> reference;

    /** Made once per test run, when the test engine starts: the folder's contents then are the reference. */
    public CheckoutDataUntouched() {
        this(CHECKOUT_DATA);
    }

    CheckoutDataUntouched(Path folder) {
        this.folder = folder;
        this.reference = contents(folder);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        String failure = check(context.getDisplayName());
        if (failure != null) {
            throw new AssertionError(failure);
        }
    }

    /** Why {@code testName} fails, if the folder changed since the reference; null if it did not. */
    synchronized String check(String testName) {
        List<String> now = contents(folder);
        String change = change(reference, now);
        reference = now;
        return change == null ? null : testName + " changed the checkout's data folder "
                + folder.toAbsolutePath().normalize() + ": " + change + ". Every test must use a data folder of its"
                + " own (gil-lab.data-dir; an application context a test starts gets one under "
                + TestDataFolder.TEST_DATA + " by itself). If the app ran from this checkout meanwhile, that was the"
                + " change: run the tests again.";
    }

    /** What {@code folder} holds, one line per file ("path size time-of-change"), sorted; or a line saying it is absent. */
    static List<String> contents(Path folder) {
        if (!Files.exists(folder)) {
            return List.of("(no folder)");
        }
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                if (attributes.isRegularFile()) {
                    lines.add(folder.relativize(file) + " " + attributes.size() + " " + attributes.lastModifiedTime());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + folder.toAbsolutePath(), e);
        }
        return lines.isEmpty() ? List.of("(empty folder)") : lines;
    }

    /** How two listings differ, in words; null when they are the same. */
    static String change(List<String> before, List<String> after) {
        if (before.equals(after)) {
            return null;
        }
        List<String> was = before.stream().filter(line -> !after.contains(line)).toList();
        List<String> is = after.stream().filter(line -> !before.contains(line)).toList();
        return "it held " + was + ", and now holds " + is;
    }
}
