package lab.gil.security;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/**
 * Prints the {@code {bcrypt}} hash of a password, for {@code GIL_LAB_INSTRUCTOR_PASSWORD_HASH}. The password is read
 * from the terminal without echo (or from standard input), never from the command line, where it would stay in the
 * shell's history.
 */
public final class HashPassword {

    /** Shorter passwords are refused: the hash would not protect them. */
    static final int MIN_LENGTH = 12;

    private HashPassword() {}

    public static void main(String[] args) throws IOException {
        Console console = System.console();
        String password = console != null && console.isTerminal()
                ? new String(console.readPassword("Instructor password (at least %d characters): ", MIN_LENGTH))
                : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (password == null || password.length() < MIN_LENGTH) {
            System.err.println("A password needs at least " + MIN_LENGTH + " characters.");
            System.exit(2);
        }
        System.out.println(PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(password));
    }
}
