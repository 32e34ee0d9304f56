package lab.gil.classroom;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.http.ResponseCookie;

/**
 * Who a student is in their class: a random token in a cookie, whose SHA-256 the database keeps.
 *
 * <p>A cookie rather than the HTTP session alone, because sessions live in one server's memory: after a restart,
 * or on another server of the class, the session is new, but the browser still has the cookie and the database
 * still knows its token. It lasts as long as the browser session, is not readable by scripts, and is sent only to
 * this site's own pages and requests.
 */
final class MemberCookie {

    static final String NAME = "gil-lab-member";
    private static final SecureRandom random = new SecureRandom();

    private MemberCookie() {}

    /** A new token: 256 random bits, URL-safe. */
    static String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** What the database keeps of a token. */
    static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    /** The token the browser sent, if it looks like one of ours. */
    static Optional<String> read(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (NAME.equals(cookie.getName()) && cookie.getValue() != null && cookie.getValue().matches("[A-Za-z0-9_-]{43}")) {
                return Optional.of(cookie.getValue());
            }
        }
        return Optional.empty();
    }

    static void write(HttpServletResponse response, String token, boolean secure) {
        response.addHeader("Set-Cookie", cookie(token, secure).build().toString());
    }

    static void clear(HttpServletResponse response, boolean secure) {
        response.addHeader("Set-Cookie", cookie("", secure).maxAge(0).build().toString());
    }

    private static ResponseCookie.ResponseCookieBuilder cookie(String value, boolean secure) {
        return ResponseCookie.from(NAME, value).path("/").httpOnly(true).secure(secure).sameSite("Lax");
    }
}
