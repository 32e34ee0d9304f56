package lab.gil.security;

import java.util.Set;

/** Checks a configured password hash before the server trusts it, so a mistake stops the start with a message. */
final class PasswordHashes {

    /**
     * Schemes a configured hash may use: slow, salted ones (never {@code {noop}} or a bare digest) that this server can
     * check without extra libraries ({@code {argon2}} and {@code {scrypt}} would need BouncyCastle).
     */
    static final Set<String> STRONG_SCHEMES = Set.of("bcrypt", "pbkdf2", "pbkdf2@SpringSecurity_v5_8");

    private PasswordHashes() {}

    /** The hash, after checking it names a strong scheme; {@code source} says where it came from, for the message. */
    static String checked(String hash, String source) {
        int end = hash.indexOf('}');
        String scheme = hash.startsWith("{") && end > 0 ? hash.substring(1, end) : "";
        if (!STRONG_SCHEMES.contains(scheme) || end == hash.length() - 1) {
            throw new IllegalArgumentException(source + " must be a {bcrypt} (or {pbkdf2}) hash, for example "
                    + "{bcrypt}$2a$12$...; the README says how to make one.");
        }
        return hash;
    }
}
