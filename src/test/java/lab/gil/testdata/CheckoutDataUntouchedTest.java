package lab.gil.testdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check on the checkout's data folder fails the test class that created it or changed a file in it, and only it. */
class CheckoutDataUntouchedTest {

    @TempDir
    Path checkout;

    @Test
    void aFolderATestCreatedFailsThatTest() throws Exception {
        Path data = checkout.resolve("data");
        CheckoutDataUntouched guard = new CheckoutDataUntouched(data);
        Files.createDirectories(data);
        Files.writeString(data.resolve("instructor-password"), "{bcrypt}...");
        assertThat(guard.check("SomeWebTest")).startsWith("SomeWebTest changed the checkout's data folder")
                .contains("(no folder)").contains("instructor-password");
        assertThat(guard.check("TheNextTest")).as("only the test that changed it fails").isNull();
    }

    @Test
    void aFileRewrittenAtTheSameSizeFailsTheTest() throws Exception {
        Path data = Files.createDirectories(checkout.resolve("data"));
        Path db = Files.writeString(data.resolve("gil-lab.mv.db"), "before");
        Files.setLastModifiedTime(db, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        CheckoutDataUntouched guard = new CheckoutDataUntouched(data);
        Files.writeString(db, "after!");
        assertThat(guard.check("SomeTest")).contains("gil-lab.mv.db");
    }

    @Test
    void aFolderLeftAsItWasPasses() throws Exception {
        Path data = Files.createDirectories(checkout.resolve("data"));
        Files.writeString(data.resolve("instructor-password"), "{bcrypt}...");
        assertThat(new CheckoutDataUntouched(data).check("SomeTest")).isNull();
        assertThat(new CheckoutDataUntouched(checkout.resolve("absent")).check("SomeTest")).isNull();
    }
}
