package lab.gil.classroom;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Join codes: short, read off a projector and typed on a phone. Six characters from 32 that cannot be mistaken for
 * one another (no 0/O, no 1/I), so about a billion codes; random, so that nobody can guess the next class's code.
 */
final class JoinCodes {

    static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    static final int LENGTH = 6;
    private static final Pattern CODE = Pattern.compile("[" + ALPHABET + "]{" + LENGTH + "}");
    /** What a student may type around a code: spaces and dashes, as in "K7M 2QX" or "K7M-2QX". */
    private static final Pattern SEPARATORS = Pattern.compile("[\\s-]+");

    private final SecureRandom random = new SecureRandom();

    String next() {
        char[] code = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            code[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(code);
    }

    /** The code a student meant, upper case without separators; empty when what they typed cannot be a code. */
    static Optional<String> normalize(String typed) {
        if (typed == null || typed.length() > 40) {
            return Optional.empty();
        }
        String code = SEPARATORS.matcher(typed.strip()).replaceAll("").toUpperCase(Locale.ROOT);
        return CODE.matcher(code).matches() ? Optional.of(code) : Optional.empty();
    }
}
