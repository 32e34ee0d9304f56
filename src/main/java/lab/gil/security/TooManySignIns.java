package lab.gil.security;

import java.time.Duration;
import org.springframework.security.core.AuthenticationException;

/** A sign-in refused before its password was looked at, because too many failed just before it. */
final class TooManySignIns extends AuthenticationException implements SignInController.ClearMessage {

    TooManySignIns(Duration wait) {
        super("Too many sign-in attempts. Wait " + Math.max(1, (wait.toMillis() + 999) / 1000)
                + " s, then try again.");
    }
}
