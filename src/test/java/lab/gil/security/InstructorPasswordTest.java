package lab.gil.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Where the instructor's password hash comes from: configuration, or one made once and kept in the data folder. */
class InstructorPasswordTest {

    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    @TempDir
    Path dataDir;

    @Test
    void aConfiguredHashIsUsedAndNothingIsWritten() {
        String hash = InstructorPassword.hash(new InstructorProperties("teacher", TestInstructor.PASSWORD_HASH), dataDir, encoder);
        assertThat(hash).isEqualTo(TestInstructor.PASSWORD_HASH);
        assertThat(encoder.matches(TestInstructor.PASSWORD, hash)).isTrue();
        assertThat(dataDir.resolve(InstructorPassword.FILE_NAME)).doesNotExist();
    }

    @Test
    void withoutAConfiguredHashOneIsMadeOnceKeptOwnerOnlyAndReadAgainAfterARestart() throws Exception {
        InstructorProperties unset = new InstructorProperties("instructor", null);
        String first = InstructorPassword.hash(unset, dataDir, encoder);
        Path kept = dataDir.resolve(InstructorPassword.FILE_NAME);
        assertThat(first).startsWith("{bcrypt}$2a$");
        assertThat(Files.readString(kept).strip()).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kept))).isEqualTo("rw-------");

        String afterRestart = InstructorPassword.hash(unset, dataDir, encoder);
        assertThat(afterRestart).as("a restart keeps the password").isEqualTo(first);
    }

    @Test
    void aMadePasswordIsLongAndFromAnUnambiguousAlphabet() {
        String password = InstructorPassword.generate();
        assertThat(password).hasSize(InstructorPassword.GENERATED_LENGTH).matches("[A-HJ-NP-Za-km-z2-9]+");
        assertThat(InstructorPassword.generate()).isNotEqualTo(password);
    }

    @Test
    void aPlainPasswordOrAWeakSchemeIsRefusedAtStartWithWhatToDo() {
        for (String bad : new String[] {"hunter2", "{noop}hunter2", "{sha256}abc", "{bcrypt}"}) {
            assertThatThrownBy(() -> InstructorPassword.hash(new InstructorProperties("instructor", bad), dataDir, encoder))
                    .as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("GIL_LAB_INSTRUCTOR_PASSWORD_HASH").hasMessageContaining("{bcrypt}");
        }
    }

    @Test
    void aKeptFileThatHoldsNoHashStopsTheStartWithWhatToDo() throws Exception {
        Files.writeString(dataDir.resolve(InstructorPassword.FILE_NAME), "not a hash\n");
        assertThatThrownBy(() -> InstructorPassword.hash(new InstructorProperties("instructor", null), dataDir, encoder))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("delete it");
    }
}
