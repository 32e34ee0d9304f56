package lab.gil.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The hash of the instructor's password: the configured one, or else one kept in the data folder, made (with a
 * strong random password printed once to the log) the first time the server starts without one. A restart reads the
 * kept hash, so the password does not change; the file is readable by its owner only.
 */
final class InstructorPassword {

    static final String FILE_NAME = "instructor-password.hash";
    static final String PROPERTY = "gil-lab.instructor.password-hash (GIL_LAB_INSTRUCTOR_PASSWORD_HASH)";
    /** 20 characters from 56 unambiguous ones: about 116 bits. */
    static final int GENERATED_LENGTH = 20;
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final Logger log = LoggerFactory.getLogger(InstructorPassword.class);

    private InstructorPassword() {}

    /** The configured hash after checking it names a strong scheme, or the kept (or newly made) one. */
    static String hash(InstructorProperties account, Path dataDir, PasswordEncoder encoder) {
        String configured = account.passwordHash();
        if (configured != null && !configured.isBlank()) {
            return PasswordHashes.checked(configured.strip(), PROPERTY);
        }
        return keptOrMade(account.username(), dataDir.resolve(FILE_NAME), encoder);
    }

    private static String keptOrMade(String username, Path file, PasswordEncoder encoder) {
        try {
            if (Files.exists(file)) {
                return readKept(file);
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            String password = generate();
            String hash = encoder.encode(password);
            try {
                writeOwnerOnly(file, hash);
            } catch (FileAlreadyExistsException raced) {
                return readKept(file); // another server on this data folder made one first
            }
            log.warn("""

                    ==================================================================
                    No instructor password was configured, so one was made for you:
                        username: {}
                        password: {}
                    It is shown only now. Its hash is kept in {}
                    (delete that file to make a new one, or set
                    GIL_LAB_INSTRUCTOR_PASSWORD_HASH to use your own).
                    ==================================================================""",
                    username, password, file.toAbsolutePath());
            return hash;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not keep the instructor's password hash in " + file.toAbsolutePath()
                    + " (set gil-lab.data-dir to a writable folder, or GIL_LAB_INSTRUCTOR_PASSWORD_HASH)", e);
        }
    }

    private static String readKept(Path file) throws IOException {
        String hash = Files.readString(file, StandardCharsets.UTF_8).strip();
        try {
            return PasswordHashes.checked(hash, file.toAbsolutePath().toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file.toAbsolutePath() + " does not hold a password hash; delete it to make "
                    + "a new password.", e);
        }
    }

    private static void writeOwnerOnly(Path file, String hash) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        Files.writeString(file, hash + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }

    static String generate() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder(GENERATED_LENGTH);
        for (int i = 0; i < GENERATED_LENGTH; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
